import type { KubeObject } from '../core/kube-object';

/** What the operator reads of one DC from its data plane's K8ssandraCluster status. */
export interface ObservedDatacenter {
  readonly ready: boolean;
  readonly readyReplicas: number;
  /** cass-operator's progress (`Ready`, `Updating`, ...) or why nothing is known. */
  readonly progress: string;
}

interface CassandraStatus {
  cassandraOperatorProgress?: string;
  conditions?: Array<{ type: string; status: string }>;
  nodeStatuses?: Record<string, unknown>;
  readyReplicas?: number;
}

/**
 * A DC is Ready when cass-operator says so (progress Ready and, where present, a Ready
 * condition that is True). Ready nodes are counted from the node statuses it reports.
 */
export function observeDatacenter(live: KubeObject | undefined, dc: string): ObservedDatacenter {
  const status = (live?.status as { datacenters?: Record<string, { cassandra?: CassandraStatus }> } | undefined)?.datacenters?.[dc]?.cassandra;
  if (!status) return { ready: false, readyReplicas: 0, progress: live ? 'Pending' : 'NotCreated' };
  const readyCondition = status.conditions?.find((c) => c.type === 'Ready');
  const ready = status.cassandraOperatorProgress === 'Ready' && (readyCondition === undefined || readyCondition.status === 'True');
  const readyReplicas = status.readyReplicas ?? Object.keys(status.nodeStatuses ?? {}).length;
  return { ready, readyReplicas, progress: status.cassandraOperatorProgress ?? 'Pending' };
}
