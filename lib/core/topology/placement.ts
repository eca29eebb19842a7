import { componentLabels } from '../labels';
import { dcReplicationAnnotations } from './dc-replication';
import { effectiveRacks, ZONE_LABEL } from './effective';
import { k8sContextOf, k8ssandraControlPlane } from './k8ssandra-control-plane';
import { K8SSANDRA_API_VERSION, type K8ssandraClusterJson, type K8ssandraDatacenterJson, type NameRef } from './k8ssandra-types';
import type { CassandraClusterSpec, CassandraConfig, DatacenterSpec, EncryptionStores, MedusaSpec, SecretKeyRef, StorageSpec } from './model';
import type { ControlPlaneSpec, DataPlaneSpec } from '../model/platform';
import type { ResourceRequirements } from '../model/resources';

/**
 * Annotations that keep GitOps tools from pruning a retained cluster (Flux, Argo CD). Argo
 * CD's option list is written in full because the annotation holds all sync options.
 */
export const RETAIN_ANNOTATIONS: Readonly<Record<string, string>> = {
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  'argocd.argoproj.io/sync-options': 'Prune=false,ServerSideApply=true',
};

const ref = (r: SecretKeyRef): NameRef => (r.key ? { name: r.name, key: r.key } : { name: r.name });

function storageConfig(storage: StorageSpec): { cassandraDataVolumeClaimSpec: Record<string, unknown> } {
  return {
    cassandraDataVolumeClaimSpec: {
      storageClassName: storage.storageClassName,
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: storage.size } },
      ...storage.claim,
    },
  };
}

function resources(r: ResourceRequirements): Record<string, unknown> {
  return {
    ...(r.requests ? { requests: { ...r.requests } } : {}),
    ...(r.limits ? { limits: { ...r.limits } } : {}),
  };
}

function config(c: CassandraConfig): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (c.cassandraYaml) out.cassandraYaml = { ...c.cassandraYaml };
  if (c.jvmOptions) out.jvmOptions = { ...c.jvmOptions };
  if (c.dseYaml) out.dseYaml = { ...c.dseYaml };
  return Object.keys(out).length > 0 ? out : undefined;
}

function stores(s: EncryptionStores): Record<string, NameRef> {
  return {
    keystoreSecretRef: ref(s.keystoreSecretRef),
    truststoreSecretRef: ref(s.truststoreSecretRef),
    ...(s.keystorePasswordSecretRef ? { keystorePasswordSecretRef: ref(s.keystorePasswordSecretRef) } : {}),
    ...(s.truststorePasswordSecretRef ? { truststorePasswordSecretRef: ref(s.truststorePasswordSecretRef) } : {}),
  };
}

/** The K8ssandraCluster `medusa` section; a shared configuration keeps only the prefix inline. */
export function medusaTemplate(medusa: MedusaSpec): Record<string, unknown> {
  if (medusa.sharedConfiguration) {
    const prefix = medusa.prefix !== undefined ? { storageProperties: { prefix: medusa.prefix } } : {};
    return { medusaConfigurationRef: { name: medusa.sharedConfiguration }, ...prefix };
  }
  return { storageProperties: medusaStorageProperties(medusa) };
}

/** Medusa `storageProperties` from the model, in upstream field order. */
export function medusaStorageProperties(medusa: MedusaSpec): Record<string, unknown> {
  return {
    storageProvider: medusa.storageProvider,
    bucketName: medusa.bucketName,
    ...(medusa.storageSecretRef ? { storageSecretRef: { name: medusa.storageSecretRef.name } } : {}),
    ...(medusa.prefix !== undefined ? { prefix: medusa.prefix } : {}),
    ...(medusa.region !== undefined ? { region: medusa.region } : {}),
    ...(medusa.host !== undefined ? { host: medusa.host } : {}),
  };
}

function datacenterJson(cluster: CassandraClusterSpec, dc: DatacenterSpec, dp: DataPlaneSpec | undefined, namespace: string): K8ssandraDatacenterJson {
  const cfg = dc.config ? config(dc.config) : undefined;
  const k8sContext = dp ? k8sContextOf(dp) : undefined;
  // Upstream creates the CassandraDatacenter in the K8ssandraCluster's namespace unless the
  // DC names its own; validation keeps them equal, so this is written only if they differ.
  const dcNamespace = dp && dp.namespace !== namespace ? dp.namespace : undefined;
  return {
    metadata: { name: dc.name, ...(dcNamespace ? { namespace: dcNamespace } : {}) },
    ...(k8sContext ? { k8sContext } : {}),
    size: dc.size,
    ...(dc.stopped ? { stopped: true } : {}),
    ...(dc.serverVersion && dc.serverVersion !== cluster.serverVersion ? { serverVersion: dc.serverVersion } : {}),
    racks: effectiveRacks(dc, dp).map((r) => ({ name: r.name, nodeAffinityLabels: { [ZONE_LABEL]: r.zone } })),
    ...(dc.storage ? { storageConfig: storageConfig(dc.storage) } : {}),
    ...(dc.resources ? { resources: resources(dc.resources) } : {}),
    ...(cfg ? { config: cfg } : {}),
  };
}

