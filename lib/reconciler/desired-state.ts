import type { KubeObject } from '../core/kube-object';
import type { DataPlaneSpec } from '../core/model/platform';
import type { Problem } from '../core/problems';
import { clusterSpecFromMissionControlCluster } from '../core/topology/mission-control-cluster';
import type { CassandraClusterSpec } from '../core/topology/model';
import { placeCluster, type ClusterSlice } from '../core/topology/placement';
import { validateCluster } from '../core/topology/validate-cluster';

export type ClusterPlan =
  | { readonly valid: false; readonly problems: readonly Problem[] }
  | { readonly valid: true; readonly spec: CassandraClusterSpec; readonly slices: readonly ClusterSlice[] };

/**
 * Validates and places a MissionControlCluster with the same core functions the constructs
 * use; an invalid cluster yields its problems and nothing to write.
 */
export function planCluster(mcc: KubeObject, dataPlanes: readonly DataPlaneSpec[]): ClusterPlan {
  const spec = clusterSpecFromMissionControlCluster(mcc);
  const problems = validateCluster(spec, dataPlanes);
  if (problems.length > 0) return { valid: false, problems };
  // Slices in the order of their first DC: the order in which regions are brought up.
  const firstDc = (slice: ClusterSlice) => spec.datacenters.findIndex((dc) => dc.dataPlane === slice.dataPlane.name);
  const slices = [...placeCluster(spec, dataPlanes)].sort((a, b) => firstDc(a) - firstDc(b));
  return { valid: true, spec, slices };
}
