import { APPLIED_HASH_ANNOTATION, upToDate } from './applied-hash';
import type { DataPlaneConnection } from './data-planes';
import type { KubeObject } from '../../core/kube-object';
import { RESOURCES } from '../../kube/resources';

/**
 * Writes a Secret copy (as returned by `withAppliedHash`) into a data plane unless it is
 * known to be there already. The connection remembers what it last wrote or read, so an
 * unchanged Secret costs no request; a new connection (rotated kubeconfig, restart) checks
 * the live object once.
 */
export async function ensureSecretCopy(connection: DataPlaneConnection, copy: KubeObject): Promise<void> {
  const key = `${copy.metadata.namespace}/${copy.metadata.name}`;
  const hash = copy.metadata.annotations?.[APPLIED_HASH_ANNOTATION];
  if (hash !== undefined && connection.secretCopies.get(key) === hash) return;
  const live = await connection.client.get(RESOURCES.Secret, { name: copy.metadata.name, namespace: copy.metadata.namespace });
  if (!upToDate(live, copy)) await connection.client.apply(RESOURCES.Secret, copy);
  if (hash !== undefined) connection.secretCopies.set(key, hash);
}
