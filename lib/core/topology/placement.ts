import { componentLabels } from '../labels';
import { effectiveRacks, ZONE_LABEL } from './effective';
import { K8SSANDRA_API_VERSION, type K8ssandraClusterJson, type K8ssandraDatacenterJson, type NameRef } from './k8ssandra-types';
import type { CassandraClusterSpec, CassandraConfig, DatacenterSpec, EncryptionStores, MedusaSpec, SecretKeyRef, StorageSpec } from './model';
import type { DataPlaneSpec } from '../model/platform';
import type { ResourceRequirements } from '../model/resources';

/** One data plane's part of a cluster. */
export interface ClusterSlice {
  readonly dataPlane: DataPlaneSpec;
  /** The DCs of the cluster that this data plane hosts, in cluster order. */
  readonly datacenters: readonly DatacenterSpec[];
  readonly k8ssandraCluster: K8ssandraClusterJson;
}

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

function datacenterJson(cluster: CassandraClusterSpec, dc: DatacenterSpec, dp: DataPlaneSpec): K8ssandraDatacenterJson {
  const cfg = dc.config ? config(dc.config) : undefined;
  // No k8sContext: each data plane's operator manages only its own DCs, which are local to it.
  return {
    metadata: { name: dc.name },
    size: dc.size,
    ...(dc.stopped ? { stopped: true } : {}),
    ...(dc.serverVersion && dc.serverVersion !== cluster.serverVersion ? { serverVersion: dc.serverVersion } : {}),
    racks: effectiveRacks(dc, dp).map((r) => ({ name: r.name, nodeAffinityLabels: { [ZONE_LABEL]: r.zone } })),
    ...(dc.storage ? { storageConfig: storageConfig(dc.storage) } : {}),
    ...(dc.resources ? { resources: resources(dc.resources) } : {}),
    ...(cfg ? { config: cfg } : {}),
  };
}

/** The K8ssandraCluster one data plane gets for its DCs of the cluster. */
export function k8ssandraClusterFor(cluster: CassandraClusterSpec, dp: DataPlaneSpec, dataPlanes: readonly DataPlaneSpec[]): K8ssandraClusterJson {
  const local = cluster.datacenters.filter((dc) => dc.dataPlane === dp.name);
  const remote = cluster.datacenters.filter((dc) => dc.dataPlane !== dp.name);
  const known = new Set(dataPlanes.map((d) => d.name));
  const seeds = [...new Set(remote.filter((dc) => known.has(dc.dataPlane)).flatMap((dc) => dc.seeds))];
  const cfg = cluster.config ? config(cluster.config) : undefined;
  const telemetry = cluster.telemetry
    ? {
      ...(cluster.telemetry.prometheus !== undefined ? { prometheus: { enabled: cluster.telemetry.prometheus } } : {}),
      ...(cluster.telemetry.vector !== undefined ? { vector: { enabled: cluster.telemetry.vector } } : {}),
    }
    : undefined;
  const reaper = cluster.reaper
    ? {
      ...(cluster.reaper.deploymentMode ? { deploymentMode: cluster.reaper.deploymentMode } : {}),
      ...(cluster.reaper.autoScheduling
        ? {
          autoScheduling: {
            enabled: cluster.reaper.autoScheduling.enabled,
            ...(cluster.reaper.autoScheduling.repairType ? { repairType: cluster.reaper.autoScheduling.repairType } : {}),
            ...(cluster.reaper.autoScheduling.excludedKeyspaces ? { excludedKeyspaces: [...cluster.reaper.autoScheduling.excludedKeyspaces] } : {}),
          },
        }
        : {}),
    }
    : undefined;
  return {
    apiVersion: K8SSANDRA_API_VERSION,
    kind: 'K8ssandraCluster',
    metadata: {
      name: cluster.name,
      namespace: dp.namespace,
      labels: componentLabels(cluster.name, 'cassandra-cluster'),
      ...(cluster.deletionPolicy === 'Retain' ? { annotations: { ...RETAIN_ANNOTATIONS } } : {}),
    },
    spec: {
      auth: cluster.auth,
      cassandra: {
        // Set explicitly so every region's K8ssandraCluster agrees even if object names differ.
        clusterName: cluster.clusterName,
        serverType: cluster.serverType,
        serverVersion: cluster.serverVersion,
        ...(cluster.superuserSecretRef ? { superuserSecretRef: { name: cluster.superuserSecretRef.name } } : {}),
        ...(cluster.storage ? { storageConfig: storageConfig(cluster.storage) } : {}),
        ...(cluster.resources ? { resources: resources(cluster.resources) } : {}),
        ...(cfg ? { config: cfg } : {}),
        ...(cluster.softPodAntiAffinity ? { softPodAntiAffinity: true } : {}),
        ...(telemetry && Object.keys(telemetry).length > 0 ? { telemetry } : {}),
        ...(cluster.encryption?.server ? { serverEncryptionStores: stores(cluster.encryption.server) } : {}),
        ...(cluster.encryption?.client ? { clientEncryptionStores: stores(cluster.encryption.client) } : {}),
        // The other regions' seed Services resolve only inside their own Kubernetes clusters;
        // their DCs join through the addresses declared with each DC's `seeds`.
        ...(seeds.length > 0 ? { additionalSeeds: seeds } : {}),
        datacenters: local.map((dc) => datacenterJson(cluster, dc, dp)),
      },
      // Keeps the other regions' replicas when this region's operator sets the replication
      // of system_*, reaper_db and similar keyspaces.
      ...(remote.length > 0 ? { externalDatacenters: remote.map((dc) => dc.name) } : {}),
      ...(reaper ? { reaper } : {}),
      ...(cluster.medusa ? { medusa: medusaTemplate(cluster.medusa) } : {}),
    },
  };
}

/**
 * Places a cluster: one K8ssandraCluster per data plane hosting at least one of its DCs,
 * in data-plane declaration order. DCs naming an unknown data plane are left out (the
 * validator reports them).
 */
export function placeCluster(cluster: CassandraClusterSpec, dataPlanes: readonly DataPlaneSpec[]): ClusterSlice[] {
  return dataPlanes
    .filter((dp) => cluster.datacenters.some((dc) => dc.dataPlane === dp.name))
    .map((dp) => ({
      dataPlane: dp,
      datacenters: cluster.datacenters.filter((dc) => dc.dataPlane === dp.name),
      k8ssandraCluster: k8ssandraClusterFor(cluster, dp, dataPlanes),
    }));
}
