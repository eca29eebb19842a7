import type { KubeObject } from '../../core/kube-object';

/** kubectl's client-side apply record: a full copy of the object, never read by a controller. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What an informer stores instead of the object as served: without `metadata.managedFields`
 * (measured at ~46 % of the cached JSON for objects written with server-side apply) and
 * kubectl's last-applied annotation. The reconcilers compare their own applied-hash
 * annotation and never read either, like controller-runtime's `TransformStripManagedFields`.
 * Returns a new object; the input is not changed.
 */
export function stripForCache<T extends KubeObject>(obj: T): T {
  const metadata = obj.metadata;
  const annotations = metadata.annotations;
  const hasLastApplied = annotations !== undefined && LAST_APPLIED_ANNOTATION in annotations;
  if (metadata.managedFields === undefined && !hasLastApplied) return obj;
  const { managedFields: _dropped, ...kept } = metadata;
  if (hasLastApplied) {
    const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...rest } = annotations;
    return { ...obj, metadata: { ...kept, annotations: rest } };
  }
  return { ...obj, metadata: kept };
}
