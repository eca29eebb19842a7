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
 * condition that is True), the status is of the current generation of the K8ssandraCluster,
 * and as many nodes as the DC's size report in. Ready nodes are counted from the node
 * statuses it reports.
 */
export function observeDatacenter(live: KubeObject | undefined, dc: string, size?: number): ObservedDatacenter {
  const liveStatus = live?.status as { observedGeneration?: number; datacenters?: Record<string, { cassandra?: CassandraStatus }> } | undefined;
  const status = liveStatus?.datacenters?.[dc]?.cassandra;
  if (!status) return { ready: false, readyReplicas: 0, progress: live ? 'Pending' : 'NotCreated' };
  const readyCondition = status.conditions?.find((c) => c.type === 'Ready');
  const readyReplicas = status.readyReplicas ?? Object.keys(status.nodeStatuses ?? {}).length;
  const current = liveStatus?.observedGeneration === undefined || liveStatus.observedGeneration >= Number(live?.metadata.generation ?? 0);
  const progress = current ? (status.cassandraOperatorProgress ?? 'Pending') : 'Updating';
  const ready = progress === 'Ready' && (readyCondition === undefined || readyCondition.status === 'True') && (size === undefined || readyReplicas >= size);
  return { ready, readyReplicas, progress };
}
