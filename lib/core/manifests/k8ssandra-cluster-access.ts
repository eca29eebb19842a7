import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { MISSION_CONTROL_OPERATOR_NAME } from './mission-control-operator';
import { grant, rule } from './rbac';

export const K8SSANDRA_CLUSTER_ACCESS_NAME = `${MISSION_CONTROL_OPERATOR_NAME}-k8ssandra`;

/**
 * Lets the control-plane operator write the K8ssandraClusters it places into the
 * control-plane k8ssandra-operator's namespace (server-side apply: patch, and create for
 * the first apply; deletion with `deletionPolicy: Delete`) and read their status through
 * its informer (list, watch; get only outside the namespace it watches). When a data plane
 * shares the control plane's cluster, that namespace comes from the data plane's folder,
 * which is applied first.
 */
export function k8ssandraClusterAccess(operatorNamespace: string, k8ssandraNamespace: string): KubeObject[] {
  const labels = componentLabels(K8SSANDRA_CLUSTER_ACCESS_NAME, 'operator');
  return grant(K8SSANDRA_CLUSTER_ACCESS_NAME, k8ssandraNamespace, labels, [
    rule('k8ssandra.io', ['k8ssandraclusters'], ['create', 'delete', 'get', 'list', 'patch', 'watch']),
  ], { name: MISSION_CONTROL_OPERATOR_NAME, namespace: operatorNamespace });
}
