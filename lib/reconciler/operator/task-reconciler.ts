import type { KubeObject } from '../../core/kube-object';
import { KubeApiError } from '../../kube/errors';
import { RESOURCES } from '../../kube/resources';
import { sameStatus } from '../cluster-status';
import { setConditions, type Condition, type ConditionInput } from '../conditions';
import { planCluster } from '../desired-state';
import { OWNER_TASK_LABEL, OWNER_TASK_UID_LABEL, ownerOf, withOwner } from '../ownership';
import { phaseOf, planTask, type ObjectPhase } from '../task-plan';
import { taskTransitionEvents } from '../transition-events';
import { withAppliedHash } from './applied-hash';
import { dataPlaneSpecs, errorMessage, type OperatorContext } from './context';
import type { WatchedKind } from './data-planes';
import type { ReconcileResult } from '../runtime/controller';

interface DatacenterProgress {
  name: string;
  dataPlane: string;
  phase: ObjectPhase;
  message: string;
}

interface TaskStatus {
  observedGeneration: number;
  conditions: Condition[];
  datacenters?: DatacenterProgress[];
  startTime?: string;
  completionTime?: string;
}

const isTerminal = (status: Partial<TaskStatus> | undefined) =>
  (status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** The DCs one upstream object acts on. */
function datacentersOf(obj: KubeObject): string[] {
  const spec = obj.spec as { datacenters?: string[]; cassandraDatacenter?: string; datacenter?: { name: string } } | undefined;
  return spec?.datacenters ?? (spec?.cassandraDatacenter ? [spec.cassandraDatacenter] : spec?.datacenter ? [spec.datacenter.name] : []);
}

/**
 * Reconciles one MissionControlTask: plan it with the core into upstream task objects in the
 * data planes hosting its DCs, create each exactly once (deterministic names; the status
 * records what was created, so neither a restart nor an operator-side cleanup re-runs it), and
 * track them until Complete or Failed. Objects are keyed by the task's UID: those left by an
 * earlier task of the same name are deleted and created anew, so a re-created task runs again.
 * Starting, completing, failing and an invalid spec are recorded as Events on the task.
 */
export function taskReconciler(ctx: OperatorContext) {
  return async (key: string): Promise<ReconcileResult | void> => {
    const inCache = ctx.tasks.store.getByKey(key);
    // Its own status write of the previous pass counts even before the watch delivers it.
    const task = ctx.written.tasks.resolve(key, inCache);
    if (!task || task.metadata.deletionTimestamp) return;
    const writeStatus = (status: Partial<TaskStatus>) => publish(ctx, task, status, (after) => ctx.written.tasks.note(key, inCache, after));
    const previous = task.status as Partial<TaskStatus> | undefined;
    if (isTerminal(previous)) return;
    const generation = Number(task.metadata.generation ?? 0);
    const uid = String(task.metadata.uid ?? '');
    const spec = (task.spec ?? {}) as { cluster?: string };
    const invalid = async (reason: string, message: string) => {
      await writeStatus({
        observedGeneration: generation,
        conditions: setConditions(previous?.conditions ?? [], [{ type: 'Valid', status: 'False', reason, message }], generation, ctx.now()),
        ...(previous?.datacenters ? { datacenters: previous.datacenters } : {}),
      });
      return { requeueAfterMs: ctx.progressRequeueMs * 3 };
    };

    const cluster = ctx.clusters.store.get(spec.cluster ?? '', task.metadata.namespace);
    if (!cluster) return invalid('ClusterNotFound', `MissionControlCluster ${task.metadata.namespace}/${spec.cluster} does not exist`);
    const dataPlanes = dataPlaneSpecs(ctx);
    const clusterPlan = planCluster(cluster, dataPlanes, ctx.k8ssandraNamespace);
    if (!clusterPlan.valid) return invalid('ClusterInvalid', `cluster ${spec.cluster} is invalid: ${clusterPlan.problems.map((p) => p.message).join('; ')}`);
    const plan = planTask(task, clusterPlan.spec, dataPlanes);
    if (!plan.valid) return invalid('InvalidSpec', plan.problems.map((p) => `[${p.path}] ${p.message}. Fix: ${p.fix}`).join('\n'));

    const recorded = new Map((previous?.datacenters ?? []).map((d) => [`${d.dataPlane}/${d.name}`, d]));
    const progress: DatacenterProgress[] = [];
    const waiting: string[] = [];
    for (const [dataPlane, objects] of plan.objects) {
      const connection = ctx.dataPlanes.get(dataPlane);
      for (const obj of objects) {
        const dcs = datacentersOf(obj);
        const informer = connection?.informers[obj.kind as WatchedKind];
        const cached = informer?.store.get(obj.metadata.name, obj.metadata.namespace);
        // Objects written before the UID label existed count as this task's.
        const stale = cached !== undefined && (cached.metadata.labels?.[OWNER_TASK_UID_LABEL] ?? uid) !== uid;
        const live = stale ? undefined : cached;
        const created = dcs.every((dc) => recorded.has(`${dataPlane}/${dc}`));
        if (stale) {
          if (!connection || !ctx.dataPlanes.reachable(dataPlane)) {
            waiting.push(`${dataPlane}: ${ctx.dataPlanes.reason(dataPlane) ?? 'unreachable'}`);
            continue;
          }
          try {
            const ref = { name: cached.metadata.name, namespace: cached.metadata.namespace };
            // Only the object seen: one created meanwhile for this task stays.
            await connection.client.delete(RESOURCES[obj.kind as WatchedKind], ref, { preconditions: { uid: String(cached.metadata.uid) } });
            ctx.logger.info({ task: key, dataPlane, kind: obj.kind, name: obj.metadata.name }, 'deleted the object of an earlier task of the same name');
          } catch (err) {
            if (!(err instanceof KubeApiError && err.status === 409)) {
              waiting.push(`${dataPlane}: ${errorMessage(err)}`);
              continue;
            }
          }
          // Created once the cache shows the old object gone.
          waiting.push(`${dataPlane}: replacing ${obj.kind} ${obj.metadata.name} of an earlier task`);
          continue;
        }
        if (!live && !created) {
          if (!connection || !ctx.dataPlanes.reachable(dataPlane)) {
            waiting.push(`${dataPlane}: ${ctx.dataPlanes.reason(dataPlane) ?? 'unreachable'}`);
            continue;
          }
          try {
            const desired = withAppliedHash(withOwner(obj, ownerOf(cluster), { [OWNER_TASK_LABEL]: task.metadata.name, [OWNER_TASK_UID_LABEL]: uid }));
            await connection.client.apply(RESOURCES[obj.kind as WatchedKind], desired);
            ctx.logger.info({ task: key, dataPlane, kind: obj.kind, name: obj.metadata.name }, 'created task object');
          } catch (err) {
            waiting.push(`${dataPlane}: ${errorMessage(err)}`);
            continue;
          }
        }
        for (const dc of dcs) {
          const before = recorded.get(`${dataPlane}/${dc}`);
          const phase = live ? phaseOf(live) : (before?.phase ?? 'Pending');
          progress.push({ name: dc, dataPlane, phase, message: `${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}` });
        }
      }
    }

    const total = [...plan.objects.values()].flat().flatMap(datacentersOf).length;
    const failed = progress.filter((p) => p.phase === 'Failed').map((p) => p.name);
    const complete = progress.length === total && waiting.length === 0 && progress.every((p) => p.phase === 'Complete');
    const conditions: ConditionInput[] = [
      { type: 'Valid', status: 'True', reason: 'Valid', message: 'the task passed validation' },
      failed.length > 0
        ? { type: 'Failed', status: 'True', reason: 'DatacenterFailed', message: `failed in ${failed.join(', ')}` }
        : { type: 'Failed', status: 'False', reason: 'NoFailure', message: 'no datacenter failed' },
      complete
        ? { type: 'Complete', status: 'True', reason: 'AllDatacentersComplete', message: `complete in ${progress.map((p) => p.name).join(', ')}` }
        : { type: 'Complete', status: 'False', reason: waiting.length > 0 ? 'WaitingForDataPlane' : 'InProgress', message: waiting.join('; ') || `${progress.filter((p) => p.phase === 'Complete').length}/${total} datacenters complete` },
    ];
    const terminal = complete || failed.length > 0;
    const now = ctx.now();
    const status: TaskStatus = {
      observedGeneration: generation,
      conditions: setConditions(previous?.conditions ?? [], conditions, generation, now),
      datacenters: progress,
      ...(previous?.startTime || progress.length > 0 ? { startTime: previous?.startTime ?? now } : {}),
      ...(terminal ? { completionTime: previous?.completionTime ?? now } : {}),
    };
    await writeStatus(status);
    return terminal ? undefined : { requeueAfterMs: ctx.progressRequeueMs };
  };
}

/** Writes the status when it changed, then records the Events its transitions are worth. */
async function publish(ctx: OperatorContext, task: KubeObject, status: Partial<TaskStatus>, written: (after: KubeObject) => void): Promise<void> {
  if (sameStatus(task.status, status)) return;
  written(await ctx.controlPlane.patchStatus(RESOURCES.MissionControlTask, { name: task.metadata.name, namespace: task.metadata.namespace }, status, { mode: 'apply' }));
  for (const event of taskTransitionEvents(task.status as Partial<TaskStatus> | undefined, status)) await ctx.events.record(task, event);
}
