import { CP_NAMESPACE, DP_NAMESPACE, K8SSANDRA_NAMESPACE, eventually, startReconcilerPlatform, type ReconcilerPlatform } from './support/reconciler-platform';
import { GROUP_VERSION } from '../../lib/core/api-group';
import type { KubeObject } from '../../lib/core/kube-object';
import { k8ssandraClusterAccess } from '../../lib/core/manifests/k8ssandra-cluster-access';
import { missionControlOperatorRules } from '../../lib/core/manifests/mission-control-operator';
import { RESOURCES } from '../../lib/kube/resources';
import { EMERGENCY_EDIT_ANNOTATION } from '../../lib/reconciler/operator/drift';
import type { MissionControlOperator } from '../../lib/reconciler/operator/operator';
import { CLUSTER_FINALIZER, OWNER_NAME_LABEL, OWNER_TASK_UID_LABEL } from '../../lib/reconciler/ownership';

/**
 * The control-plane operator against three real API servers (control plane + two data
 * planes). k8ssandra-operator cannot run here; a status stand-in per data plane writes the
 * status it would report for that data plane's DCs onto the K8ssandraCluster, and the status
 * of the task objects there. It tests the operator's logic, not cluster behaviour.
 */
let platform: ReconcilerPlatform;
let operator: MissionControlOperator;

beforeAll(async () => {
  platform = await startReconcilerPlatform();
  operator = await platform.startOperator();
}, 600_000);

afterAll(async () => {
  await platform?.stop();
});

type Spec = Record<string, unknown>;
const cluster = (name: string, spec: Spec): KubeObject => ({
  apiVersion: GROUP_VERSION,
  kind: 'MissionControlCluster',
  metadata: { name, namespace: CP_NAMESPACE },
  spec,
});
const baseSpec = (clusterName: string, datacenters: Spec[], extra: Spec = {}): Spec => ({
  clusterName,
  serverType: 'cassandra',
  serverVersion: '4.1.8',
  storage: { storageClassName: 'standard', size: '10Gi' },
  datacenters,
  ...extra,
});

