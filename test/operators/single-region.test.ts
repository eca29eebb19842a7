import { BackupSchedule, CassandraCluster, CassandraTask, ControlPlane, CrdSource, DataPlane, Delivery, type MissionControlApp, ValidationError } from '../../lib';
import { eventually, getJson, synthInto } from './support/platform';
import { readSynthesis } from '../../lib/cli/read-synthesis';
import { ChangeSeverity, planChanges } from '../../lib/core/topology/plan';
import { upstreamCrdDir } from '../../lib/crds/upstream-crd-files';
import { SimulatorBackend, startSimulatedPlatform, type SimulatedPlatform } from '../../lib/testing';

/**
 * One Cassandra cluster in one region, created and operated by the real k8ssandra-operator and
 * cass-operator from what the library synthesises, with the Cassandra simulator behind each
 * pod's management API.
 */
const NS = 'k8ssandra-operator';
const ZONES = ['us-east-1a', 'us-east-1b'];
const RACKS = [{ name: 'r1', zone: ZONES[0] }, { name: 'r2', zone: ZONES[1] }];
const K8C = `/apis/k8ssandra.io/v1alpha1/namespaces/${NS}/k8ssandraclusters/users`;
const DC = `/apis/cassandra.datastax.com/v1beta1/namespaces/${NS}/cassandradatacenters/dc1`;
const FOLDERS = { 'control-plane': 'one', 'data-plane-us-east': 'one' };

interface Step {
  readonly size?: number;
  readonly serverVersion?: string;
  readonly storageClassName?: string;
  readonly backupSchedule?: string;
  readonly tasks?: ReadonlyArray<{ id: string; command: 'restart' | 'cleanup' }>;
}

function platformOf(step: Step) {
  return (app: MissionControlApp) => {
    const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1' });
    const usEast = new DataPlane(app, 'us-east', {
      controlPlane, name: 'us-east', region: 'us-east-1', zones: ZONES, inControlPlaneCluster: true, crds: CrdSource.fromDirectory(upstreamCrdDir()),
    });
    const users = new CassandraCluster(controlPlane, 'users', {
      delivery: Delivery.STATIC,
      serverVersion: step.serverVersion ?? '4.1.8',
      storage: { storageClassName: step.storageClassName ?? 'standard', size: '1Gi' },
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } },
      ...(step.backupSchedule ? { medusa: { storageProvider: 's3' as const, bucketName: 'backups', region: 'us-east-1', storageSecretRef: { name: 'medusa-bucket-key' } } } : {}),
      datacenters: [{ name: 'dc1', dataPlane: usEast, size: step.size ?? 2, racks: RACKS }],
    });
    for (const t of step.tasks ?? []) new CassandraTask(users, t.id, { datacenter: 'dc1', command: { command: t.command } });
    if (step.backupSchedule) new BackupSchedule(users, 'nightly', { cronSchedule: step.backupSchedule });
  };
}

let platform: SimulatedPlatform;
let backend: SimulatorBackend;
const removers: Array<() => void> = [];
const http = () => platform.planes.one.apiServer.http;

async function applyStep(step: Step): Promise<void> {
  const out = synthInto(platformOf(step));
  removers.push(out.remove);
  const report = await platform.apply(out.dist, FOLDERS);
  expect(report.rejected).toEqual([]);
}

const condition = (obj: any, type: string) => (obj?.status?.conditions ?? []).find((c: { type: string }) => c.type === type)?.status;

/** The DC is Ready at the wanted size with every node up in one ring. */
async function dcReady(size: number, timeoutMs = 300_000): Promise<any> {
  return eventually(`dc1 Ready with ${size} nodes`, timeoutMs, async () => {
    const dc = await getJson(http(), DC);
    if (!dc || dc.spec.size !== size || condition(dc, 'Ready') !== 'True' || dc.status.cassandraOperatorProgress !== 'Ready') return undefined;
    if (dc.status.observedGeneration !== dc.metadata.generation) return undefined;
    const live = backend.simulator.nodes().filter((n) => n.status === 'normal');
    return live.length === size ? dc : undefined;
  }, 1_000);
}

beforeAll(async () => {
  backend = new SimulatorBackend();
  platform = await startSimulatedPlatform({ planes: [{ name: 'one', region: 'us-east-1', zones: ZONES }], cassandra: backend });
}, 300_000);

afterAll(async () => {
  await platform?.stop();
  for (const r of removers) r();
});

