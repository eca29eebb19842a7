import type * as pulumi from '@pulumi/pulumi';
import { kubeResource, type Placement } from './kube-resource';
import type { KubeObject } from '../core/kube-object';
import { applyRank, DEPLOYMENT_RANK } from '../core/output/apply-order';

const ranks = new WeakMap<pulumi.Resource, number>();

/**
 * What a plane's operators need before they start: its resources ranked before the
 * Deployments (namespaces, CRDs, certificates, RBAC, configuration, Services).
 */
export const prerequisitesOf = (resources: readonly pulumi.Resource[]): pulumi.Resource[] =>
  resources.filter((r) => (ranks.get(r) ?? -1) < DEPLOYMENT_RANK);

/**
 * Creates objects in the same apply order the GitOps folders use: every rank depends on the
 * whole previous rank (CRDs -> cert-manager -> RBAC/config -> Services -> operators ->
 * webhooks -> custom resources), so one `pulumi up` converges in a single pass. Deployments
 * also wait for `deploymentsAfter`: other planes' operators (see OperatorRollout).
 */
export function orderedResources(
  at: Placement,
  objects: readonly KubeObject[],
  after: readonly pulumi.Resource[] = [],
  deploymentsAfter?: Promise<pulumi.Resource[]>,
): pulumi.CustomResource[] {
  const byRank = new Map<number, KubeObject[]>();
  for (const obj of objects) byRank.set(applyRank(obj), [...(byRank.get(applyRank(obj)) ?? []), obj]);
  const created: pulumi.CustomResource[] = [];
  let previous: readonly pulumi.Resource[] = after;
  for (const rank of [...byRank.keys()].sort((a, b) => a - b)) {
    const before = [...previous];
    const dependsOn = (obj: KubeObject) => (deploymentsAfter && obj.kind === 'Deployment' ? deploymentsAfter.then((others) => [...before, ...others]) : before);
    const group = byRank.get(rank)!.map((obj) => kubeResource(at, obj, { dependsOn: dependsOn(obj) }));
    for (const r of group) ranks.set(r, rank);
    created.push(...group);
    previous = group;
  }
  return created;
}
