import type { KubeObject } from '../../core/kube-object';
import type { ClusterSlice } from '../../core/topology/placement';
import { RESOURCES } from '../../kube/resources';
import { clusterStatus, sameStatus, type ClusterStatus } from '../cluster-status';
import { planCluster } from '../desired-state';
import { orderSlices, type SliceObservation } from '../ordering';
import { CLUSTER_FINALIZER, OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, ownerOf, withOwner, type Owner } from '../ownership';
import { upToDate, withAppliedHash } from './applied-hash';
import { dataPlaneSpecs, errorMessage, type OperatorContext } from './context';
import { isTransportError } from './data-planes';
import { setFinalizer } from './finalizers';
import { ensureSecretCopy } from './secret-copy';
import type { ReconcileResult } from '../runtime/controller';

/**
 * Reconciles one MissionControlCluster: validate and place it with the core, write each
 * region's K8ssandraCluster (and the superuser Secret copy) with server-side apply in region
 * order, and mirror what the data planes report into its status. Writes happen only when the
 * desired state changed, so an unchanged cluster costs no writes.
 */
export function clusterReconciler(ctx: OperatorContext) {
  return async (key: string): Promise<ReconcileResult | void> => {
    const mcc = ctx.clusters.store.getByKey(key);
    if (!mcc) return;
    const owner = ownerOf(mcc);
    if (mcc.metadata.deletionTimestamp) return finalize(ctx, mcc, owner);
    const finalizers = (mcc.metadata.finalizers as string[] | undefined) ?? [];
    if (!finalizers.includes(CLUSTER_FINALIZER)) await setFinalizer(ctx.controlPlane, mcc, true);

    const generation = Number(mcc.metadata.generation ?? 0);
    const previous = mcc.status as Partial<ClusterStatus> | undefined;
    const plan = planCluster(mcc, dataPlaneSpecs(ctx));
    if (!plan.valid) {
      await writeStatus(ctx, mcc, clusterStatus({ generation, previous, now: ctx.now(), problems: plan.problems }));
      return;
    }

    const errors = new Map<string, string>();
    const observed = new Map<string, SliceObservation>();
    for (const slice of plan.slices) {
      const name = slice.dataPlane.name;
      const live = ctx.dataPlanes.get(name)?.informers.K8ssandraCluster.store.get(slice.k8ssandraCluster.metadata.name, slice.dataPlane.namespace);
      const reachable = ctx.dataPlanes.reachable(name);
      observed.set(name, { reachable, live });
      if (!reachable) errors.set(name, ctx.dataPlanes.reason(name) ?? 'unreachable');
    }

    let superuser: KubeObject | undefined;
    const ref = plan.spec.superuserSecretRef;
    if (ref) {
      superuser = ctx.secrets.store.get(ref.name, owner.namespace);
      if (!superuser) errors.set('control-plane', `superuser Secret ${owner.namespace}/${ref.name} not found; no region is changed until it exists, so that all regions share one superuser`);
    }

    const decisions = orderSlices(plan.slices, observed);
    if (!ref || superuser) {
      for (const decision of decisions.filter((d) => d.action === 'apply')) {
        const name = decision.slice.dataPlane.name;
        try {
          await applySlice(ctx, decision.slice, owner, superuser);
        } catch (err) {
          errors.set(name, errorMessage(err));
          if (isTransportError(err)) observed.set(name, { reachable: false });
          ctx.logger.warn({ cluster: key, dataPlane: name, err: errorMessage(err) }, 'writing to data plane failed');
        }
      }
    }

    const status = clusterStatus({ generation, previous, now: ctx.now(), spec: plan.spec, decisions, observed, errors });
    await writeStatus(ctx, mcc, status);
    const settled = status.conditions.every((c) => (c.type === 'Ready' ? c.status === 'True' : c.type === 'Progressing' || c.type === 'Degraded' ? c.status === 'False' : true));
    return settled ? undefined : { requeueAfterMs: ctx.progressRequeueMs };
  };
}

