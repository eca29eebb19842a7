import type { Condition } from '../../lib/reconciler/conditions';
import { clusterTransitionEvents, taskTransitionEvents } from '../../lib/reconciler/transition-events';

const c = (type: string, status: Condition['status'], reason = 'R', message = `${type} ${status}`): Condition => ({ type, status, reason, message, lastTransitionTime: 't' });
const reasons = (events: Array<{ reason: string }>) => events.map((e) => e.reason);
/** The conditions as written for `generation`. */
const at = (generation: number, conditions: Condition[]) => conditions.map((x) => ({ ...x, observedGeneration: generation }));

describe('clusterTransitionEvents', () => {
  const healthy = [c('Valid', 'True'), c('DataPlaneReachable', 'True'), c('Ready', 'True'), c('Drifted', 'False')];

  test('nothing when nothing changed: a resync or a restart records no Event', () => {
    expect(clusterTransitionEvents(healthy, healthy)).toEqual([]);
  });

  test('first Ready, and Ready again after being not ready', () => {
    expect(reasons(clusterTransitionEvents(undefined, healthy))).toEqual(['Ready']);
    const notReady = [c('Valid', 'True'), c('DataPlaneReachable', 'True'), c('Ready', 'False')];
    expect(reasons(clusterTransitionEvents(notReady, healthy))).toEqual(['Ready']);
    expect(clusterTransitionEvents(healthy, notReady)).toEqual([{ type: 'Warning', reason: 'Degraded', message: 'no longer ready: Ready False' }]);
  });

  test('not Ready while a new generation rolls out is progress, not Degraded; losing Ready within a generation is', () => {
    const rollingOut = [c('Valid', 'True'), c('DataPlaneReachable', 'True'), c('Ready', 'False', 'DatacentersNotReady', 'not ready: dc1')];
    expect(clusterTransitionEvents(at(1, healthy), at(2, rollingOut))).toEqual([]);
    expect(reasons(clusterTransitionEvents(at(2, rollingOut), at(2, healthy)))).toEqual(['Ready']);
    expect(clusterTransitionEvents(at(2, healthy), at(2, rollingOut))).toEqual([{ type: 'Warning', reason: 'Degraded', message: 'no longer ready: not ready: dc1' }]);
  });

  test('a data plane lost and found again; a second one lost is reported too', () => {
    const one = [c('DataPlaneReachable', 'False', 'Unreachable', 'unreachable: dp2'), c('Ready', 'True')];
    const two = [c('DataPlaneReachable', 'False', 'Unreachable', 'unreachable: dp1, dp2'), c('Ready', 'True')];
    expect(clusterTransitionEvents(healthy, one)).toEqual([{ type: 'Warning', reason: 'DataPlaneUnreachable', message: 'unreachable: dp2' }]);
    expect(reasons(clusterTransitionEvents(one, one))).toEqual([]);
    expect(reasons(clusterTransitionEvents(one, two))).toEqual(['DataPlaneUnreachable']);
    expect(reasons(clusterTransitionEvents(two, healthy))).toEqual(['DataPlaneReachable']);
  });

  test('an invalid spec once per distinct message; an emergency edit kept once per difference', () => {
    const invalid = [c('Valid', 'False', 'InvalidSpec', '[/spec] bad'), c('Ready', 'False')];
    expect(reasons(clusterTransitionEvents(healthy, invalid))).toEqual(['InvalidSpec', 'Degraded']);
    // An invalid new generation: its problems are the Warning.
    expect(reasons(clusterTransitionEvents(at(1, healthy), at(2, invalid)))).toEqual(['InvalidSpec']);
    expect(reasons(clusterTransitionEvents(invalid, invalid))).toEqual([]);
    const kept = [...healthy.filter((x) => x.type !== 'Drifted'), c('Drifted', 'True', 'DriftKeptEmergencyEdit', 'differs at spec.x')];
    expect(reasons(clusterTransitionEvents(healthy, kept))).toEqual(['DriftKeptEmergencyEdit']);
    expect(reasons(clusterTransitionEvents(kept, kept))).toEqual([]);
  });
});

describe('taskTransitionEvents', () => {
  test('started, then completed; each once', () => {
    const running = { conditions: [c('Valid', 'True'), c('Complete', 'False')], startTime: 't', datacenters: [{ name: 'a1', dataPlane: 'dp1' }] };
    expect(taskTransitionEvents(undefined, running)).toEqual([{ type: 'Normal', reason: 'Started', message: 'task objects created for a1 (dp1)' }]);
    expect(taskTransitionEvents(running, running)).toEqual([]);
    const done = { ...running, conditions: [c('Valid', 'True'), c('Complete', 'True', 'AllDatacentersComplete', 'complete in a1')] };
    expect(taskTransitionEvents(running, done)).toEqual([{ type: 'Normal', reason: 'Completed', message: 'complete in a1' }]);
  });

  test('failed, and invalid with the condition reason', () => {
    expect(reasons(taskTransitionEvents({ startTime: 't' }, { startTime: 't', conditions: [c('Failed', 'True')] }))).toEqual(['Failed']);
    expect(taskTransitionEvents(undefined, { conditions: [c('Valid', 'False', 'ClusterNotFound', 'no such cluster')] })).toEqual([{ type: 'Warning', reason: 'ClusterNotFound', message: 'no such cluster' }]);
  });
});
