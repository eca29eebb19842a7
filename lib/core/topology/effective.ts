import { ServerType, type CassandraClusterSpec, type CassandraConfig, type DatacenterSpec, type RackSpec, type StorageSpec } from './model';
import type { DataPlaneSpec } from '../model/platform';
import type { ResourceRequirements } from '../model/resources';

/** Node label the racks are pinned with. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * Default racks: one per zone. Named after the zone's last '-' segment (`us-east-1a` -> `1a`)
 * when those names are valid and distinct, else `r1..rN`, so rack names stay short (they
 * are part of every StatefulSet and pod name).
 */
export function defaultRacks(zones: readonly string[]): RackSpec[] {
  const suffixes = zones.map((z) => z.slice(z.lastIndexOf('-') + 1));
  const usable = suffixes.every((s) => s.length >= 2 && /^[a-z0-9]+$/.test(s)) && new Set(suffixes).size === suffixes.length;
  return zones.map((zone, i) => ({ name: usable ? suffixes[i] : `r${i + 1}`, zone }));
}

/** The racks a DC ends up with. */
export function effectiveRacks(dc: DatacenterSpec, dataPlane: DataPlaneSpec | undefined): readonly RackSpec[] {
  return dc.racks ?? defaultRacks(dataPlane?.zones ?? []);
}

export function effectiveServerVersion(cluster: CassandraClusterSpec, dc: DatacenterSpec): string {
  return dc.serverVersion ?? cluster.serverVersion;
}

export function effectiveStorage(cluster: CassandraClusterSpec, dc: DatacenterSpec): StorageSpec | undefined {
  return dc.storage ?? cluster.storage;
}

export function effectiveResources(cluster: CassandraClusterSpec, dc: DatacenterSpec): ResourceRequirements | undefined {
  return dc.resources ?? cluster.resources;
}

/** Cluster config with the DC's keys laid over it, as upstream merges them. */
export function effectiveConfig(cluster: CassandraClusterSpec, dc: DatacenterSpec): CassandraConfig {
  const merge = (a?: Readonly<Record<string, unknown>>, b?: Readonly<Record<string, unknown>>) => (a || b ? { ...a, ...b } : undefined);
  const result = {
    cassandraYaml: merge(cluster.config?.cassandraYaml, dc.config?.cassandraYaml),
    jvmOptions: merge(cluster.config?.jvmOptions, dc.config?.jvmOptions),
    dseYaml: merge(cluster.config?.dseYaml, dc.config?.dseYaml),
  };
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined));
}

/**
 * `num_tokens` as upstream decides it: DC config, else cluster config, else 256 for
 * Cassandra 3.x and 16 for everything newer.
 */
export function effectiveNumTokens(serverType: string, serverVersion: string, cassandraYaml: Readonly<Record<string, unknown>> | undefined): number {
  const explicit = cassandraYaml?.num_tokens;
  if (explicit !== undefined) return Number(explicit);
  return serverType === ServerType.CASSANDRA && serverVersion.startsWith('3.') ? 256 : 16;
}

/** cass-operator's name cleanup: lower case, '_' to '-', other invalid characters dropped. */
export function cleanupForKubernetes(value: string): string {
  return value.toLowerCase().replace(/_/g, '-').replace(/[^a-z0-9-]/g, '');
}

/** Like cleanupForKubernetes, keeping dots (a DNS subdomain). */
export function cleanupSubdomain(value: string): string {
  return value.toLowerCase().replace(/_/g, '-').replace(/[^a-z0-9.-]/g, '');
}

/** The StatefulSet cass-operator creates for one rack. */
export function statefulSetName(clusterName: string, dcName: string, rackName: string): string {
  return `${cleanupForKubernetes(clusterName)}-${cleanupForKubernetes(dcName)}-${cleanupSubdomain(rackName)}-sts`;
}

export const MAX_STATEFULSET_NAME = 60;
