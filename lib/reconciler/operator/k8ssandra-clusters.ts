import type { OperatorContext } from './context';
import type { KubeObject } from '../../core/kube-object';
import { RESOURCES } from '../../kube/resources';

const keyOf = (ref: { name: string; namespace: string }) => `${ref.namespace}/${ref.name}`;

/**
 * The live K8ssandraCluster, from the control-plane cache of the namespace the operator
 * watches, so that a reconcile costs no read (and, until the watch delivers it, as the
 * operator last wrote it). Only a cluster placed elsewhere (a data plane sharing the control
 * plane's cluster with a namespace of its own) is read directly.
 */
export async function liveK8ssandraCluster(ctx: OperatorContext, ref: { name: string; namespace: string }): Promise<KubeObject | undefined> {
  const { informer, namespace, written } = ctx.k8ssandraClusters;
  if (ref.namespace === namespace) return written.resolve(keyOf(ref), informer.store.get(ref.name, ref.namespace));
  return ctx.controlPlane.get(RESOURCES.K8ssandraCluster, ref);
}

/** Server-side applies the desired K8ssandraCluster and remembers the result for the next reads. */
export async function applyK8ssandraCluster(ctx: OperatorContext, desired: KubeObject): Promise<KubeObject> {
  const { informer, namespace, written } = ctx.k8ssandraClusters;
  const ref = { name: desired.metadata.name, namespace: desired.metadata.namespace ?? '' };
  const cached = ref.namespace === namespace ? informer.store.get(ref.name, ref.namespace) : undefined;
  const after = await ctx.controlPlane.apply(RESOURCES.K8ssandraCluster, desired);
  if (ref.namespace === namespace) written.note(keyOf(ref), cached, after);
  return after;
}