test('K8ssandraCluster -> CassandraDatacenter -> a StatefulSet per rack in its zone -> Pods -> CassandraInitialized', async () => {
  await applyStep({});
  const dc = await dcReady(2);
  expect(dc.spec.racks).toEqual(RACKS.map((r) => expect.objectContaining({ name: r.name })));
  for (const rack of RACKS) {
    const sts = await getJson(http(), `/apis/apps/v1/namespaces/${NS}/statefulsets/users-dc1-${rack.name}-sts`);
    expect(sts.spec.replicas).toBe(1);
    const terms = sts.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toContainEqual({ matchExpressions: [expect.objectContaining({ key: 'topology.kubernetes.io/zone', operator: 'In', values: [rack.zone] })] });
    // Where the scheduler stand-in put the pod follows that affinity.
    const pod = await getJson(http(), `/api/v1/namespaces/${NS}/pods/users-dc1-${rack.name}-sts-0`);
    const node = await getJson(http(), `/api/v1/nodes/${pod.spec.nodeName}`);
    expect(node.metadata.labels['topology.kubernetes.io/zone']).toBe(rack.zone);
  }
  const k8c = await eventually('CassandraInitialized', 120_000, async () => {
    const k = await getJson(http(), K8C);
    return condition(k, 'CassandraInitialized') === 'True' ? k : undefined;
  });
  expect(k8c.status.datacenters.dc1.cassandra.cassandraOperatorProgress).toBe('Ready');
  // One ring: every node sees every other.
  const rings = backend.simulator.rings();
  expect(rings).toHaveLength(1);
  expect(rings[0].members).toHaveLength(2);
}, 600_000);

test('the superuser role is created once, and system keyspaces are replicated as upstream sets them', async () => {
  const superuser = await eventually('superuser role', 60_000, async () => backend.simulator.roles().find((r) => r.name === 'users-superuser'));
  expect(superuser.superuser).toBe(true);
  expect(superuser.creates).toBe(1);
  // k8ssandra-operator: NetworkTopologyStrategy with min(3, size) per DC (pkg/cassandra/util.go).
  for (const ks of ['system_auth', 'system_distributed', 'system_traces']) {
    await eventually(`${ks} replication`, 60_000, async () => {
      const info = backend.simulator.keyspace(ks);
      return info?.replication.class === 'NetworkTopologyStrategy' && info.replication.datacenters.dc1 === 2 ? info : undefined;
    });
  }
}, 120_000);

