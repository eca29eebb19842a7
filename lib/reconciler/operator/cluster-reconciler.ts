import type { KubeObject } from '../../core/kube-object';
import { validateClusterChange } from '../../core/topology/validate-change';
import { RESOURCES } from '../../kube/resources';
import { clusterStatus, sameStatus, type ClusterStatus, type DataPlaneObservation } from '../cluster-status';
import { planCluster } from '../desired-state';
import { CLUSTER_FINALIZER, OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, ownerOf, withOwner, type Owner } from '../ownership';
import { clusterTransitionEvents } from '../transition-events';
import { upToDate, withAppliedHash } from './applied-hash';
import { appliedSpec, withAppliedSpec } from './applied-spec';
import { dataPlaneSpecs, errorMessage, type OperatorContext } from './context';
import { DRIFTED_CONDITION, driftCondition, driftedPaths, emergencyEdit } from './drift';
import { setFinalizer } from './finalizers';
import { applyK8ssandraCluster, liveK8ssandraCluster } from './k8ssandra-clusters';
import { SettledPasses } from './settled-passes';
import { deleteTaskObjects } from './task-cleanup';
import type { ReconcileResult } from '../runtime/controller';

/**
 * Reconciles one MissionControlCluster: validate and place it with the core, write the one
 * K8ssandraCluster into this (the control plane's) cluster with server-side apply, and mirror
 * the per-DC status the control-plane k8ssandra-operator reports into its status. A change
 * that upstream would accept but never complete (see validateClusterChange) is refused
 * before anything is written. The K8ssandraCluster is read from the cache and written only
 * when the desired state changed or a field the operator applies was changed by someone else
 * (drift, reverted unless the object carries the emergency-edit annotation), so an unchanged
 * cluster costs no reads and no writes, and a pass on the very inputs of one that found
 * nothing to do is skipped (see SettledPasses). Transitions are recorded as Events on the
 * cluster.
 */
export function clusterReconciler(ctx: OperatorContext) {
  const settledPasses = new SettledPasses(ctx);
  return async (key: string): Promise<ReconcileResult | void> => {
    const cached = ctx.clusters.store.getByKey(key);
    // Its own writes of the previous pass count even before the watch delivers them.
    const mcc = ctx.written.clusters.resolve(key, cached);
    if (!mcc || mcc.metadata.deletionTimestamp) settledPasses.forget(key);
    if (!mcc) return;
    const owner = ownerOf(mcc);
    if (mcc.metadata.deletionTimestamp) return finalize(ctx, mcc, owner);
    if (settledPasses.unchanged(key, mcc)) return;
    const finalizers = (mcc.metadata.finalizers as string[] | undefined) ?? [];
    if (!finalizers.includes(CLUSTER_FINALIZER)) ctx.written.clusters.note(key, cached, await setFinalizer(ctx.controlPlane, mcc, true));
    const publishStatus = (status: ClusterStatus) => publish(ctx, mcc, status, (after) => ctx.written.clusters.note(key, cached, after));

    const generation = Number(mcc.metadata.generation ?? 0);
    const previous = mcc.status as Partial<ClusterStatus> | undefined;
    const plan = planCluster(mcc, dataPlaneSpecs(ctx), ctx.k8ssandraNamespace);
    if (!plan.valid) {
      await publishStatus(clusterStatus({ generation, previous, now: ctx.now(), problems: plan.problems }));
      return;
    }

    const errors = new Map<string, string>();
    const desired = withAppliedHash(withAppliedSpec(withOwner(plan.k8ssandraCluster, owner), mcc));
    const object = `${plan.namespace}/${desired.metadata.name}`;
    const hosting = [...new Set(plan.spec.datacenters.map((dc) => dc.dataPlane))];
    const kcRef = { name: desired.metadata.name, namespace: plan.namespace };
    const inputs = settledPasses.inputs(mcc, kcRef, hosting);
    let live = await liveK8ssandraCluster(ctx, kcRef);
    const current = upToDate(live, desired);
    const applied = current ? undefined : appliedSpec(live, mcc);
    const changeProblems = applied ? validateClusterChange(applied, plan.spec) : [];
    if (changeProblems.length > 0) {
      await publishStatus(clusterStatus({ generation, previous, now: ctx.now(), problems: changeProblems }));
      return;
    }
    // Until its caches are in, a data plane is neither reachable nor unreachable: reporting it
    // unreachable would flap the status, and record Events, at every start of the operator.
    // The pass waits (the end of the sync enqueues every cluster) and so writes nothing twice.
    if (hosting.some((dp) => ctx.dataPlanes.connecting(dp))) return { requeueAfterMs: ctx.progressRequeueMs };
    // Recorded once the K8ssandraCluster is written: an Event is a round trip of its own, and a
    // change reaches the data planes one round trip sooner without it in front.
    let planned = !(previous?.observedGeneration === generation && previousCondition(previous, 'Valid')?.status === 'True');
    const recordPlanned = async () => {
      if (!planned) return;
      planned = false;
      const dcs = plan.spec.datacenters.map((dc) => `${dc.name} (${dc.dataPlane}, ${dc.size} nodes)`).join(', ');
      await ctx.events.record(mcc, { type: 'Normal', reason: 'Planned', message: `generation ${generation} accepted: K8ssandraCluster ${object} with datacenters ${dcs}` });
    };

    // A hand edit leaves the applied hash alone: only comparing fields shows it.
    const emergency = emergencyEdit(live);
    const paths = live ? driftedPaths(desired, live) : [];
    const revert = current && paths.length > 0 && emergency === undefined;
    let revertError: string | undefined;
    if (emergency === undefined && (!current || revert)) {
      const existed = live !== undefined;
      if (revert) {
        await ctx.events.record(mcc, { type: 'Warning', reason: 'DriftDetected', message: `K8ssandraCluster ${object} was changed outside the operator at ${paths.join(', ')}; reverting to the desired state` });
      }
      try {
        live = await applyK8ssandraCluster(ctx, desired);
        ctx.logger.info({ cluster: key, namespace: desired.metadata.namespace, reverted: revert ? paths : undefined }, revert ? 'reverted K8ssandraCluster drift' : existed ? 'updated K8ssandraCluster' : 'created K8ssandraCluster');
        await recordPlanned();
        if (!revert) await ctx.events.record(mcc, { type: 'Normal', reason: existed ? 'K8ssandraClusterUpdated' : 'K8ssandraClusterCreated', message: `${existed ? 'updated' : 'created'} K8ssandraCluster ${object} for generation ${generation}` });
      } catch (err) {
        errors.set('control-plane', errorMessage(err));
        if (revert) revertError = errorMessage(err);
        ctx.logger.warn({ cluster: key, err: errorMessage(err) }, 'writing the K8ssandraCluster failed');
        await recordPlanned();
      }
    } else if (emergency !== undefined && paths.length > 0) {
      // Every pass sees it; the condition and its Event tell the user once.
      ctx.logger.debug({ cluster: key, paths, emergency }, 'K8ssandraCluster differs from the desired state; kept for its emergency-edit annotation');
    }
    // A new generation that needed no write is planned all the same.
    await recordPlanned();
    const drift = driftCondition({ object, paths, emergency, reverted: revert && revertError === undefined, error: revertError }, previousCondition(previous, DRIFTED_CONDITION));

    // The K8ssandraCluster's status mirrors every DC; an unreachable data plane makes its
    // DCs' last report stale.
    const observed = new Map<string, DataPlaneObservation>();
    for (const dp of hosting) {
      const reachable = ctx.dataPlanes.reachable(dp);
      observed.set(dp, { reachable, live });
      if (!reachable) errors.set(dp, ctx.dataPlanes.reason(dp) ?? 'unreachable');
    }

    const status = clusterStatus({ generation, previous, now: ctx.now(), spec: plan.spec, observed, errors, drift });
    await publishStatus(status);
    const settled = status.conditions.every((c) => (c.type === 'Ready' ? c.status === 'True' : c.type === 'Progressing' || c.type === 'Degraded' ? c.status === 'False' : true));
    if (settled && errors.size === 0) settledPasses.settled(key, ctx.written.clusters.resolve(key, cached)!, kcRef, hosting, inputs);
    else settledPasses.forget(key);
    return settled ? undefined : { requeueAfterMs: ctx.progressRequeueMs };
  };
}