async function applySlice(ctx: OperatorContext, slice: ClusterSlice, owner: Owner, superuser: KubeObject | undefined): Promise<void> {
  const connection = ctx.dataPlanes.get(slice.dataPlane.name)!;
  if (superuser) {
    const copy = withAppliedHash(
      withOwner({ apiVersion: 'v1', kind: 'Secret', metadata: { name: superuser.metadata.name, namespace: slice.dataPlane.namespace }, type: superuser.type ?? 'Opaque', data: superuser.data ?? {} }, owner),
    );
    await ensureSecretCopy(connection, copy);
  }
  const desired = withAppliedHash(withOwner(slice.k8ssandraCluster, owner));
  const live = connection.informers.K8ssandraCluster.store.get(desired.metadata.name, desired.metadata.namespace);
  if (!upToDate(live, desired)) {
    await connection.client.apply(RESOURCES.K8ssandraCluster, desired);
    ctx.logger.info({ cluster: `${owner.namespace}/${owner.name}`, dataPlane: slice.dataPlane.name }, live ? 'updated K8ssandraCluster' : 'created K8ssandraCluster');
  }
}

async function writeStatus(ctx: OperatorContext, mcc: KubeObject, status: ClusterStatus): Promise<void> {
  if (sameStatus(mcc.status, status)) return;
  await ctx.controlPlane.patchStatus(RESOURCES.MissionControlCluster, { name: mcc.metadata.name, namespace: mcc.metadata.namespace }, status, { mode: 'apply' });
}

/**
 * Deletion: with `deletionPolicy: Delete` the data-plane objects go first (every region must
 * be reachable for that); with `Retain` (the default, for data safety) they stay. Then the
 * finalizer is released.
 */
async function finalize(ctx: OperatorContext, mcc: KubeObject, owner: Owner): Promise<ReconcileResult | void> {
  const finalizers = (mcc.metadata.finalizers as string[] | undefined) ?? [];
  if (!finalizers.includes(CLUSTER_FINALIZER)) return;
  const policy = ((mcc.spec as { deletionPolicy?: string } | undefined)?.deletionPolicy ?? 'Retain') as 'Delete' | 'Retain';
  if (policy === 'Delete') {
    const failures: string[] = [];
    for (const registration of ctx.dataPlanes.registrations) {
      const name = registration.dataPlane.name;
      const connection = ctx.dataPlanes.get(name);
      if (!connection) {
        failures.push(`${name}: ${ctx.dataPlanes.reason(name) ?? 'not connected'}`);
        continue;
      }
      const owned = connection.informers.K8ssandraCluster.store
        .list()
        .filter((o) => o.metadata.labels?.[OWNER_NAME_LABEL] === owner.name && o.metadata.labels?.[OWNER_NAMESPACE_LABEL] === owner.namespace);
      if (owned.length === 0) continue;
      if (!ctx.dataPlanes.reachable(name)) {
        failures.push(`${name}: ${ctx.dataPlanes.reason(name) ?? 'unreachable'}`);
        continue;
      }
      try {
        for (const obj of owned) await connection.client.delete(RESOURCES.K8ssandraCluster, { name: obj.metadata.name, namespace: obj.metadata.namespace });
        const ref = (mcc.spec as { superuserSecretRef?: { name: string } }).superuserSecretRef;
        if (ref) {
          const copy = await connection.client.get(RESOURCES.Secret, { name: ref.name, namespace: registration.dataPlane.namespace });
          const ours = copy?.metadata.labels?.[OWNER_NAME_LABEL] === owner.name;
          if (ours) await connection.client.delete(RESOURCES.Secret, { name: ref.name, namespace: registration.dataPlane.namespace });
          connection.secretCopies.delete(`${registration.dataPlane.namespace}/${ref.name}`);
        }
      } catch (err) {
        failures.push(`${name}: ${errorMessage(err)}`);
      }
    }
    if (failures.length > 0) throw new Error(`cannot delete the data-plane objects of ${owner.namespace}/${owner.name} yet: ${failures.join('; ')}`);
  }
  await setFinalizer(ctx.controlPlane, mcc, false);
  ctx.logger.info({ cluster: `${owner.namespace}/${owner.name}`, deletionPolicy: policy }, 'released cluster');
}