test('the real webhooks, through the library webhook configurations, refuse what upstream forbids to change', async () => {
  const k8c = await getJson(http(), K8C);
  const patch = (body: unknown) => http().request('PATCH', K8C, { body, contentType: 'application/merge-patch+json', query: { dryRun: 'All' } });
  const message = (res: { body: unknown }) => (res.body as { message: string }).message;

  const tokens = await patch({ spec: { cassandra: { config: { cassandraYaml: { num_tokens: 256 } } } } });
  expect(tokens.status).toBe(403);
  expect(message(tokens)).toMatch(/admission webhook "vk8ssandracluster.kb.io" denied the request: .*num_tokens value can't be changed/);

  const renamed = await patch({ spec: { cassandra: { clusterName: 'other' } } });
  expect(renamed.status).toBe(403);
  expect(message(renamed)).toMatch(/cluster name can not be changed/);

  const dcs = k8c.spec.cassandra.datacenters.map((d: any) => ({ ...d, metadata: { ...d.metadata, name: 'dc9' } }));
  const dcRenamed = await patch({ spec: { cassandra: { datacenters: dcs } } });
  expect(dcRenamed.status).toBe(403);
  expect(message(dcRenamed)).toMatch(/denied the request/);
}, 60_000);

test('what the real webhooks let through is caught by the library before it reaches the cluster', async () => {
  const k8c = await getJson(http(), K8C);
  const dryRun = (body: unknown) => http().request('PATCH', K8C, { body, contentType: 'application/merge-patch+json', query: { dryRun: 'All' } });
  // Upstream accepts both (its webhook checks neither), and would then loop on cass-operator's
  // refusal or on an image that does not exist.
  const storage = await dryRun({ spec: { cassandra: { storageConfig: { cassandraDataVolumeClaimSpec: { ...k8c.spec.cassandra.storageConfig.cassandraDataVolumeClaimSpec, storageClassName: 'fast' } } } } });
  expect(storage.status).toBe(200);
  const version = await dryRun({ spec: { cassandra: { serverVersion: '9.0.0' } } });
  expect(version.status).toBe(200);

  // The library: `plan` forbids the storage class change, validation refuses the version.
  const before = synthInto(platformOf({}));
  const after = synthInto(platformOf({ storageClassName: 'fast' }));
  removers.push(before.remove, after.remove);
  const plan = planChanges(readSynthesis(before.dist), readSynthesis(after.dist));
  expect(plan.changes).toContainEqual(expect.objectContaining({ severity: ChangeSeverity.FORBIDDEN, cluster: 'users', path: 'datacenters/dc1/storage/storageClassName' }));
  let refused: unknown;
  try {
    synthInto(platformOf({ serverVersion: '9.0.0' }));
  } catch (err) {
    refused = err;
  }
  expect(refused).toBeInstanceOf(ValidationError);
  expect((refused as ValidationError).problems).toContainEqual(expect.objectContaining({ path: expect.stringContaining('serverVersion'), message: expect.stringContaining('9.0.0') }));
}, 60_000);

test('the MedusaBackupSchedule the library emits is accepted by the real webhook, which refuses a broken one', async () => {
  // Only the schedule is applied: enabling Medusa on the running DC would restart every node.
  const withSchedule = synthInto(platformOf({ backupSchedule: '0 2 * * *' }));
  removers.push(withSchedule.remove);
  const schedules = Object.values(readSynthesis(withSchedule.dist)).flat().filter((o) => o.kind === 'MedusaBackupSchedule');
  expect(schedules).toHaveLength(1);
  expect(schedules[0].metadata.namespace).toBe(NS);
  const accepted = await platform.applyObjects('one', schedules);
  expect(accepted.rejected).toEqual([]);
  const broken = { ...schedules[0], metadata: { ...schedules[0].metadata, name: 'broken' }, spec: { ...(schedules[0].spec as object), cronSchedule: 'every night' } };
  const refused = await platform.applyObjects('one', [broken]);
  expect(refused.rejected).toEqual([expect.objectContaining({ message: expect.stringContaining('admission webhook "vmedusabackupschedule.kb.io" denied the request') })]);
}, 60_000);

test('restart and cleanup CassandraTasks run to success', async () => {
  await applyStep({ tasks: [{ id: 'restart', command: 'restart' }, { id: 'cleanup', command: 'cleanup' }] });
  const tasks = await getJson(http(), `/apis/control.k8ssandra.io/v1alpha1/namespaces/${NS}/cassandratasks`);
  expect(tasks.items.map((t: any) => t.spec.jobs[0].command).sort()).toEqual(['cleanup', 'restart']);
  for (const t of tasks.items) {
    const done = await eventually(`${t.metadata.name} complete`, 300_000, async () => {
      const got = await getJson(http(), `/apis/control.k8ssandra.io/v1alpha1/namespaces/${NS}/cassandratasks/${t.metadata.name}`);
      return condition(got, 'Complete') === 'True' ? got : undefined;
    }, 1_000);
    expect(condition(done, 'Failed')).not.toBe('True');
    expect(done.status.succeeded).toBeGreaterThanOrEqual(1);
  }
  // cleanup reached every node through the management API.
  expect(new Set(backend.simulator.callsTo('/api/v1/ops/keyspace/cleanup').map((c) => c.ip)).size).toBe(2);
  await dcReady(2);
}, 700_000);

test('a rolling version upgrade replaces every node with the new version', async () => {
  await applyStep({ serverVersion: '4.1.9' });
  await eventually('every node on 4.1.9', 600_000, async () => {
    const nodes = backend.simulator.nodes().filter((n) => n.status === 'normal');
    return nodes.length === 2 && nodes.every((n) => n.serverVersion === '4.1.9') ? nodes : undefined;
  }, 2_000);
  await dcReady(2);
}, 700_000);

test('scaling the DC up adds nodes that join the same ring', async () => {
  await applyStep({ size: 4, serverVersion: '4.1.9' });
  await dcReady(4, 500_000);
  const rings = backend.simulator.rings();
  expect(rings).toHaveLength(1);
  expect(rings[0].members).toHaveLength(4);
}, 600_000);

test('cass-operator down: the nodes keep running and the DC stays Ready; back: it reconciles', async () => {
  const plane = platform.planes.one;
  const pod = plane.operatorPod(NS, 'cass-operator-controller-manager')!;
  const before = await getJson(http(), DC);
  pod.kill('manager', true);
  // Something to reconcile while it is away: a Service it owns disappears.
  await http().request('DELETE', `/api/v1/namespaces/${NS}/services/users-dc1-all-pods-service`);
  await new Promise((r) => setTimeout(r, 20_000));
  const during = await getJson(http(), DC);
  expect(condition(during, 'Ready')).toBe('True');
  expect(during.metadata.generation).toBe(before.metadata.generation);
  expect(backend.simulator.nodes().filter((n) => n.status === 'normal')).toHaveLength(4);
  expect(await getJson(http(), `/api/v1/namespaces/${NS}/services/users-dc1-all-pods-service`)).toBeUndefined();

  pod.resume('manager');
  await eventually('the Service re-created by cass-operator', 120_000, () => getJson(http(), `/api/v1/namespaces/${NS}/services/users-dc1-all-pods-service`));
  await dcReady(4);
}, 300_000);
