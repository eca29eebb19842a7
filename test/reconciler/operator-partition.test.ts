import { readFileSync } from 'node:fs';
import { CP_NAMESPACE, eventually, startReconcilerPlatform, type ReconcilerPlatform } from './support/reconciler-platform';
import { PartitionProxy } from './support/tcp-proxy';
import { GROUP_VERSION } from '../../lib/core/api-group';
import type { KubeObject } from '../../lib/core/kube-object';
import { KubeClient } from '../../lib/kube/client';
import { kubeHttpFor, parseKubeconfig } from '../../lib/kube/kubeconfig';
import { RESOURCES } from '../../lib/kube/resources';

/**
 * A leader cut off from the control plane (its data planes still reachable) must stop
 * writing before anyone else can take over: client-go's renew deadline, enforced on every
 * request it has in flight.
 */
let platform: ReconcilerPlatform<'dp1'>;
let proxy: PartitionProxy;

beforeAll(async () => {
  platform = await startReconcilerPlatform(['dp1']);
  proxy = await PartitionProxy.start(platform.servers.planes['control-plane'].url);
}, 600_000);

afterAll(async () => {
  await platform?.stop();
  await proxy?.close();
});

const condition = (obj: KubeObject | undefined, type: string) => ((obj?.status as any)?.conditions ?? []).find((c: any) => c.type === type);

test('a partitioned leader issues no write after the new leader\'s first write', async () => {
  const leaderElection = { leaseName: 'partition', leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
  const target = parseKubeconfig(readFileSync(platform.servers.planes['control-plane'].kubeconfigPath, 'utf8'));
  const throughProxy = new KubeClient(kubeHttpFor({ ...target, server: proxy.url }), { fieldManager: 'test' });
  let lostAt: number | undefined;
  const a = await platform.startOperator({ identity: 'replica-a', leaderElection, controlPlane: throughProxy, onLostLeadership: () => (lostAt = Date.now()) });
  await eventually(() => a.isLeader, 20_000, 'a leads');
  const b = await platform.startOperator({ identity: 'replica-b', leaderElection });

  platform.standIns.dp1.readyDatacenters.add('p1');
  platform.standIns.dp1.heldTasks.add('p-restart');
  await platform.cp.apply(RESOURCES.MissionControlCluster, {
    apiVersion: GROUP_VERSION,
    kind: 'MissionControlCluster',
    metadata: { name: 'partitioned', namespace: CP_NAMESPACE },
    spec: { clusterName: 'partitioned', serverType: 'cassandra', serverVersion: '4.1.8', storage: { storageClassName: 'standard', size: '10Gi' }, datacenters: [{ name: 'p1', dataPlane: 'dp1', size: 3 }] },
  }, { fieldManager: 'user' });
  await eventually(async () => condition(await platform.cp.get(RESOURCES.MissionControlCluster, { name: 'partitioned', namespace: CP_NAMESPACE }), 'Ready')?.status === 'True', 60_000, 'partitioned Ready');
  await platform.cp.apply(RESOURCES.MissionControlTask, { apiVersion: GROUP_VERSION, kind: 'MissionControlTask', metadata: { name: 'p-restart', namespace: CP_NAMESPACE }, spec: { cluster: 'partitioned', command: 'restart' } });
  await eventually(async () => {
    const t = await platform.cp.get(RESOURCES.MissionControlTask, { name: 'p-restart', namespace: CP_NAMESPACE });
    return ((t?.status as any)?.datacenters ?? []).some((d: any) => d.phase === 'Running');
  }, 30_000, 'task Running');
  expect(b.writeCount()).toBe(0);

  proxy.partition();
  const partitionedAt = Date.now();
  // The data plane still talks to the leader: the task finishing there makes the leader
  // write the task's status, which now hangs in the partition.
  platform.standIns.dp1.heldTasks.delete('p-restart');

  const bFirstWrite = await eventually(() => (b.writeCount() > 0 ? Date.now() : undefined), 30_000, 'b writes');
  const aWritesThen = a.writeCount();
  expect(b.isLeader).toBe(true);
  // A stopped leading at its renew deadline, before B could take over.
  expect(lostAt).toBeDefined();
  expect(lostAt!).toBeLessThan(bFirstWrite);
  expect(lostAt! - partitionedAt).toBeLessThan(3_000);

  // The network heals: nothing A had in flight may land now.
  proxy.heal();
  await new Promise((r) => setTimeout(r, 3_000));
  expect(a.writeCount()).toBe(aWritesThen);
  expect(proxy.deliveredLate).toBe(0);
  const lease = await platform.cp.get(RESOURCES.Lease, { name: 'partition', namespace: CP_NAMESPACE });
  expect((lease!.spec as any).holderIdentity).toBe('replica-b');
  await a.stop();
  // A stopped after losing the Lease: it must not have cleared B's holder.
  expect(((await platform.cp.get(RESOURCES.Lease, { name: 'partition', namespace: CP_NAMESPACE }))!.spec as any).holderIdentity).toBe('replica-b');
  await b.stop();
}, 180_000);
