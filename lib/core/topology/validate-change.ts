import { problem, show, type Problem } from '../problems';
import { effectiveStorage } from './effective';
import type { CassandraClusterSpec } from './model';

/**
 * Changes to a running cluster that upstream's webhooks let through but that break it or
 * never complete, all at once, each with the path, the values and the fix. The same rules
 * as `plan`, on the model instead of synthesised output, for callers that hold both specs
 * (the previous one recorded when it was applied).
 */
export function validateClusterChange(previous: CassandraClusterSpec, next: CassandraClusterSpec): Problem[] {
  const problems: Problem[] = [];
  const p = next.path;
  if (previous.serverType !== next.serverType) {
    problems.push(problem(`${p}/serverType`, `serverType changes from ${show(previous.serverType)} to ${show(next.serverType)}; the distribution of a running cluster cannot change (both webhooks accept it)`, `keep serverType ${show(previous.serverType)}; migrate to ${show(next.serverType)} with a new cluster`));
  }
  if (previous.clusterName !== next.clusterName) {
    problems.push(problem(`${p}/clusterName`, `clusterName changes from ${show(previous.clusterName)} to ${show(next.clusterName)}; Cassandra's cluster_name is fixed once nodes exist`, `keep clusterName ${show(previous.clusterName)}`));
  }
  for (const dc of next.datacenters) {
    const before = previous.datacenters.find((d) => d.name === dc.name);
    if (!before) continue;
    const was = effectiveStorage(previous, before)?.storageClassName;
    const is = effectiveStorage(next, dc)?.storageClassName;
    if (was !== undefined && is !== undefined && was !== is) {
      problems.push(problem(`${dc.storage ? dc.path : p}/storage/storageClassName`, `datacenter ${show(dc.name)} changes storage class from ${show(was)} to ${show(is)}; the volume claims of its StatefulSets are immutable`, `keep ${show(was)}, or add a new DC with ${show(is)}, rebuild it and remove this one`));
    }
  }
  for (const dc of previous.datacenters.filter((d) => !next.datacenters.some((n) => n.name === d.name))) {
    const holding = [...new Set([...replicatedIn(previous, dc.name), ...replicatedIn(next, dc.name)])].sort();
    if (holding.length > 0) {
      problems.push(problem(`${p}/datacenters`, `datacenter ${show(dc.name)} is removed while keyspaces ${holding.join(', ')} keep replicas in it; upstream decommissions a DC only once no user keyspace replicates to it, so the removal would never finish`, `first set the replication of ${holding.join(', ')} in ${show(dc.name)} to 0 (and let it apply), then remove the DC in a later change`));
    }
  }
  return problems;
}

function replicatedIn(cluster: CassandraClusterSpec, dc: string): string[] {
  return (cluster.keyspaces ?? []).filter((k) => (k.replication[dc] ?? 0) > 0).map((k) => k.name);
}