const getCluster = (name: string) => platform.cp.get(RESOURCES.MissionControlCluster, { name, namespace: CP_NAMESPACE });
const condition = (obj: KubeObject | undefined, type: string) => ((obj?.status as any)?.conditions ?? []).find((c: any) => c.type === type);
const dcCondition = (obj: KubeObject | undefined, dc: string) => ((obj?.status as any)?.datacenters?.find((d: any) => d.name === dc)?.conditions ?? []).find((c: any) => c.type === 'Ready');
/** The one K8ssandraCluster of a cluster, in the control plane's cluster. */
const k8ssandraCluster = (name: string) => platform.cp.get(RESOURCES.K8ssandraCluster, { name, namespace: K8SSANDRA_NAMESPACE });
const cassandraTasks = async (dp: 'dp1' | 'dp2') => (await platform.dp[dp].list(RESOURCES.CassandraTask, { namespace: DP_NAMESPACE })).items;
const apply = (obj: KubeObject) => platform.cp.apply(RESOURCES.MissionControlCluster, obj, { fieldManager: 'user' });
/** The Events on one object, in the order they were recorded (their names end in a timestamp). */
const eventsOf = async (kind: string, name: string) =>
  ((await platform.cp.list(RESOURCES.Event, { namespace: CP_NAMESPACE, fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}` })).items as any[])
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
const waitEvent = (kind: string, name: string, reason: string, text = '') =>
  eventually(async () => (await eventsOf(kind, name)).find((e) => e.reason === reason && (e.message as string).includes(text)), 30_000, `${kind} ${name} Event ${reason} ${text}`);

async function waitReady(name: string): Promise<KubeObject> {
  return eventually(async () => {
    const obj = await getCluster(name);
    return condition(obj, 'Ready')?.status === 'True' && (obj!.status as any).observedGeneration === obj!.metadata.generation ? obj : undefined;
  }, 60_000, `${name} Ready`);
}

async function waitCondition(name: string, type: string, status: string, generation?: number): Promise<KubeObject> {
  return eventually(async () => {
    const obj = await getCluster(name);
    const c = condition(obj, type);
    return c?.status === status && (generation === undefined || c.observedGeneration >= generation) ? obj : undefined;
  }, 60_000, `${name} ${type}=${status}`);
}

test('create -> one K8ssandraCluster in the control plane, status flows back, cluster Ready', async () => {
  platform.standIns.dp1.readyDatacenters.add('a1');
  await apply(cluster('alpha', baseSpec('alpha', [{ name: 'a1', dataPlane: 'dp1', size: 3 }])));
  const ready = await waitReady('alpha');
  const kc = (await k8ssandraCluster('alpha'))!;
  expect((kc.spec as any).cassandra.datacenters.map((d: any) => [d.metadata.name, d.k8sContext, d.size])).toEqual([['a1', 'dp1', 3]]);
  expect(kc.metadata.labels).toMatchObject({ [OWNER_NAME_LABEL]: 'alpha', 'app.kubernetes.io/managed-by': 'mission-control-operator' });
  expect((kc.metadata.managedFields as any[]).map((m) => m.manager)).toContain('mission-control-operator');
  expect(ready.metadata.finalizers).toContain(CLUSTER_FINALIZER);
  expect((ready.status as any).datacenters).toEqual([
    expect.objectContaining({ name: 'a1', dataPlane: 'dp1', size: 3, readyReplicas: 3 }),
  ]);
  for (const type of ['Valid', 'DataPlaneReachable']) expect(condition(ready, type)).toMatchObject({ status: 'True', observedGeneration: ready.metadata.generation });
  expect(condition(ready, 'Degraded')?.status).toBe('False');
  // Nothing of a cluster goes into a data plane until a task runs there.
  expect(await cassandraTasks('dp1')).toEqual([]);
});

/** The operator's write count once it has stayed the same for a second. */
async function writesSettled(): Promise<number> {
  const settled = await eventually(async () => {
    const before = operator.writeCount();
    await new Promise((r) => setTimeout(r, 1_000));
    return operator.writeCount() === before ? { writes: before } : undefined;
  }, 30_000, 'writes settled');
  return settled.writes;
}

test('steady state costs zero reads and zero writes', async () => {
  await waitReady('alpha');
  await new Promise((r) => setTimeout(r, 1_500));
  const writes = operator.writeCount();
  const reads = operator.readCount();
  // Several resync periods (1 s) pass: every cluster is reconciled from the caches.
  await new Promise((r) => setTimeout(r, 3_500));
  expect(operator.writeCount()).toBe(writes);
  expect(operator.readCount()).toBe(reads);
});

test('transitions are Events on the cluster, recorded once each by the operator, and none in the steady state', async () => {
  const alpha = await waitReady('alpha');
  // Recorded right after the status write that set the condition.
  await waitEvent('MissionControlCluster', 'alpha', 'Ready');
  const events = await eventsOf('MissionControlCluster', 'alpha');
  expect(events.map((e) => [e.type, e.reason])).toEqual([['Normal', 'Planned'], ['Normal', 'K8ssandraClusterCreated'], ['Normal', 'Ready']]);
  expect(events[0].message).toBe('generation 1 accepted: K8ssandraCluster k8ssandra-operator/alpha with datacenters a1 (dp1, 3 nodes)');
  for (const e of events) {
    expect(e).toMatchObject({ count: 1, source: { component: 'mission-control-operator' }, reportingComponent: 'mission-control-operator', reportingInstance: operator.identity });
    expect(e.involvedObject).toMatchObject({ apiVersion: GROUP_VERSION, kind: 'MissionControlCluster', name: 'alpha', namespace: CP_NAMESPACE, uid: alpha.metadata.uid });
  }
  // Resyncs (1 s) re-reconcile it from the caches: nothing more is recorded.
  await new Promise((r) => setTimeout(r, 2_500));
  expect((await eventsOf('MissionControlCluster', 'alpha')).map((e) => [e.reason, e.count])).toEqual([['Planned', 1], ['K8ssandraClusterCreated', 1], ['Ready', 1]]);
});

describe('drift of the K8ssandraCluster', () => {
  const name = 'drifty';
  const edit = (spec: Spec, annotations?: Record<string, string>) => platform.cp.apply(
    RESOURCES.K8ssandraCluster,
    { apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', metadata: { name, namespace: K8SSANDRA_NAMESPACE, ...(annotations ? { annotations } : {}) }, spec },
    { fieldManager: 'hand-edit' },
  );
  const serverVersion = async () => ((await k8ssandraCluster(name))?.spec as any)?.cassandra?.serverVersion as string | undefined;
  const driftEvents = async (reason: string) => (await eventsOf('MissionControlCluster', name)).filter((e) => e.reason === reason);

  beforeAll(async () => {
    platform.standIns.dp1.readyDatacenters.add('z1');
    await apply(cluster(name, baseSpec(name, [{ name: 'z1', dataPlane: 'dp1', size: 3 }])));
    await waitReady(name);
  }, 120_000);

  test('a hand edit by another field manager is reverted, reported in Drifted and as a Warning Event', async () => {
    await edit({ cassandra: { serverVersion: '4.1.9' } });
    await eventually(async () => (await serverVersion()) === '4.1.8', 30_000, 'serverVersion reverted');
    const reverted = await waitCondition(name, 'Drifted', 'False');
    expect(condition(reverted, 'Drifted')).toMatchObject({ reason: 'DriftReverted', message: expect.stringContaining('spec.cassandra.serverVersion') });
    const [event] = await driftEvents('DriftDetected');
    expect(event).toMatchObject({ type: 'Warning', count: 1, message: expect.stringContaining('spec.cassandra.serverVersion') });
    expect(condition(await waitReady(name), 'Ready')?.status).toBe('True');
  });

  test('the same edit again counts up the same Event', async () => {
    await waitReady(name);
    await edit({ cassandra: { serverVersion: '4.1.9' } });
    await eventually(async () => (await driftEvents('DriftDetected'))[0]?.count === 2, 30_000, 'DriftDetected count 2');
    await eventually(async () => (await serverVersion()) === '4.1.8', 30_000, 'serverVersion reverted again');
    expect(await driftEvents('DriftDetected')).toHaveLength(1);
    // Upstream has a new generation to act on: not ready until it reports it, then Ready again.
    await waitReady(name);
    await eventually(async () => (await driftEvents('Ready'))[0]?.count >= 2, 30_000, 'Ready counted up');
  });

  test('a DC size changed by update, as kubectl edit does, is reverted too', async () => {
    const live = (await k8ssandraCluster(name))!;
    (live.spec as any).cassandra.datacenters[0].size = 9;
    await platform.cp.update(RESOURCES.K8ssandraCluster, live);
    await waitEvent('MissionControlCluster', name, 'DriftDetected', 'spec.cassandra.datacenters[0].size');
    await eventually(async () => ((await k8ssandraCluster(name))?.spec as any).cassandra.datacenters[0].size === 3, 30_000, 'size reverted');
    await eventually(async () => condition(await getCluster(name), 'Drifted')?.message.includes('datacenters[0].size'), 30_000, 'Drifted names the size');
  });

  test('with the emergency-edit annotation the edit is kept and reported, with no writes; removing it reverts', async () => {
    await edit({ cassandra: { serverVersion: '4.1.9' } }, { [EMERGENCY_EDIT_ANNOTATION]: 'INC-7: trying a patch release' });
    const kept = await waitCondition(name, 'Drifted', 'True');
    expect(condition(kept, 'Drifted')).toMatchObject({ reason: 'DriftKeptEmergencyEdit', message: expect.stringContaining('spec.cassandra.serverVersion') });
    expect(condition(kept, 'Drifted').message).toContain('INC-7: trying a patch release');
    // Recorded right after the status write that set the condition.
    expect(await waitEvent('MissionControlCluster', name, 'DriftKeptEmergencyEdit', 'INC-7')).toMatchObject({ type: 'Warning', count: 1 });
    // Upstream sees the edit as a new generation; wait for that to settle before counting,
    // including the Event recorded after the status write that made the cluster Ready.
    await waitReady(name);
    const writes = await writesSettled();
    // Several resyncs: the edit stays, nothing is written or recorded again (reads: the steady-state test).
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await serverVersion()).toBe('4.1.9');
    expect(operator.writeCount()).toBe(writes);
    expect((await driftEvents('DriftKeptEmergencyEdit')).map((e) => e.count)).toEqual([1]);

    // As `kubectl annotate ... emergency-edit-` does.
    await platform.cp.mergePatch(RESOURCES.K8ssandraCluster, { name, namespace: K8SSANDRA_NAMESPACE }, { metadata: { annotations: { [EMERGENCY_EDIT_ANNOTATION]: null } } });
    await eventually(async () => (await serverVersion()) === '4.1.8', 30_000, 'reverted once the annotation is gone');
    const after = await waitCondition(name, 'Drifted', 'False');
    expect(condition(after, 'Drifted')).toMatchObject({ reason: 'DriftReverted', message: expect.stringContaining('spec.cassandra.serverVersion') });
    const reverts = (await driftEvents('DriftDetected')).filter((e) => e.message.includes('spec.cassandra.serverVersion'));
    expect(reverts.map((e) => e.count)).toEqual([3]);
  });
});

test('scaling a DC updates the K8ssandraCluster and re-converges', async () => {
  await apply(cluster('alpha', baseSpec('alpha', [{ name: 'a1', dataPlane: 'dp1', size: 6 }])));
  await eventually(async () => (((await k8ssandraCluster('alpha'))?.spec as any)?.cassandra.datacenters[0].size === 6), 30_000, 'size 6');
  const ready = await waitReady('alpha');
  await waitEvent('MissionControlCluster', 'alpha', 'Planned', 'generation 2 accepted');
  await waitEvent('MissionControlCluster', 'alpha', 'K8ssandraClusterUpdated', 'for generation 2');
  expect((ready.status as any).datacenters[0]).toMatchObject({ size: 6, readyReplicas: 6 });
  // Not Ready while generation 2 rolled out, then Ready again: no Warning for planned progress.
  const readyCount = async () => (await eventsOf('MissionControlCluster', 'alpha')).filter((e) => e.reason === 'Ready').reduce((n, e) => n + Number(e.count), 0);
  await eventually(async () => (await readyCount()) === 2, 30_000, 'alpha Ready recorded again');
  expect((await eventsOf('MissionControlCluster', 'alpha')).filter((e) => e.type === 'Warning')).toEqual([]);
});

test('a status change on the K8ssandraCluster reaches the cluster through its watch, not a resync', async () => {
  // The only operator, and one that neither resyncs nor requeues within the test.
  await operator.stop();
  const op = await platform.startOperator({ resyncPeriodMs: 600_000, progressRequeueMs: 600_000 });
  try {
    platform.standIns.dp1.readyDatacenters.add('w1');
    await apply(cluster('watched', baseSpec('watched', [{ name: 'w1', dataPlane: 'dp1', size: 3 }])));
    await waitReady('watched');
    const started = Date.now();
    platform.standIns.dp1.readyDatacenters.delete('w1');
    const notReady = await waitCondition('watched', 'Ready', 'False');
    // Neither a resync nor a progress requeue (10 minutes each) can have done it.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(dcCondition(notReady, 'w1')).toMatchObject({ status: 'False', reason: 'Updating' });
    await platform.cp.delete(RESOURCES.MissionControlCluster, { name: 'watched', namespace: CP_NAMESPACE });
    await eventually(async () => !(await getCluster('watched')), 30_000, 'watched released');
  } finally {
    await op.stop();
    operator = await platform.startOperator();
  }
});

test('two DCs in two data planes: one K8ssandraCluster, each DC naming its data plane, status mirrored per DC', async () => {
  await platform.cp.apply(RESOURCES.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'beta-superuser', namespace: CP_NAMESPACE }, type: 'Opaque', data: { username: Buffer.from('admin').toString('base64'), password: Buffer.from('s3cret').toString('base64') } });
  platform.standIns.dp1.readyDatacenters.add('b1');
  const dcs = [{ name: 'b1', dataPlane: 'dp1', size: 3 }, { name: 'b2', dataPlane: 'dp2', size: 3 }];
  await apply(cluster('beta', baseSpec('beta', dcs, { superuserSecretRef: { name: 'beta-superuser' } })));
  const kc = await eventually(() => k8ssandraCluster('beta'), 30_000, 'beta K8ssandraCluster');
  expect((kc.spec as any).cassandra.datacenters.map((d: any) => [d.metadata.name, d.k8sContext])).toEqual([['b1', 'dp1'], ['b2', 'dp2']]);
  // Upstream's ReplicatedSecret controller copies the superuser Secret; the operator only names it.
  expect((kc.spec as any).cassandra.superuserSecretRef).toEqual({ name: 'beta-superuser' });

  const partly = await eventually(async () => {
    const obj = await getCluster('beta');
    // Until dp2's report arrives, b2 is Pending.
    return dcCondition(obj, 'b1')?.status === 'True' && dcCondition(obj, 'b2')?.reason === 'Updating' ? obj : undefined;
  }, 30_000, 'b1 Ready, b2 reported Updating');
  expect(dcCondition(partly, 'b2')?.status).toBe('False');
  expect(condition(partly, 'Ready')).toMatchObject({ status: 'False', message: 'not ready: b2' });
  expect(condition(partly, 'Progressing')?.status).toBe('True');
  expect((partly.status as any).datacenters.map((d: any) => [d.name, d.dataPlane, d.readyReplicas])).toEqual([['b1', 'dp1', 3], ['b2', 'dp2', 0]]);

  platform.standIns.dp2.readyDatacenters.add('b2');
  const ready = await waitReady('beta');
  expect((ready.status as any).datacenters.map((d: any) => [d.name, d.readyReplicas])).toEqual([['b1', 3], ['b2', 3]]);
  const list = await platform.cp.list(RESOURCES.K8ssandraCluster, { namespace: K8SSANDRA_NAMESPACE });
  expect(list.items.filter((o) => o.metadata.name === 'beta')).toHaveLength(1);
});

test('an invalid spec gets Valid=False with the reasons, and nothing is written', async () => {
  // Passes the CRD schema, fails the core validation.
  await apply(cluster('gamma', baseSpec('gamma', [{ name: 'g1', dataPlane: 'dp1', size: 4 }, { name: 'g2', dataPlane: 'nowhere', size: 3 }], { serverVersion: '9.0.0' })));
  const invalid = await waitCondition('gamma', 'Valid', 'False');
  const message = condition(invalid, 'Valid').message as string;
  expect(message).toContain('"nowhere"');
  expect(message).toContain('9.0.0');
  expect(message).toMatch(/size 4/);
  expect(message).toContain('Fix:');
  expect(await k8ssandraCluster('gamma')).toBeUndefined();
  expect(await waitEvent('MissionControlCluster', 'gamma', 'InvalidSpec', '"nowhere"')).toMatchObject({ type: 'Warning', count: 1 });
  expect((await eventsOf('MissionControlCluster', 'gamma')).map((e) => e.reason)).toEqual(['InvalidSpec']);
});

describe('changes upstream would accept but never complete are refused before anything is written', () => {
  const epsilon = (extra: Spec = {}, dcs: Spec[] = [{ name: 'e1', dataPlane: 'dp1', size: 3 }, { name: 'e2', dataPlane: 'dp2', size: 3 }]) => cluster('epsilon', baseSpec('epsilon', dcs, extra));
  const orders = (replication: Record<string, number>) => ({ keyspaces: [{ name: 'orders', replication }] });
  let applied: KubeObject;

  beforeAll(async () => {
    platform.standIns.dp1.readyDatacenters.add('e1');
    platform.standIns.dp2.readyDatacenters.add('e2');
    await apply(epsilon(orders({ e1: 3, e2: 3 })));
    await waitReady('epsilon');
    applied = (await k8ssandraCluster('epsilon'))!;
  }, 120_000);

  async function refused(change: KubeObject): Promise<string> {
    const generation = (await apply(change)).metadata.generation as number;
    const obj = await waitCondition('epsilon', 'Valid', 'False', generation);
    // Give a wrongly accepted change time to land before checking that none did.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await k8ssandraCluster('epsilon'))!.metadata.resourceVersion).toBe(applied.metadata.resourceVersion);
    expect(condition(obj, 'Ready')?.status).toBe('False');
    return condition(obj, 'Valid').message as string;
  }

  test('a storage class change', async () => {
    const message = await refused(epsilon({ ...orders({ e1: 3, e2: 3 }), storage: { storageClassName: 'fast', size: '10Gi' } }));
    expect(message).toContain('/storage/storageClassName');
    expect(message).toContain('"standard"');
    expect(message).toContain('"fast"');
  });

  test('a serverType change', async () => {
    const message = await refused(epsilon({ ...orders({ e1: 3, e2: 3 }), serverType: 'hcd', serverVersion: '1.1.0' }));
    expect(message).toContain('/serverType');
  });

  test('removing a DC that declared keyspaces still replicate to', async () => {
    const message = await refused(epsilon(orders({ e1: 3 }), [{ name: 'e1', dataPlane: 'dp1', size: 3 }]));
    expect(message).toContain('"e2" is removed while keyspaces orders keep replicas in it');
  });

  test('reverting to the applied spec is valid again, with nothing to write', async () => {
    await apply(epsilon(orders({ e1: 3, e2: 3 })));
    await waitReady('epsilon');
    expect(condition(await getCluster('epsilon'), 'Valid')?.status).toBe('True');
    expect((await k8ssandraCluster('epsilon'))!.metadata.resourceVersion).toBe(applied.metadata.resourceVersion);
  });

  test('an allowed change is still applied', async () => {
    await apply(epsilon(orders({ e1: 3, e2: 3 }), [{ name: 'e1', dataPlane: 'dp1', size: 6 }, { name: 'e2', dataPlane: 'dp2', size: 3 }]));
    await eventually(async () => (((await k8ssandraCluster('epsilon'))?.spec as any)?.cassandra.datacenters[0].size === 6), 30_000, 'e1 size 6');
    await waitReady('epsilon');
  });
});

const task = (name: string, clusterName: string, command: string, args: Spec = {}, datacenters?: string[]): KubeObject => ({
  apiVersion: GROUP_VERSION,
  kind: 'MissionControlTask',
  metadata: { name, namespace: CP_NAMESPACE },
  spec: { cluster: clusterName, command, ...(Object.keys(args).length ? { args } : {}), ...(datacenters ? { datacenters } : {}) },
});
const getTask = (name: string) => platform.cp.get(RESOURCES.MissionControlTask, { name, namespace: CP_NAMESPACE });
const taskDone = (name: string, type: 'Complete' | 'Failed') => eventually(async () => {
  const t = await getTask(name);
  return condition(t, type)?.status === 'True' ? t : undefined;
}, 30_000, `${name} ${type}`);

test('a task runs once per DC, in the data plane hosting it, and is tracked to Complete', async () => {
  await waitReady('beta');
  await platform.cp.apply(RESOURCES.MissionControlTask, task('beta-cleanup', 'beta', 'cleanup', { keyspace: 'orders' }));
  const done = await taskDone('beta-cleanup', 'Complete');
  expect((done.status as any).datacenters.map((d: any) => [d.name, d.dataPlane, d.phase])).toEqual([['b1', 'dp1', 'Complete'], ['b2', 'dp2', 'Complete']]);
  expect((done.status as any).completionTime).toEqual(expect.any(String));
  for (const [dp, dc] of [['dp1', 'b1'], ['dp2', 'b2']] as const) {
    const tasks = (await cassandraTasks(dp)).filter((t) => t.metadata.name.startsWith('beta-cleanup'));
    expect(tasks.map((t) => t.metadata.name)).toEqual([`beta-cleanup-${dc}`]);
    expect((tasks[0].spec as any).datacenter.name).toBe(dc);
    expect((tasks[0].spec as any).jobs[0]).toMatchObject({ command: 'cleanup', args: { keyspace_name: 'orders' } });
  }
  await waitEvent('MissionControlTask', 'beta-cleanup', 'Completed');
  expect((await eventsOf('MissionControlTask', 'beta-cleanup')).map((e) => [e.type, e.reason, e.message])).toEqual([
    ['Normal', 'Started', 'task objects created for b1 (dp1), b2 (dp2)'],
    ['Normal', 'Completed', 'complete in b1, b2'],
  ]);
});

test('a task that fails in a data plane ends Failed', async () => {
  platform.standIns.dp2.failingTasks.add('beta-flush-b2');
  await platform.cp.apply(RESOURCES.MissionControlTask, task('beta-flush', 'beta', 'flush'));
  const failed = await taskDone('beta-flush', 'Failed');
  expect(condition(failed, 'Failed').message).toBe('failed in b2');
  expect(condition(failed, 'Complete').status).toBe('False');
  expect(await waitEvent('MissionControlTask', 'beta-flush', 'Failed', 'failed in b2')).toMatchObject({ type: 'Warning' });
});

test('a task deleted and created again under the same name runs again', async () => {
  await platform.cp.apply(RESOURCES.MissionControlTask, task('alpha-restart', 'alpha', 'restart'));
  await taskDone('alpha-restart', 'Complete');
  const first = (await cassandraTasks('dp1')).find((t) => t.metadata.name === 'alpha-restart')!;
  await platform.cp.delete(RESOURCES.MissionControlTask, { name: 'alpha-restart', namespace: CP_NAMESPACE });
  await eventually(async () => !(await getTask('alpha-restart')), 10_000, 'task deleted');

  platform.standIns.dp1.heldTasks.add('alpha-restart');
  const again = await platform.cp.apply(RESOURCES.MissionControlTask, task('alpha-restart', 'alpha', 'restart'));
  // The earlier run's Complete object does not complete the new task: a new object runs.
  const running = await eventually(async () => {
    const t = await getTask('alpha-restart');
    return (t?.status as any)?.datacenters?.[0]?.phase === 'Running' ? t : undefined;
  }, 30_000, 'new run Running');
  expect(condition(running, 'Complete')?.status).toBe('False');
  const second = (await cassandraTasks('dp1')).find((t) => t.metadata.name === 'alpha-restart')!;
  expect(second.metadata.uid).not.toBe(first.metadata.uid);
  expect(second.metadata.labels?.[OWNER_TASK_UID_LABEL]).toBe(again.metadata.uid);
  platform.standIns.dp1.heldTasks.delete('alpha-restart');
  await taskDone('alpha-restart', 'Complete');
  expect((await cassandraTasks('dp1')).filter((t) => t.metadata.name === 'alpha-restart')).toHaveLength(1);
});

test('one data plane down: reported on the cluster while the other DCs stay Ready, the K8ssandraCluster still updated, then recovers', async () => {
  platform.standIns.dp1.readyDatacenters.add('d1');
  platform.standIns.dp2.readyDatacenters.add('d2');
  const spec = (size: number) => baseSpec('delta', [
    { name: 'd1', dataPlane: 'dp1', size },
    { name: 'd2', dataPlane: 'dp2', size: 3 },
  ]);
  await apply(cluster('delta', spec(3)));
  await waitReady('delta');

  await platform.standIns.dp2.stop();
  await platform.servers.planes.dp2.stop();
  try {
    const degraded = await waitCondition('delta', 'DataPlaneReachable', 'False');
    expect(condition(degraded, 'DataPlaneReachable').message).toBe('unreachable: dp2');
    expect(condition(degraded, 'Degraded')).toMatchObject({ status: 'True', reason: 'DataPlaneUnreachable' });
    expect(condition(degraded, 'Degraded').message).toContain('dp2');
    // What upstream last reported for d2 may be stale; d1 is unaffected.
    expect(dcCondition(degraded, 'd2')).toMatchObject({ status: 'False', reason: 'DataPlaneUnreachable' });
    expect(dcCondition(degraded, 'd1')?.status).toBe('True');
    expect(await waitEvent('MissionControlCluster', 'delta', 'DataPlaneUnreachable', 'unreachable: dp2')).toMatchObject({ type: 'Warning' });
    expect(await waitEvent('MissionControlCluster', 'delta', 'Degraded', 'no longer ready')).toMatchObject({ type: 'Warning' });

    // The K8ssandraCluster lives in the control plane: a change still lands.
    await apply(cluster('delta', spec(6)));
    await eventually(async () => (((await k8ssandraCluster('delta'))?.spec as any)?.cassandra.datacenters[0].size === 6), 30_000, 'd1 size 6 while dp2 is down');
    const scaled = await eventually(async () => {
      const obj = await getCluster('delta');
      return (obj?.status as any)?.datacenters?.[0]?.readyReplicas === 6 ? obj : undefined;
    }, 30_000, 'd1 at 6 nodes');
    expect(dcCondition(scaled, 'd1')?.status).toBe('True');
    expect(condition(scaled, 'Degraded')?.status).toBe('True');
  } finally {
    await platform.servers.planes.dp2.start();
    platform.standIns.dp2.start();
  }
  const recovered = await waitReady('delta');
  expect(condition(recovered, 'Degraded')?.status).toBe('False');
  expect(condition(recovered, 'DataPlaneReachable')?.status).toBe('True');
  await waitEvent('MissionControlCluster', 'delta', 'DataPlaneReachable');
  // Ready again: the same Event as the first time, counted up.
  await eventually(async () => (await eventsOf('MissionControlCluster', 'delta')).find((e) => e.reason === 'Ready')?.count === 2, 30_000, 'delta Ready counted up');
  const events = await eventsOf('MissionControlCluster', 'delta');
  expect(events.filter((e) => e.reason === 'DataPlaneUnreachable').map((e) => e.count)).toEqual([1]);
  expect(events.filter((e) => e.reason === 'Ready').map((e) => e.count)).toEqual([2]);
}, 180_000);

test('control-plane API server restart: no objects lost or duplicated', async () => {
  const snapshot = async () => [
    (await platform.cp.list(RESOURCES.K8ssandraCluster, { namespace: K8SSANDRA_NAMESPACE })).items.map((o) => `${o.metadata.name}/${o.metadata.uid}`).sort(),
    ...(await Promise.all((['dp1', 'dp2'] as const).map(async (dp) => (await cassandraTasks(dp)).map((o) => `${dp}/${o.metadata.name}/${o.metadata.uid}`).sort()))),
  ];
  const before = await snapshot();
  await platform.servers.planes['control-plane'].stop();
  await new Promise((r) => setTimeout(r, 1_000));
  await platform.servers.planes['control-plane'].start();
  await waitReady('alpha');
  await waitReady('beta');
  await waitReady('delta');
  expect(await snapshot()).toEqual(before);
  expect((await cassandraTasks('dp1')).map((t) => t.metadata.name).sort()).toEqual(['alpha-restart', 'beta-cleanup-b1', 'beta-flush-b1']);
}, 180_000);

test('delete with Retain keeps the K8ssandraCluster and the task objects, and releases the finalizer', async () => {
  await platform.cp.delete(RESOURCES.MissionControlCluster, { name: 'alpha', namespace: CP_NAMESPACE });
  await eventually(async () => !(await getCluster('alpha')), 30_000, 'alpha released');
  expect(await k8ssandraCluster('alpha')).toBeDefined();
  expect((await cassandraTasks('dp1')).map((t) => t.metadata.name)).toContain('alpha-restart');
});

test('delete with Delete removes the K8ssandraCluster, keeps the finalizer while a data plane with its tasks is down, then removes them', async () => {
  await apply(cluster('beta', baseSpec('beta', [{ name: 'b1', dataPlane: 'dp1', size: 3 }, { name: 'b2', dataPlane: 'dp2', size: 3 }], { superuserSecretRef: { name: 'beta-superuser' }, deletionPolicy: 'Delete' })));
  await eventually(async () => ((await getCluster('beta'))?.spec as any)?.deletionPolicy === 'Delete', 10_000, 'policy Delete');
  await platform.standIns.dp2.stop();
  await platform.servers.planes.dp2.stop();
  try {
    await waitCondition('beta', 'DataPlaneReachable', 'False');
    await platform.cp.delete(RESOURCES.MissionControlCluster, { name: 'beta', namespace: CP_NAMESPACE });
    await eventually(async () => !(await k8ssandraCluster('beta')), 30_000, 'beta K8ssandraCluster deleted');
    await eventually(async () => !(await cassandraTasks('dp1')).some((t) => t.metadata.name.startsWith('beta-')), 30_000, 'beta tasks deleted in dp1');
    // dp2 still holds beta's tasks: the finalizer stays.
    await new Promise((r) => setTimeout(r, 2_000));
    const held = await getCluster('beta');
    expect(held?.metadata.deletionTimestamp).toBeDefined();
    expect(held?.metadata.finalizers).toContain(CLUSTER_FINALIZER);
  } finally {
    await platform.servers.planes.dp2.start();
    platform.standIns.dp2.start();
  }
  await eventually(async () => !(await getCluster('beta')), 60_000, 'beta released');
  expect((await cassandraTasks('dp2')).filter((t) => t.metadata.name.startsWith('beta-'))).toEqual([]);
  // Other clusters' objects are untouched.
  expect(await k8ssandraCluster('delta')).toBeDefined();
}, 180_000);

test('the operator ran every scenario with only its synthesised Roles', async () => {
  const client = platform.operatorClient();
  // What it is granted works; what it never does is forbidden (it reads through informers).
  await expect(client.list(RESOURCES.MissionControlCluster, { namespace: CP_NAMESPACE })).resolves.toBeDefined();
  await expect(client.get(RESOURCES.MissionControlCluster, { name: 'delta', namespace: CP_NAMESPACE })).rejects.toMatchObject({ status: 403 });
  await expect(client.list(RESOURCES.Secret, { namespace: K8SSANDRA_NAMESPACE })).rejects.toMatchObject({ status: 403 });
  await expect(client.list(RESOURCES.K8ssandraCluster, { namespace: CP_NAMESPACE })).rejects.toMatchObject({ status: 403 });
  // Events are created and counted up, never read.
  await expect(client.list(RESOURCES.Event, { namespace: CP_NAMESPACE })).rejects.toMatchObject({ status: 403 });
});

test('every rule of its control-plane Roles was used by the scenarios', () => {
  // A status patch goes to the object's /status: it shows as a patch of the kind. Leases are
  // taken by the leader elector's own client (the replica tests run it with this identity).
  // K8ssandraClusters are read by get only outside the watched namespace, which no scenario
  // here places them in.
  const unused = [...missionControlOperatorRules(), ...(k8ssandraClusterAccess(CP_NAMESPACE, K8SSANDRA_NAMESPACE)[0] as any).rules]
    .filter((r: any) => r.apiGroups[0] !== 'coordination.k8s.io')
    .flatMap((r: any) => r.resources.flatMap((res: string) => r.verbs.map((v: string) => `${r.apiGroups[0]}/${res.replace(/\/status$/, '')} ${v}`)))
    .filter((used: string) => used !== 'k8ssandra.io/k8ssandraclusters get' && !platform.controlPlaneRequests.has(used));
  expect(unused).toEqual([]);
});

test('health and metrics endpoints use controller-runtime and client-go metric names', async () => {
  const op = await platform.startOperator({ health: { host: '127.0.0.1', port: 0 }, leaderElection: false });
  const get = async (path: string) => {
    const res = await fetch(`${op.healthUrl}${path}`);
    return { status: res.status, text: await res.text() };
  };
  expect((await get('/healthz')).status).toBe(200);
  await eventually(async () => (await get('/readyz')).status === 200, 10_000, 'readyz');
  const metrics = (await get('/metrics')).text;
  for (const name of ['controller_runtime_reconcile_total', 'controller_runtime_reconcile_time_seconds', 'workqueue_depth', 'workqueue_adds_total']) expect(metrics).toContain(name);
  await op.stop();
});
