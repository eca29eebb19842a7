import { LABEL_PREFIX } from '../core/api-group';
import type { KubeObject } from '../core/kube-object';

/**
 * Owner references cannot cross clusters, so objects the operator writes into a data plane
 * carry the owning MissionControlCluster's identity as labels instead.
 */
export const OWNER_NAME_LABEL = `${LABEL_PREFIX}/cluster`;
export const OWNER_NAMESPACE_LABEL = `${LABEL_PREFIX}/cluster-namespace`;
export const OWNER_UID_LABEL = `${LABEL_PREFIX}/cluster-uid`;
export const OWNER_TASK_LABEL = `${LABEL_PREFIX}/task`;
/**
 * The MissionControlTask's UID: task objects are named after the task, so a task deleted
 * and created again under the same name is told from the old one's objects by this.
 */
export const OWNER_TASK_UID_LABEL = `${LABEL_PREFIX}/task-uid`;
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const OPERATOR_NAME = 'mission-control-operator';

/** Field manager of every write the operator makes. */
export const FIELD_MANAGER = OPERATOR_NAME;

/** Finalizer the operator puts on MissionControlClusters to clean data planes up first. */
export const CLUSTER_FINALIZER = `${LABEL_PREFIX}/data-plane-cleanup`;

export interface Owner {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

export function ownerOf(obj: KubeObject): Owner {
  return { name: obj.metadata.name, namespace: obj.metadata.namespace ?? '', uid: String(obj.metadata.uid ?? '') };
}

export function ownerLabels(owner: Owner): Record<string, string> {
  return { [OWNER_NAME_LABEL]: owner.name, [OWNER_NAMESPACE_LABEL]: owner.namespace, [OWNER_UID_LABEL]: owner.uid, [MANAGED_BY_LABEL]: OPERATOR_NAME };
}

/** Label selector for the objects one cluster owns in a data plane. */
export function ownerSelector(owner: Pick<Owner, 'name' | 'namespace'>): string {
  return `${OWNER_NAME_LABEL}=${owner.name},${OWNER_NAMESPACE_LABEL}=${owner.namespace}`;
}

/** Adds the owner's labels to an object built by the core, without touching the input. */
export function withOwner<T extends KubeObject>(obj: T, owner: Owner, extra: Record<string, string> = {}): T {
  return { ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, ...ownerLabels(owner), ...extra } } };
}