const previousCondition = (status: Partial<ClusterStatus> | undefined, type: string) => status?.conditions?.find((c) => c.type === type);

/** Writes the status when it changed, then records the Events its transitions are worth. */
async function publish(ctx: OperatorContext, mcc: KubeObject, status: ClusterStatus, written: (after: KubeObject) => void): Promise<void> {
  if (sameStatus(mcc.status, status)) return;
  written(await ctx.controlPlane.patchStatus(RESOURCES.MissionControlCluster, { name: mcc.metadata.name, namespace: mcc.metadata.namespace }, status, { mode: 'apply' }));
  for (const event of clusterTransitionEvents((mcc.status as Partial<ClusterStatus> | undefined)?.conditions, status.conditions)) await ctx.events.record(mcc, event);
}

/**
 * Deletion: with `deletionPolicy: Delete` the K8ssandraCluster goes first (upstream's own
 * finalizer then removes the DCs from every data plane), then the cluster's task objects in
 * the data planes; the finalizer stays while a data plane that may hold some is unreachable.
 * With `Retain` (the default, for data safety) everything stays. Then the finalizer is
 * released.
 */
async function finalize(ctx: OperatorContext, mcc: KubeObject, owner: Owner): Promise<ReconcileResult | void> {
  const finalizers = (mcc.metadata.finalizers as string[] | undefined) ?? [];
  if (!finalizers.includes(CLUSTER_FINALIZER)) return;
  const policy = ((mcc.spec as { deletionPolicy?: string } | undefined)?.deletionPolicy ?? 'Retain') as 'Delete' | 'Retain';
  if (policy === 'Delete') {
    const plan = planCluster(mcc, dataPlaneSpecs(ctx), ctx.k8ssandraNamespace);
    const namespace = plan.valid ? plan.namespace : undefined;
    const live = namespace ? await liveK8ssandraCluster(ctx, { name: mcc.metadata.name, namespace }) : undefined;
    const ours = live?.metadata.labels?.[OWNER_NAME_LABEL] === owner.name && live?.metadata.labels?.[OWNER_NAMESPACE_LABEL] === owner.namespace;
    if (live && ours && !live.metadata.deletionTimestamp) {
      await ctx.controlPlane.delete(RESOURCES.K8ssandraCluster, { name: live.metadata.name, namespace: live.metadata.namespace });
      ctx.logger.info({ cluster: `${owner.namespace}/${owner.name}`, namespace: live.metadata.namespace }, 'deleted K8ssandraCluster');
    }
    const hosting = new Set(plan.valid ? plan.spec.datacenters.map((dc) => dc.dataPlane) : []);
    const pending = await deleteTaskObjects(ctx, owner, hosting);
    if (pending.length > 0) {
      ctx.logger.warn({ cluster: `${owner.namespace}/${owner.name}`, pending }, 'keeping the finalizer until the task objects in every data plane are deleted');
      return { requeueAfterMs: ctx.progressRequeueMs };
    }
  }
  await setFinalizer(ctx.controlPlane, mcc, false);
  ctx.logger.info({ cluster: `${owner.namespace}/${owner.name}`, deletionPolicy: policy }, 'released cluster');
}
