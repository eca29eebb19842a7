/**
 * JSON shapes of the upstream objects we emit, with upstream's field names. The generated
 * bindings in imports/ rename snake_case fields and wrap quantities in classes for
 * `toJson()`, so they cannot type plain objects; these cover the subset we write, and the
 * conformance tests check it against the CRD schemas.
 */
import type { KubeObject } from '../kube-object';

export const K8SSANDRA_API_VERSION = 'k8ssandra.io/v1alpha1';
export const CONTROL_API_VERSION = 'control.k8ssandra.io/v1alpha1';
export const MEDUSA_API_VERSION = 'medusa.k8ssandra.io/v1alpha1';

export interface NameRef {
  name: string;
  key?: string;
}

export interface K8ssandraDatacenterJson {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  k8sContext?: string;
  size: number;
  stopped?: boolean;
  serverVersion?: string;
  racks: Array<{ name: string; nodeAffinityLabels: Record<string, string> }>;
  storageConfig?: { cassandraDataVolumeClaimSpec: Record<string, unknown> };
  resources?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export interface K8ssandraClusterJson extends KubeObject {
  /** Always 'K8ssandraCluster'. */
  kind: 'K8ssandraCluster';
  /** The parts of upstream's K8ssandraCluster spec this library writes. */
  spec: {
    auth: boolean;
    cassandra: {
      clusterName: string;
      serverType: string;
      serverVersion: string;
      superuserSecretRef?: NameRef;
      storageConfig?: { cassandraDataVolumeClaimSpec: Record<string, unknown> };
      resources?: Record<string, unknown>;
      config?: Record<string, unknown>;
      softPodAntiAffinity?: boolean;
      telemetry?: Record<string, unknown>;
      serverEncryptionStores?: Record<string, NameRef>;
      clientEncryptionStores?: Record<string, NameRef>;
      additionalSeeds?: string[];
      datacenters: K8ssandraDatacenterJson[];
    };
    externalDatacenters?: string[];
    reaper?: Record<string, unknown>;
    medusa?: Record<string, unknown>;
  };
}
