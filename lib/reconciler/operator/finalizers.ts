import type { KubeObject } from '../../core/kube-object';
import type { KubeClient } from '../../kube/client';
import { RESOURCES } from '../../kube/resources';
import { CLUSTER_FINALIZER, FIELD_MANAGER } from '../ownership';

/**
 * Adds or removes our finalizer with server-side apply under a manager of its own: the
 * finalizer list is a set, so this touches only our entry and never the user's spec.
 */
export async function setFinalizer(client: KubeClient, obj: KubeObject, present: boolean): Promise<KubeObject> {
  return client.apply(
    RESOURCES.MissionControlCluster,
    {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, finalizers: present ? [CLUSTER_FINALIZER] : [] },
    },
    { fieldManager: `${FIELD_MANAGER}-finalizer` },
  );
}
