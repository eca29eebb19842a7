import type { KubeObject } from '../kube-object';

/** Rank of Deployments: everything ranked before is what an operator needs to start. */
export const DEPLOYMENT_RANK = 9;

/**
 * Apply order inside one cluster folder: what others depend on comes first. Webhook
 * configurations come after the Deployments that serve them and before the custom
 * resources they check, so the first custom resource is admitted by a running webhook.
 */
const ORDER: Array<[rank: number, test: (o: KubeObject) => boolean]> = [
  [0, (o) => o.kind === 'Namespace'],
  [1, (o) => o.kind === 'CustomResourceDefinition'],
  [2, (o) => o.apiVersion.startsWith('cert-manager.io/') && o.kind === 'Issuer'],
  [3, (o) => o.apiVersion.startsWith('cert-manager.io/')],
  [4, (o) => o.kind === 'ServiceAccount'],
  [5, (o) => o.kind === 'ClusterRole' || o.kind === 'Role'],
  [6, (o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding'],
  [7, (o) => o.kind === 'ConfigMap' || o.kind === 'Secret'],
  [8, (o) => o.kind === 'Service'],
  [DEPLOYMENT_RANK, (o) => o.kind === 'Deployment'],
  [10, (o) => o.kind === 'PodDisruptionBudget' || o.kind === 'NetworkPolicy'],
  [11, (o) => o.kind.endsWith('WebhookConfiguration')],
];
const CUSTOM_RESOURCE_RANK = 12;

export function applyRank(obj: KubeObject): number {
  for (const [rank, test] of ORDER) if (test(obj)) return rank;
  return CUSTOM_RESOURCE_RANK;
}

/** Stable sort by apply rank; objects of equal rank keep the order they were declared in. */
export function sortForApply<T extends KubeObject>(objects: readonly T[]): T[] {
  return objects
    .map((obj, index) => ({ obj, index, rank: applyRank(obj) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((e) => e.obj);
}
