import { CP_NAMESPACE, DP_NAMESPACE, eventually, startReconcilerPlatform, type ReconcilerPlatform } from './support/reconciler-platform';
import { GROUP_VERSION } from '../../lib/core/api-group';
import type { KubeObject } from '../../lib/core/kube-object';
import { RESOURCES } from '../../lib/kube/resources';
import type { MissionControlOperator } from '../../lib/reconciler/operator/operator';
import { CLUSTER_FINALIZER, OWNER_NAME_LABEL } from '../../lib/reconciler/ownership';

/**
 * The control-plane operator against three real API servers (control plane + two data
 * planes). k8ssandra-operator cannot run here; a test stand-in writes the status it would.
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
const k8ssandraCluster = (dp: 'dp1' | 'dp2', name: string) => platform.dp[dp].get(RESOURCES.K8ssandraCluster, { name, namespace: DP_NAMESPACE });
const apply = (obj: KubeObject) => platform.cp.apply(RESOURCES.MissionControlCluster, obj, { fieldManager: 'user' });

async function waitReady(name: string): Promise<KubeObject> {
  return eventually(async () => {
    const obj = await getCluster(name);
    return condition(obj, 'Ready')?.status === 'True' && (obj!.status as any).observedGeneration === obj!.metadata.generation ? obj : undefined;
  }, 60_000, `${name} Ready`);
}

test('create -> the region gets its K8ssandraCluster, status flows back, cluster Ready', async () => {
  platform.standIns.dp1.readyDatacenters.add('a1');
  await apply(cluster('alpha', baseSpec('alpha', [{ name: 'a1', dataPlane: 'dp1', size: 3 }])));
  const ready = await waitReady('alpha');
  const kc = (await k8ssandraCluster('dp1', 'alpha'))!;
  expect((kc.spec as any).cassandra.datacenters.map((d: any) => [d.metadata.name, d.size])).toEqual([['a1', 3]]);
  expect(kc.metadata.labels).toMatchObject({ [OWNER_NAME_LABEL]: 'alpha', 'app.kubernetes.io/managed-by': 'mission-control-operator' });
  expect((kc.metadata.managedFields as any[]).map((m) => m.manager)).toContain('mission-control-operator');
  expect(ready.metadata.finalizers).toContain(CLUSTER_FINALIZER);
  expect((ready.status as any).datacenters).toEqual([
    expect.objectContaining({ name: 'a1', dataPlane: 'dp1', size: 3, readyReplicas: 3 }),
  ]);
  for (const type of ['Valid', 'DataPlaneReachable']) expect(condition(ready, type)).toMatchObject({ status: 'True', observedGeneration: ready.metadata.generation });
  expect(condition(ready, 'Degraded')?.status).toBe('False');
  expect(await k8ssandraCluster('dp2', 'alpha')).toBeUndefined();
});

test('steady state costs zero writes', async () => {
  await waitReady('alpha');
  await new Promise((r) => setTimeout(r, 1_500));
  const before = operator.writeCount();
  // Several resync periods (1 s) and progress requeues pass.
  await new Promise((r) => setTimeout(r, 3_500));
  expect(operator.writeCount()).toBe(before);
});

test('scaling a DC updates the data plane and re-converges', async () => {
  await apply(cluster('alpha', baseSpec('alpha', [{ name: 'a1', dataPlane: 'dp1', size: 6 }])));
  await eventually(async () => (((await k8ssandraCluster('dp1', 'alpha'))?.spec as any)?.cassandra.datacenters[0].size === 6), 30_000, 'size 6 in dp1');
  const ready = await waitReady('alpha');
  expect((ready.status as any).datacenters[0]).toMatchObject({ size: 6, readyReplicas: 6 });
});

test('a DC in a new region is created only after the existing DCs are Ready', async () => {
  await platform.cp.apply(RESOURCES.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'beta-superuser', namespace: CP_NAMESPACE }, type: 'Opaque', data: { username: Buffer.from('admin').toString('base64'), password: Buffer.from('s3cret').toString('base64') } });
  const dc1 = { name: 'b1', dataPlane: 'dp1', size: 3, seeds: ['b1-seed.dp1.example.com'] };
  await apply(cluster('beta', baseSpec('beta', [dc1], { superuserSecretRef: { name: 'beta-superuser' } })));
  await eventually(() => k8ssandraCluster('dp1', 'beta'), 30_000, 'beta in dp1');
  await apply(cluster('beta', baseSpec('beta', [dc1, { name: 'b2', dataPlane: 'dp2', size: 3, seeds: ['b2-seed.dp2.example.com'] }], { superuserSecretRef: { name: 'beta-superuser' } })));
  const waiting = await eventually(async () => {
    const obj = await getCluster('beta');
    return condition(obj, 'Progressing')?.reason === 'WaitingForRegion' ? obj : undefined;
  }, 30_000, 'beta waiting for region');
  expect(condition(waiting, 'Progressing').message).toContain('b1 in dp1');
  expect(await k8ssandraCluster('dp2', 'beta')).toBeUndefined();

  platform.standIns.dp1.readyDatacenters.add('b1');
  platform.standIns.dp2.readyDatacenters.add('b2');
  const kc2 = await eventually(() => k8ssandraCluster('dp2', 'beta'), 30_000, 'beta in dp2');
  expect((kc2.spec as any).externalDatacenters).toEqual(['b1']);
  expect((kc2.spec as any).cassandra.additionalSeeds).toEqual(['b1-seed.dp1.example.com']);
  await waitReady('beta');
  // The superuser Secret was copied into both regions, unchanged.
  for (const dp of ['dp1', 'dp2'] as const) {
    const copy = await platform.dp[dp].get(RESOURCES.Secret, { name: 'beta-superuser', namespace: DP_NAMESPACE });
    expect((copy!.data as any).password).toBe(Buffer.from('s3cret').toString('base64'));
  }
});

test('an invalid spec gets Valid=False with the reasons, and nothing is written to any data plane', async () => {
  // Passes the CRD schema, fails the core validation.
  await apply(cluster('gamma', baseSpec('gamma', [{ name: 'g1', dataPlane: 'dp1', size: 4 }, { name: 'g2', dataPlane: 'nowhere', size: 3 }], { serverVersion: '9.0.0' })));
  const invalid = await eventually(async () => {
    const obj = await getCluster('gamma');
    return condition(obj, 'Valid')?.status === 'False' ? obj : undefined;
  }, 30_000, 'gamma invalid');
  const message = condition(invalid, 'Valid').message as string;
  expect(message).toContain('"nowhere"');
  expect(message).toContain('9.0.0');
  expect(message).toMatch(/size 4/);
  expect(message).toContain('Fix:');
  expect(await k8ssandraCluster('dp1', 'gamma')).toBeUndefined();
  expect(await k8ssandraCluster('dp2', 'gamma')).toBeUndefined();
});

const task = (name: string, clusterName: string, command: string, args: Spec = {}, datacenters?: string[]): KubeObject => ({
  apiVersion: GROUP_VERSION,
  kind: 'MissionControlTask',
  metadata: { name, namespace: CP_NAMESPACE },
  spec: { cluster: clusterName, command, ...(Object.keys(args).length ? { args } : {}), ...(datacenters ? { datacenters } : {}) },
});
const getTask = (name: string) => platform.cp.get(RESOURCES.MissionControlTask, { name, namespace: CP_NAMESPACE });

test('a task runs once per data plane and is tracked to Complete', async () => {
  await waitReady('beta');
  await platform.cp.apply(RESOURCES.MissionControlTask, task('beta-cleanup', 'beta', 'cleanup', { keyspace: 'orders' }));
  const done = await eventually(async () => {
    const t = await getTask('beta-cleanup');
    return condition(t, 'Complete')?.status === 'True' ? t : undefined;
  }, 30_000, 'task Complete');
  expect((done.status as any).datacenters.map((d: any) => [d.name, d.dataPlane, d.phase])).toEqual([['b1', 'dp1', 'Complete'], ['b2', 'dp2', 'Complete']]);
  expect((done.status as any).completionTime).toEqual(expect.any(String));
  for (const dp of ['dp1', 'dp2'] as const) {
    const tasks = await platform.dp[dp].list(RESOURCES.K8ssandraTask, { namespace: DP_NAMESPACE });
    expect(tasks.items.filter((t) => t.metadata.name === 'beta-cleanup')).toHaveLength(1);
    expect((tasks.items[0].spec as any).template.jobs[0]).toMatchObject({ command: 'cleanup', args: { keyspace_name: 'orders' } });
  }
});

test('a task that fails in a data plane ends Failed', async () => {
  platform.standIns.dp2.failingTasks.add('beta-flush');
  await platform.cp.apply(RESOURCES.MissionControlTask, task('beta-flush', 'beta', 'flush'));
  const failed = await eventually(async () => {
    const t = await getTask('beta-flush');
    return condition(t, 'Failed')?.status === 'True' ? t : undefined;
  }, 30_000, 'task Failed');
  expect(condition(failed, 'Failed').message).toBe('failed in b2');
  expect(condition(failed, 'Complete').status).toBe('False');
});

test('one data plane down: the other converges, the cluster is Degraded with the reason, then recovers', async () => {
  platform.standIns.dp1.readyDatacenters.add('d1');
  platform.standIns.dp2.readyDatacenters.add('d2');
  await platform.cp.apply(RESOURCES.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'delta-superuser', namespace: CP_NAMESPACE }, type: 'Opaque', data: { password: 'eA==' } });
  const spec = (size: number) => baseSpec('delta', [
    { name: 'd1', dataPlane: 'dp1', size, seeds: ['d1.dp1.example.com'] },
    { name: 'd2', dataPlane: 'dp2', size: 3, seeds: ['d2.dp2.example.com'] },
  ], { superuserSecretRef: { name: 'delta-superuser' } });
  await apply(cluster('delta', spec(3)));
  await waitReady('delta');

  await platform.standIns.dp2.stop();
  await platform.servers.planes.dp2.stop();
  try {
    await apply(cluster('delta', spec(6)));
    await eventually(async () => (((await k8ssandraCluster('dp1', 'delta'))?.spec as any)?.cassandra.datacenters[0].size === 6), 30_000, 'dp1 converged while dp2 is down');
    const degraded = await eventually(async () => {
      const obj = await getCluster('delta');
      return condition(obj, 'Degraded')?.status === 'True' && condition(obj, 'DataPlaneReachable')?.status === 'False' ? obj : undefined;
    }, 60_000, 'delta Degraded');
    expect(condition(degraded, 'DataPlaneReachable').message).toBe('unreachable: dp2');
    expect(condition(degraded, 'Degraded').message).toContain('dp2');
  } finally {
    await platform.servers.planes.dp2.start();
    platform.standIns.dp2.start();
  }
  const recovered = await waitReady('delta');
  expect(condition(recovered, 'Degraded')?.status).toBe('False');
  expect(condition(recovered, 'DataPlaneReachable')?.status).toBe('True');
}, 180_000);

test('control-plane API server restart: no objects lost or duplicated', async () => {
  const before = await Promise.all((['dp1', 'dp2'] as const).map(async (dp) => (await platform.dp[dp].list(RESOURCES.K8ssandraCluster, { namespace: DP_NAMESPACE })).items.map((o) => `${dp}/${o.metadata.name}/${o.metadata.uid}`)));
  await platform.servers.planes['control-plane'].stop();
  await new Promise((r) => setTimeout(r, 1_000));
  await platform.servers.planes['control-plane'].start();
  await waitReady('alpha');
  await waitReady('beta');
  await waitReady('delta');
  const after = await Promise.all((['dp1', 'dp2'] as const).map(async (dp) => (await platform.dp[dp].list(RESOURCES.K8ssandraCluster, { namespace: DP_NAMESPACE })).items.map((o) => `${dp}/${o.metadata.name}/${o.metadata.uid}`)));
  expect(after).toEqual(before);
  const tasks = await platform.dp.dp1.list(RESOURCES.K8ssandraTask, { namespace: DP_NAMESPACE });
  expect(tasks.items.map((t) => t.metadata.name).sort()).toEqual(['beta-cleanup', 'beta-flush']);
}, 180_000);

test('delete with Retain keeps the data-plane objects; with Delete removes them; both release the finalizer', async () => {
  await platform.cp.delete(RESOURCES.MissionControlCluster, { name: 'alpha', namespace: CP_NAMESPACE });
  await eventually(async () => !(await getCluster('alpha')), 30_000, 'alpha released');
  expect(await k8ssandraCluster('dp1', 'alpha')).toBeDefined();

  await apply(cluster('beta', baseSpec('beta', [
    { name: 'b1', dataPlane: 'dp1', size: 3, seeds: ['b1-seed.dp1.example.com'] },
    { name: 'b2', dataPlane: 'dp2', size: 3, seeds: ['b2-seed.dp2.example.com'] },
  ], { superuserSecretRef: { name: 'beta-superuser' }, deletionPolicy: 'Delete' })));
  await eventually(async () => ((await getCluster('beta'))?.spec as any)?.deletionPolicy === 'Delete', 10_000, 'policy Delete');
  await platform.cp.delete(RESOURCES.MissionControlCluster, { name: 'beta', namespace: CP_NAMESPACE });
  await eventually(async () => !(await getCluster('beta')), 30_000, 'beta released');
  expect(await k8ssandraCluster('dp1', 'beta')).toBeUndefined();
  expect(await k8ssandraCluster('dp2', 'beta')).toBeUndefined();
  expect(await platform.dp.dp2.get(RESOURCES.Secret, { name: 'beta-superuser', namespace: DP_NAMESPACE })).toBeUndefined();
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
