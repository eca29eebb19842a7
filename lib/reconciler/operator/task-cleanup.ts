import { RESOURCES } from '../../kube/resources';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, type Owner } from '../ownership';
import { errorMessage, type OperatorContext } from './context';
import { WATCHED_KINDS } from './data-planes';

/**
 * Deletes the task objects (CassandraTasks, Medusa jobs) one cluster owns in the data planes,
 * for `deletionPolicy: Delete`: upstream removes the DCs with the K8ssandraCluster, but not
 * objects the control-plane operator wrote next to them. Returns the data planes that still
 * hold, or may hold, such objects: unreachable ones that host the cluster's DCs or whose last
 * cached view shows some, and those where a delete failed. The caller keeps its finalizer
 * until none is left, so nothing of the cluster is orphaned in a data plane that was down.
 */
export async function deleteTaskObjects(ctx: OperatorContext, owner: Owner, hosting: ReadonlySet<string>): Promise<string[]> {
  const pending: string[] = [];
  const owned = (labels: Record<string, string> | undefined) => labels?.[OWNER_NAME_LABEL] === owner.name && labels?.[OWNER_NAMESPACE_LABEL] === owner.namespace;
  for (const { dataPlane } of ctx.dataPlanes.registrations) {
    const connection = ctx.dataPlanes.get(dataPlane.name);
    if (!connection) continue;
    const objects = WATCHED_KINDS.flatMap((kind) => connection.informers[kind].store.list().filter((o) => owned(o.metadata.labels)).map((o) => ({ kind, o })));
    if (!ctx.dataPlanes.reachable(dataPlane.name)) {
      if (objects.length > 0 || hosting.has(dataPlane.name)) pending.push(`${dataPlane.name}: ${ctx.dataPlanes.reason(dataPlane.name) ?? 'unreachable'}`);
      continue;
    }
    try {
      for (const { kind, o } of objects) await connection.client.delete(RESOURCES[kind], { name: o.metadata.name, namespace: o.metadata.namespace });
    } catch (err) {
      pending.push(`${dataPlane.name}: ${errorMessage(err)}`);
    }
  }
  return pending;
}