function reaperTemplate(cluster: CassandraClusterSpec): Record<string, unknown> | undefined {
  const r = cluster.reaper;
  if (!r) return undefined;
  return {
    ...(r.deploymentMode ? { deploymentMode: r.deploymentMode } : {}),
    ...(r.autoScheduling
      ? {
        autoScheduling: {
          enabled: r.autoScheduling.enabled,
          ...(r.autoScheduling.repairType ? { repairType: r.autoScheduling.repairType } : {}),
          ...(r.autoScheduling.excludedKeyspaces ? { excludedKeyspaces: [...r.autoScheduling.excludedKeyspaces] } : {}),
        },
      }
      : {}),
  };
}

function telemetryTemplate(cluster: CassandraClusterSpec): Record<string, unknown> | undefined {
  const t = cluster.telemetry;
  if (!t) return undefined;
  const out = {
    ...(t.prometheus !== undefined ? { prometheus: { enabled: t.prometheus } } : {}),
    ...(t.vector !== undefined ? { vector: { enabled: t.vector } } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

function annotations(cluster: CassandraClusterSpec): Record<string, string> | undefined {
  const out: Record<string, string> = {
    ...(cluster.deletionPolicy === 'Retain' ? RETAIN_ANNOTATIONS : {}),
    ...dcReplicationAnnotations(cluster),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The cluster's one K8ssandraCluster, for the control-plane k8ssandra-operator in
 * `namespace`. Every DC is in it, in declared order (upstream creates them in that order
 * and rebuilds each one added later from the DCs before it); a DC in a remote data plane
 * names that data plane's context. DCs naming an unknown data plane keep no context (the
 * validator reports them).
 */
export function k8ssandraClusterFor(cluster: CassandraClusterSpec, dataPlanes: readonly DataPlaneSpec[], namespace: string): K8ssandraClusterJson {
  const cfg = cluster.config ? config(cluster.config) : undefined;
  const telemetry = telemetryTemplate(cluster);
  const reaper = reaperTemplate(cluster);
  const external = cluster.external;
  const notes = annotations(cluster);
  return {
    apiVersion: K8SSANDRA_API_VERSION,
    kind: 'K8ssandraCluster',
    metadata: {
      name: cluster.name,
      namespace,
      labels: componentLabels(cluster.name, 'cassandra-cluster'),
      ...(notes ? { annotations: notes } : {}),
    },
    spec: {
      auth: cluster.auth,
      cassandra: {
        clusterName: cluster.clusterName,
        serverType: cluster.serverType,
        serverVersion: cluster.serverVersion,
        ...(cluster.superuserSecretRef ? { superuserSecretRef: { name: cluster.superuserSecretRef.name } } : {}),
        ...(cluster.storage ? { storageConfig: storageConfig(cluster.storage) } : {}),
        ...(cluster.resources ? { resources: resources(cluster.resources) } : {}),
        ...(cfg ? { config: cfg } : {}),
        ...(cluster.softPodAntiAffinity ? { softPodAntiAffinity: true } : {}),
        ...(telemetry ? { telemetry } : {}),
        ...(cluster.encryption?.server ? { serverEncryptionStores: stores(cluster.encryption.server) } : {}),
        ...(cluster.encryption?.client ? { clientEncryptionStores: stores(cluster.encryption.client) } : {}),
        // Migration only: the nodes of a cluster outside the platform.
        ...(external && external.seeds.length > 0 ? { additionalSeeds: [...external.seeds] } : {}),
        datacenters: cluster.datacenters.map((dc) => datacenterJson(cluster, dc, dataPlanes.find((d) => d.name === dc.dataPlane), namespace)),
      },
      // Migration only: upstream then skips creating users in every DC (see README).
      ...(external && external.datacenters.length > 0 ? { externalDatacenters: [...external.datacenters] } : {}),
      ...(reaper ? { reaper } : {}),
      ...(cluster.medusa ? { medusa: medusaTemplate(cluster.medusa) } : {}),
    },
  };
}

/** Where a cluster goes: one K8ssandraCluster in the control plane's cluster. */
export interface ClusterPlacement {
  /** Namespace of the control-plane k8ssandra-operator, which holds the K8ssandraCluster. */
  readonly namespace: string;
  /** The K8ssandraCluster that upstream's control-plane operator turns into one CassandraDatacenter per DC. */
  readonly k8ssandraCluster: K8ssandraClusterJson;
}

export function placeCluster(cluster: CassandraClusterSpec, controlPlane: Pick<ControlPlaneSpec, 'k8ssandra'>, dataPlanes: readonly DataPlaneSpec[]): ClusterPlacement {
  const { namespace } = k8ssandraControlPlane(controlPlane, dataPlanes);
  return { namespace, k8ssandraCluster: k8ssandraClusterFor(cluster, dataPlanes, namespace) };
}
