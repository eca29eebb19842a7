import type { OperatorContext } from './context';
import type { KubeObject } from '../../core/kube-object';
import { RESOURCES } from '../../kube/resources';

/**
 * The live K8ssandraCluster, from the control-plane cache of the namespace the operator
 * watches, so that a reconcile costs no read. Only a cluster placed elsewhere (a data plane
 * sharing the control plane's cluster with a namespace of its own) is read directly.
 */
export async function liveK8ssandraCluster(ctx: OperatorContext, ref: { name: string; namespace: string }): Promise<KubeObject | undefined> {
  if (ref.namespace === ctx.k8ssandraClusters.namespace) return ctx.k8ssandraClusters.informer.store.get(ref.name, ref.namespace);
  return ctx.controlPlane.get(RESOURCES.K8ssandraCluster, ref);
}
