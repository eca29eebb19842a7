import type { Condition } from './conditions';
import type { EventInput } from './operator/event-recorder';

const find = (conditions: readonly Condition[] | undefined, type: string) => conditions?.find((c) => c.type === type);
/** A new condition, or one that says something else than before. */
const changed = (before: Condition | undefined, after: Condition) =>
  !before || before.status !== after.status || before.reason !== after.reason || before.message !== after.message;

/**
 * The Events a status change of a MissionControlCluster is worth, derived from its previous
 * and next conditions only. The previous ones are the persisted status, so a pass that
 * changes nothing, a resync or a restart of the operator records nothing.
 */
export function clusterTransitionEvents(previous: readonly Condition[] | undefined, next: readonly Condition[]): EventInput[] {
  const events: EventInput[] = [];
  const before = (type: string) => find(previous, type);
  const valid = find(next, 'Valid');
  if (valid?.status === 'False' && changed(before('Valid'), valid)) events.push({ type: 'Warning', reason: 'InvalidSpec', message: valid.message });
  const reachable = find(next, 'DataPlaneReachable');
  if (reachable?.status === 'False' && changed(before('DataPlaneReachable'), reachable)) {
    events.push({ type: 'Warning', reason: 'DataPlaneUnreachable', message: reachable.message });
  }
  if (reachable?.status === 'True' && before('DataPlaneReachable')?.status === 'False') events.push({ type: 'Normal', reason: 'DataPlaneReachable', message: reachable.message });
  const ready = find(next, 'Ready');
  if (ready?.status === 'True' && before('Ready')?.status !== 'True') events.push({ type: 'Normal', reason: 'Ready', message: ready.message });
  // A new generation being rolled out is not Ready until it is done; that is progress, which
  // `Planned` and `K8ssandraClusterUpdated` report, not a fault to warn about.
  const wasReady = before('Ready');
  if (ready?.status === 'False' && wasReady?.status === 'True' && wasReady.observedGeneration === ready.observedGeneration) {
    events.push({ type: 'Warning', reason: 'Degraded', message: `no longer ready: ${ready.message}` });
  }
  const drifted = find(next, 'Drifted');
  if (drifted?.status === 'True' && drifted.reason === 'DriftKeptEmergencyEdit' && changed(before('Drifted'), drifted)) {
    events.push({ type: 'Warning', reason: 'DriftKeptEmergencyEdit', message: drifted.message });
  }
  return events;
}

/** What the task Events are derived from: its conditions and when it started. */
export interface TaskProgress {
  readonly conditions?: readonly Condition[];
  readonly startTime?: string;
  readonly datacenters?: ReadonlyArray<{ readonly name: string; readonly dataPlane: string }>;
}

/** The Events a status change of a MissionControlTask is worth; see {@link clusterTransitionEvents}. */
export function taskTransitionEvents(previous: TaskProgress | undefined, next: TaskProgress): EventInput[] {
  const events: EventInput[] = [];
  const before = (type: string) => find(previous?.conditions, type);
  const valid = find(next.conditions, 'Valid');
  // Its reason says what is wrong: ClusterNotFound, ClusterInvalid or InvalidSpec.
  if (valid?.status === 'False' && changed(before('Valid'), valid)) events.push({ type: 'Warning', reason: valid.reason, message: valid.message });
  if (next.startTime && !previous?.startTime) {
    const where = (next.datacenters ?? []).map((d) => `${d.name} (${d.dataPlane})`).join(', ');
    events.push({ type: 'Normal', reason: 'Started', message: `task objects created for ${where}` });
  }
  const complete = find(next.conditions, 'Complete');
  if (complete?.status === 'True' && before('Complete')?.status !== 'True') events.push({ type: 'Normal', reason: 'Completed', message: complete.message });
  const failed = find(next.conditions, 'Failed');
  if (failed?.status === 'True' && before('Failed')?.status !== 'True') events.push({ type: 'Warning', reason: 'Failed', message: failed.message });
  return events;
}
