import type { KubeObject } from '../../lib/core/kube-object';
import { missionControlCluster } from '../../lib/core/topology/mission-control-cluster';
import { clusterStatus, sameStatus, type DataPlaneObservation } from '../../lib/reconciler/cluster-status';
import { setCondition } from '../../lib/reconciler/conditions';
import { planCluster } from '../../lib/reconciler/desired-state';
import { phaseOf, planTask } from '../../lib/reconciler/task-plan';
import { cluster, dataPlanes } from '../topology/fixtures';

const mcc = (spec = cluster()): KubeObject => ({ ...missionControlCluster(spec, 'mission-control', dataPlanes), metadata: { name: spec.name, namespace: 'mission-control', generation: 1 } });

const SIZES: Record<string, number> = { dc1: 3, dc2: 6, dc3: 3 };
const readyStatus = (dcs: string[]) => ({
  datacenters: Object.fromEntries(
    dcs.map((dc) => [dc, { cassandra: { cassandraOperatorProgress: 'Ready', conditions: [{ type: 'Ready', status: 'True' }], nodeStatuses: Object.fromEntries(Array.from({ length: SIZES[dc] }, (_, i) => [`n${i}`, {}])) } }]),
  ),
});
const live = (dcs: string[] | undefined): KubeObject => ({ apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', metadata: { name: 'orders' }, ...(dcs ? { status: readyStatus(dcs) } : {}) });

describe('planCluster', () => {
  test('a valid MissionControlCluster becomes one K8ssandraCluster for the control plane, DCs in declared order with their contexts', () => {
    const plan = planCluster(mcc(), dataPlanes);
    expect(plan.valid).toBe(true);
    if (!plan.valid) return;
    expect(plan.namespace).toBe('k8ssandra-operator');
    expect(plan.k8ssandraCluster.metadata).toMatchObject({ name: 'orders', namespace: 'k8ssandra-operator' });
    expect(plan.k8ssandraCluster.spec.cassandra.datacenters.map((d) => [d.metadata.name, d.k8sContext])).toEqual([['dc1', 'us-east'], ['dc2', 'us-east'], ['dc3', 'eu-west']]);
    expect(plan.k8ssandraCluster.spec).not.toHaveProperty('externalDatacenters');
  });

  test('a registration sharing the control plane cluster hosts the operator: its DCs have no context', () => {
    const local = dataPlanes.map((dp) => (dp.name === 'us-east' ? { ...dp, inControlPlaneCluster: true } : dp));
    const plan = planCluster(mcc(), local);
    if (!plan.valid) throw new Error('fixture invalid');
    expect(plan.k8ssandraCluster.spec.cassandra.datacenters.map((d) => d.k8sContext ?? '')).toEqual(['', '', 'eu-west']);
  });

  test('an invalid one returns every problem and nothing to write', () => {
    const bad = mcc();
    (bad.spec as any).datacenters[0].size = 4; // not a multiple of 3 racks
    (bad.spec as any).datacenters[2].dataPlane = 'mars';
    const plan = planCluster(bad, dataPlanes);
    expect(plan.valid).toBe(false);
    if (plan.valid) return;
    expect(plan.problems.map((p) => p.message).join('\n')).toMatch(/multiple of[\s\S]*mars/);
  });
});

test('a DC is not Ready while fewer nodes than its size report, or while its status is of an older generation', () => {
  const plan = planCluster(mcc(), dataPlanes);
  if (!plan.valid) throw new Error('fixture invalid');
  const short = live(['dc1']);
  (short.status as any).datacenters.dc1.cassandra.nodeStatuses = { n0: {} };
  const stale: KubeObject = { ...live(['dc1', 'dc2']), metadata: { name: 'orders', generation: 3 }, status: { ...readyStatus(['dc1', 'dc2']), observedGeneration: 2 } };
  const s = (l: KubeObject) => clusterStatus({ generation: 1, previous: undefined, now: '2026-01-01T00:00:00Z', spec: plan.spec, observed: new Map([['us-east', { reachable: true, live: l }], ['eu-west', { reachable: true, live: l }]]) });
  expect(s(short).datacenters![0]).toMatchObject({ name: 'dc1', readyReplicas: 1 });
  expect(s(short).datacenters![0].conditions[0].status).toBe('False');
  expect(s(stale).datacenters![0].conditions[0]).toMatchObject({ status: 'False', reason: 'Updating' });
});

describe('clusterStatus', () => {
  const plan = planCluster(mcc(), dataPlanes);
  if (!plan.valid) throw new Error('fixture invalid');
  const now = '2026-01-01T00:00:00Z';
  const later = '2026-01-01T00:05:00Z';
  // One K8ssandraCluster reports every DC, whichever data plane hosts it.
  const all = live(['dc1', 'dc2', 'dc3']);
  const observed = new Map<string, DataPlaneObservation>([['us-east', { reachable: true, live: all }], ['eu-west', { reachable: true, live: all }]]);

  test('all DCs ready: Ready, not Progressing, not Degraded, per-DC replicas mirrored', () => {
    const s = clusterStatus({ generation: 3, previous: undefined, now, spec: plan.spec, observed });
    expect(s.observedGeneration).toBe(3);
    expect(Object.fromEntries(s.conditions.map((c) => [c.type, c.status]))).toEqual({ DataPlaneReachable: 'True', Degraded: 'False', Progressing: 'False', Ready: 'True', Valid: 'True' });
    expect(s.conditions.every((c) => c.observedGeneration === 3)).toBe(true);
    expect(s.datacenters!.map((d) => [d.name, d.dataPlane, d.readyReplicas, d.size])).toEqual([['dc1', 'us-east', 3, 3], ['dc2', 'us-east', 6, 6], ['dc3', 'eu-west', 3, 3]]);
  });

  test('unchanged inputs give the same status later (no write), transition times kept', () => {
    const first = clusterStatus({ generation: 3, previous: undefined, now, spec: plan.spec, observed });
    const second = clusterStatus({ generation: 3, previous: first, now: later, spec: plan.spec, observed });
    expect(sameStatus(first, second)).toBe(true);
  });

  test('an unreachable data plane: Degraded and DataPlaneReachable=False with the reason', () => {
    const down = new Map(observed);
    down.set('eu-west', { reachable: false });
    const s = clusterStatus({ generation: 3, previous: undefined, now, spec: plan.spec, observed: down, errors: new Map([['eu-west', 'connect ECONNREFUSED 127.0.0.1:1']]) });
    const byType = Object.fromEntries(s.conditions.map((c) => [c.type, c]));
    expect(byType.DataPlaneReachable).toMatchObject({ status: 'False', message: 'unreachable: eu-west' });
    expect(byType.Degraded).toMatchObject({ status: 'True', reason: 'DataPlaneUnreachable' });
    expect(byType.Degraded.message).toContain('eu-west: connect ECONNREFUSED');
    expect(s.lastError).toContain('ECONNREFUSED');
  });

  test('an invalid spec: Valid=False with every problem, path and fix', () => {
    const s = clusterStatus({ generation: 2, previous: undefined, now, problems: [{ path: 'ns/x/spec/datacenters[0]', message: 'size 4 is not a multiple of 3 racks', fix: 'use 3 or 6' }] });
    expect(s.conditions.find((c) => c.type === 'Valid')).toMatchObject({ status: 'False', reason: 'InvalidSpec', message: '[ns/x/spec/datacenters[0]] size 4 is not a multiple of 3 racks. Fix: use 3 or 6' });
  });

  test('setCondition moves lastTransitionTime only when the status changes', () => {
    const a = setCondition([], { type: 'Ready', status: 'False', reason: 'r', message: 'm' }, 1, now);
    const b = setCondition(a, { type: 'Ready', status: 'False', reason: 'r2', message: 'm2' }, 2, later);
    const c = setCondition(b, { type: 'Ready', status: 'True', reason: 'r3', message: 'm3' }, 2, later);
    expect([a[0].lastTransitionTime, b[0].lastTransitionTime, c[0].lastTransitionTime]).toEqual([now, now, later]);
  });
});

describe('planTask', () => {
  const spec = cluster();
  const task = (command: string, args: Record<string, unknown> = {}, datacenters?: string[]): KubeObject => ({
    apiVersion: 'x/v1',
    kind: 'MissionControlTask',
    metadata: { name: 'orders-op', namespace: 'mission-control' },
    spec: { cluster: 'orders', command, args, ...(datacenters ? { datacenters } : {}) },
  });

  test('a node command becomes a CassandraTask per DC, in its data plane, with upstream args', () => {
    const plan = planTask(task('cleanup', { keyspace: 'orders' }), spec, dataPlanes);
    expect(plan.valid).toBe(true);
    if (!plan.valid) return;
    expect([...plan.objects.entries()].map(([dp, objects]) => [dp, objects.map((o) => `${o.kind}/${o.metadata.name}`)])).toEqual([
      ['us-east', ['CassandraTask/orders-op-dc1', 'CassandraTask/orders-op-dc2']],
      ['eu-west', ['CassandraTask/orders-op-dc3']],
    ]);
    const dc1 = plan.objects.get('us-east')![0] as any;
    expect(dc1.spec).toMatchObject({ datacenter: { name: 'dc1', namespace: 'k8ssandra-operator' }, jobs: [{ command: 'cleanup', args: { keyspace_name: 'orders' } }], ttlSecondsAfterFinished: 0 });
  });

  test('backup becomes a MedusaBackupJob per DC; restore a MedusaRestoreJob', () => {
    const medusa = cluster({ medusa: { storageProvider: 's3', bucketName: 'b', prefix: 'p' } });
    expect(planTask(task('backup', {}, ['dc3']), spec, dataPlanes).valid).toBe(false);
    const backup = planTask(task('backup', { backupType: 'full' }, ['dc3']), medusa, dataPlanes);
    expect(backup.valid && [...backup.objects.entries()].map(([dp, o]) => [dp, o.map((x) => `${x.kind}/${x.metadata.name}`)])).toEqual([['eu-west', ['MedusaBackupJob/orders-op-dc3']]]);
    const restore = planTask(task('restore', { backup: 'orders-nightly-dc1-20260101' }, ['dc1']), medusa, dataPlanes);
    expect(restore.valid && [...restore.objects.values()].flat().map((x) => x.kind)).toEqual(['MedusaRestoreJob']);
  });

  test('invalid tasks report problems: unknown command, missing args, restore of two DCs', () => {
    const unknown = planTask(task('explode'), spec, dataPlanes);
    expect(!unknown.valid && unknown.problems[0].message).toBe('unknown command "explode"');
    const rebuild = planTask(task('rebuild', {}, ['dc3']), spec, dataPlanes);
    expect(rebuild.valid).toBe(false);
    const restore = planTask(task('restore', { backup: 'x' }, ['dc1', 'dc2']), spec, dataPlanes);
    expect(!restore.valid && restore.problems[0].message).toContain('exactly one datacenter');
  });

  test('phaseOf reads task conditions and Medusa job fields', () => {
    expect(phaseOf(undefined)).toBe('Pending');
    expect(phaseOf({ apiVersion: 'v', kind: 'K8ssandraTask', metadata: { name: 'x' }, status: { conditions: [{ type: 'Running', status: 'True' }] } })).toBe('Running');
    expect(phaseOf({ apiVersion: 'v', kind: 'K8ssandraTask', metadata: { name: 'x' }, status: { conditions: [{ type: 'Complete', status: 'True' }] } })).toBe('Complete');
    expect(phaseOf({ apiVersion: 'v', kind: 'K8ssandraTask', metadata: { name: 'x' }, status: { conditions: [{ type: 'Failed', status: 'True' }] } })).toBe('Failed');
    expect(phaseOf({ apiVersion: 'v', kind: 'MedusaBackupJob', metadata: { name: 'x' }, status: { finishTime: 't', finished: ['a'] } })).toBe('Complete');
  });
});
