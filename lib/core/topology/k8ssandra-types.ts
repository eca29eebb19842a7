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

/** A reference to a Secret, by name and optionally one of its keys. */
export interface NameRef {
  /** Name of the Secret, in the namespace of the referring object. */
  name: string;
  /**
   * Key within the Secret.
   * @default - the key the consumer expects
   */
  key?: string;
}

/** One datacenter of a K8ssandraCluster's `spec.cassandra.datacenters`, as this library writes it. */
export interface K8ssandraDatacenterJson {
  /** Name of the datacenter; its namespace only where it differs from the K8ssandraCluster's. */
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  /**
   * The ClientConfig (the data plane's name) of the cluster the DC runs in.
   * @default - the K8ssandraCluster's own cluster
   */
  k8sContext?: string;
  /** Number of Cassandra nodes. */
  size: number;
  /**
   * Whether the DC's nodes are scaled to zero, keeping their volumes.
   * @default false
   */
  stopped?: boolean;
  /**
   * Server version of the DC, where it differs from the cluster's.
   * @default - the cluster's serverVersion
   */
  serverVersion?: string;
  /** Racks, each pinned to its zone by node affinity labels. */
  racks: Array<{ name: string; nodeAffinityLabels: Record<string, string> }>;
  /**
   * Volume claim of the DC's nodes, where it differs from the cluster's.
   * @default - the cluster's storageConfig
   */
  storageConfig?: { cassandraDataVolumeClaimSpec: Record<string, unknown> };
  /**
   * Container resources, where they differ from the cluster's.
   * @default - the cluster's resources
   */
  resources?: Record<string, unknown>;
  /**
   * Cassandra and JVM configuration, where it differs from the cluster's.
   * @default - the cluster's config
   */
  config?: Record<string, unknown>;
}

/** A K8ssandraCluster as this library writes it: the subset of upstream's schema it uses. */
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
