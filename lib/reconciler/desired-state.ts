import type { KubeObject } from '../core/kube-object';
import { DEFAULT_DATA_PLANE_NAMESPACE, type DataPlaneSpec } from '../core/model/platform';
import type { Problem } from '../core/problems';
import { clusterSpecFromMissionControlCluster } from '../core/topology/mission-control-cluster';
import type { CassandraClusterSpec } from '../core/topology/model';
import { placeCluster, type ClusterPlacement } from '../core/topology/placement';
import { validateCluster } from '../core/topology/validate-cluster';

export type ClusterPlan =
  | { readonly valid: false; readonly problems: readonly Problem[] }
  | ({ readonly valid: true; readonly spec: CassandraClusterSpec } & ClusterPlacement);

/**
 * Validates and places a MissionControlCluster with the same core functions the constructs
 * use; an invalid cluster yields its problems and nothing to write. The result is the one
 * K8ssandraCluster, for the control-plane k8ssandra-operator in the operator's own
 * Kubernetes cluster; that operator orders, seeds and rebuilds the DCs itself.
 * `k8ssandraNamespace` is the control plane's setting for a control-plane cluster that
 * hosts no DCs; a registration with `inControlPlaneCluster` takes precedence.
 */
export function planCluster(mcc: KubeObject, dataPlanes: readonly DataPlaneSpec[], k8ssandraNamespace = DEFAULT_DATA_PLANE_NAMESPACE): ClusterPlan {
  const spec = clusterSpecFromMissionControlCluster(mcc);
  const problems = validateCluster(spec, dataPlanes);
  if (problems.length > 0) return { valid: false, problems };
  return { valid: true, spec, ...placeCluster(spec, { k8ssandra: { namespace: k8ssandraNamespace, operator: {} } }, dataPlanes) };
}
