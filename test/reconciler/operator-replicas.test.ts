import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CP_NAMESPACE, DP_NAMESPACE, eventually, startReconcilerPlatform, type ReconcilerPlatform } from './support/reconciler-platform';
import { GROUP_VERSION } from '../../lib/core/api-group';
import type { KubeObject } from '../../lib/core/kube-object';
import { RESOURCES } from '../../lib/kube/resources';

/**
 * The operator as replicas: two in one Lease (one writer), and a real process killed with
 * SIGKILL in the middle of a task.
 */
let platform: ReconcilerPlatform;
const ROOT = resolve(__dirname, '..', '..');

beforeAll(async () => {
  platform = await startReconcilerPlatform();
}, 600_000);

afterAll(async () => {
  await platform?.stop();
});

const condition = (obj: KubeObject | undefined, type: string) => ((obj?.status as any)?.conditions ?? []).find((c: any) => c.type === type);
const cluster = (name: string, dc: string): KubeObject => ({
  apiVersion: GROUP_VERSION,
  kind: 'MissionControlCluster',
  metadata: { name, namespace: CP_NAMESPACE },
  spec: { clusterName: name, serverType: 'cassandra', serverVersion: '4.1.8', storage: { storageClassName: 'standard', size: '10Gi' }, datacenters: [{ name: dc, dataPlane: 'dp1', size: 3 }] },
});
const readyCluster = (name: string) =>
  eventually(async () => {
    const obj = await platform.cp.get(RESOURCES.MissionControlCluster, { name, namespace: CP_NAMESPACE });
    return condition(obj, 'Ready')?.status === 'True' ? obj : undefined;
  }, 60_000, `${name} Ready`);

test('two replicas: exactly one writes; the other takes over when the Lease is released', async () => {
  const leaderElection = { leaseName: 'replicas', leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
  const a = await platform.startOperator({ identity: 'replica-a', leaderElection });
  const b = await platform.startOperator({ identity: 'replica-b', leaderElection });
  await eventually(() => a.isLeader || b.isLeader, 20_000, 'a leader');
  const [leader, standby] = a.isLeader ? [a, b] : [b, a];
  expect(standby.isLeader).toBe(false);

  platform.standIns.dp1.readyDatacenters.add('r1');
  await platform.cp.apply(RESOURCES.MissionControlCluster, cluster('replicated', 'r1'), { fieldManager: 'user' });
  await readyCluster('replicated');
  const lease = await platform.cp.get(RESOURCES.Lease, { name: 'replicas', namespace: CP_NAMESPACE });
  expect((lease!.spec as any).holderIdentity).toBe(leader.identity);
  expect(leader.writeCount()).toBeGreaterThan(0);
  // The standby only reads the Lease; it never writes, not even to the Lease while it is held.
  expect(standby.writeCount()).toBe(0);

  await leader.stop();
  await eventually(() => standby.isLeader, 10_000, 'standby takes over');
  const next = await platform.cp.get(RESOURCES.Lease, { name: 'replicas', namespace: CP_NAMESPACE });
  expect((next!.spec as any).holderIdentity).toBe(standby.identity);
  await standby.stop();
}, 120_000);

/** The operator's own entry point in a child process, as the container runs it. */
function operatorProcess(): ChildProcess {
  const kubeconfig = platform.servers.planes['control-plane'].kubeconfigPath;
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'lib/reconciler/main.ts'), '--namespace', CP_NAMESPACE, '--kubeconfig', kubeconfig, '--leader-elect', '--lease-name', 'process', '--metrics-bind-address', '0', '--health-probe-bind-address', '127.0.0.1:0', '--log-level', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

test('operator killed (SIGKILL) mid-task: a new process finishes it without duplicating task objects', async () => {
  platform.standIns.dp1.readyDatacenters.add('k1');
  platform.standIns.dp1.heldTasks.add('killed-restart');
  await platform.cp.apply(RESOURCES.MissionControlCluster, cluster('killed', 'k1'), { fieldManager: 'user' });

  const first = operatorProcess();
  let second: ChildProcess | undefined;
  try {
    await readyCluster('killed');
    await platform.cp.apply(RESOURCES.MissionControlTask, { apiVersion: GROUP_VERSION, kind: 'MissionControlTask', metadata: { name: 'killed-restart', namespace: CP_NAMESPACE }, spec: { cluster: 'killed', command: 'restart' } });
    const created = await eventually(() => platform.dp.dp1.get(RESOURCES.CassandraTask, { name: 'killed-restart', namespace: DP_NAMESPACE }), 60_000, 'task object in dp1');
    await eventually(async () => {
      const t = await platform.cp.get(RESOURCES.MissionControlTask, { name: 'killed-restart', namespace: CP_NAMESPACE });
      return ((t?.status as any)?.datacenters ?? []).some((d: any) => d.phase === 'Running');
    }, 30_000, 'task Running');

    first.kill('SIGKILL');
    await exited(first);
    // The dead process never released its Lease: the new one waits out the 15 s lease.
    second = operatorProcess();
    platform.standIns.dp1.heldTasks.delete('killed-restart');
    const done = await eventually(async () => {
      const t = await platform.cp.get(RESOURCES.MissionControlTask, { name: 'killed-restart', namespace: CP_NAMESPACE });
      return condition(t, 'Complete')?.status === 'True' ? t : undefined;
    }, 90_000, 'task Complete after restart');
    expect((done.status as any).datacenters).toEqual([expect.objectContaining({ name: 'k1', dataPlane: 'dp1', phase: 'Complete' })]);
    const tasks = (await platform.dp.dp1.list(RESOURCES.CassandraTask, { namespace: DP_NAMESPACE })).items.filter((t) => t.metadata.name.startsWith('killed'));
    expect(tasks.map((t) => [t.metadata.name, t.metadata.uid])).toEqual([['killed-restart', created.metadata.uid]]);
  } finally {
    for (const child of [first, second]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
    }
  }
}, 180_000);

test('SIGTERM stops the process gracefully and releases the Lease', async () => {
  const child = operatorProcess();
  const holder = await eventually(async () => {
    const lease = await platform.cp.get(RESOURCES.Lease, { name: 'process', namespace: CP_NAMESPACE });
    const h = (lease?.spec as any)?.holderIdentity as string | undefined;
    return h ? h : undefined;
  }, 60_000, 'process holds the Lease');
  expect(holder).toEqual(expect.any(String));
  child.kill('SIGTERM');
  await exited(child);
  expect(child.exitCode).toBe(0);
  const lease = await platform.cp.get(RESOURCES.Lease, { name: 'process', namespace: CP_NAMESPACE });
  expect((lease!.spec as any).holderIdentity ?? '').toBe('');
}, 120_000);
