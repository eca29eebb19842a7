import { effectiveConfig, effectiveResources } from './effective';
import type { CassandraClusterSpec, DatacenterSpec } from './model';
import { problem, show, type Problem } from '../problems';
import { quantityValue } from '../quantity';

/** Upstream's jvmOptions fields that size the heap (`heapSize` is the deprecated one). */
const HEAP_KEYS = ['heap_initial_size', 'heap_max_size', 'heapSize'] as const;

/** A heap size in bytes: upstream takes a quantity, or a plain number of bytes. */
function heapBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? quantityValue(value) : undefined;
}

/**
 * Heap sizes are quantities, and no larger than the container's memory limit: a JVM asking
 * for more than its cgroup allows is killed by the kernel as soon as the heap fills, in a
 * restart loop cass-operator reports only as unready pods.
 */
export function checkHeap(cluster: CassandraClusterSpec, dc: DatacenterSpec): Problem[] {
  const jvm = effectiveConfig(cluster, dc).jvmOptions;
  if (!jvm) return [];
  const problems: Problem[] = [];
  const limit = effectiveResources(cluster, dc)?.limits?.memory;
  const limitBytes = limit === undefined ? undefined : quantityValue(limit);
  for (const key of HEAP_KEYS) {
    if (!(key in jvm)) continue;
    const value = jvm[key];
    const ownHeap = dc.config?.jvmOptions !== undefined && key in dc.config.jvmOptions;
    const path = `${ownHeap ? dc.path : cluster.path}/config/jvmOptions/${key}`;
    // Named only when the DC sets heap or limit itself; else every DC would repeat it.
    const where = ownHeap || dc.resources !== undefined ? ` in datacenter ${show(dc.name)}` : '';
    const bytes = heapBytes(value);
    if (bytes === undefined) {
      problems.push(problem(path, `JVM ${key} ${show(value)} is not a Kubernetes quantity`, "write the heap size as bytes with a suffix, e.g. '8Gi'"));
    } else if (limitBytes !== undefined && bytes > limitBytes) {
      problems.push(
        problem(
          path,
          `JVM ${key} ${show(value)} exceeds the Cassandra container's memory limit ${show(limit)}${where}`,
          'keep the heap well below resources.limits.memory (about half leaves room for off-heap memory), or raise the limit',
        ),
      );
    }
  }
  return problems;
}
