import type { CassandraClusterSpec } from './model';

/** Upstream's annotation naming the user-keyspace replicas of DCs added to a running cluster. */
export const DC_REPLICATION_ANNOTATION = 'k8ssandra.io/dc-replication';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The replicas of every declared user keyspace in the given DCs, in upstream's format:
 * `{"dc2":{"ks1":3,"ks2":0}}`. Upstream reads it only while rebuilding a DC just added (any DC
 * not yet in the K8ssandraCluster's status while another is, so every DC after the first of a
 * new cluster too), uses only that DC's entry, alters each keyspace whose factor is not 0,
 * and fails the rebuild if an entry misses a user keyspace that exists. Keys are sorted so
 * the output is stable.
 */
export function dcReplication(cluster: CassandraClusterSpec, datacenters: readonly string[]): string {
  const keyspaces = [...(cluster.keyspaces ?? [])].sort((a, b) => byName(a.name, b.name));
  const entries = [...datacenters].sort(byName).map((dc) => [dc, Object.fromEntries(keyspaces.map((ks) => [ks.name, ks.replication[dc] ?? 0]))]);
  return JSON.stringify(Object.fromEntries(entries));
}

/**
 * The annotation for the cluster's K8ssandraCluster: every DC after the first, since any of
 * them may be the one being added. Entries of DCs that already exist are ignored upstream,
 * so the value can stay in place; the first DC is never rebuilt and needs none. Nothing
 * without declared keyspaces (upstream then leaves user keyspaces alone).
 */
export function dcReplicationAnnotations(cluster: CassandraClusterSpec): Record<string, string> {
  if (!cluster.keyspaces || cluster.keyspaces.length === 0 || cluster.datacenters.length < 2) return {};
  return { [DC_REPLICATION_ANNOTATION]: dcReplication(cluster, cluster.datacenters.slice(1).map((dc) => dc.name)) };
}
