import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStep, condition, CONTROL_PLANE, dcPath, installPlanes, K8C, NS, readyDc, regionOf, REGIONS, type Step, synthStep } from './support/multi-region';
import { eventually, getJson } from './support/platform';
import { SimulatorBackend, startSimulatedPlatform, type SimulatedPlatform } from '../../lib/testing';

/**
 * One Cassandra cluster over three regions, in upstream's multi-cluster topology as the
 * library places it: one K8ssandraCluster in the control plane's cluster, whose
 * k8ssandra-operator (control-plane mode) creates the DCs in the remote data planes through
 * the ClientConfigs, with the real operators everywhere and the Cassandra simulator behind
 * every pod.
 */
const THREE = ['dc1', 'dc2', 'dc3'];
const KEYSPACE = 'app';

let platform: SimulatedPlatform;
let backend: SimulatorBackend;
const removers: Array<() => void> = [];
const cpHttp = () => platform.planes[CONTROL_PLANE].apiServer.http;

async function allReady(dcs: readonly string[], timeoutMs: number): Promise<Record<string, any>> {
  return eventually(`${dcs.join(', ')} Ready`, timeoutMs, async () => {
    const got = await Promise.all(dcs.map((dc) => readyDc(platform, dc)));
    return got.every(Boolean) ? Object.fromEntries(dcs.map((dc, i) => [dc, got[i]])) : undefined;
  }, 1_000);
}

// A restarted kube-apiserver answers before its RBAC caches are filled and denies for a moment
// (seen: every watch of mission-control-access forbidden within 0.1 s of "Caches are synced").
// Denials inside an outage window, ending a little after the restart, are that; others are not.
const outages: Array<[number, number]> = [];
const SETTLING_MS = 10_000;
const stamp = (line: string) => Date.parse(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/.exec(line)?.[0] ?? '');
const unexplainedDenials = () => platform.rbacDenials().filter((l) => !outages.some(([from, to]) => stamp(l) >= from && stamp(l) <= to + SETTLING_MS));

async function outage(plane: string, during: () => Promise<void>): Promise<void> {
  const server = platform.apiServers.planes[plane];
  const from = Date.now();
  await server.stop();
  try {
    await during();
  } finally {
    await server.start();
    outages.push([from, Date.now()]);
  }
}

const liveIn = (dc: string) => backend.simulator.nodes().filter((n) => n.datacenter === dc && n.status === 'normal');

beforeAll(async () => {
  backend = new SimulatorBackend();
  platform = await startSimulatedPlatform({
    planes: REGIONS.map((r) => ({ name: r.plane, region: r.plane, zones: [`${r.plane}a`] })),
    cassandra: backend,
    logDir: process.env.MCC_OPERATOR_LOGS ?? mkdtempSync(join(tmpdir(), 'mcc-multi-region-logs-')),
  });
}, 300_000);

afterAll(async () => {
  await platform?.stop();
  for (const r of removers) r();
});

test('three regions: the DCs are created one after the other and form one ring', async () => {
  const step: Step = { regions: 3, datacenters: THREE, keyspace: { name: KEYSPACE, datacenters: THREE } };
  await installPlanes(platform, step);
  await applyStep(platform, step, removers);
  const dcs = await allReady(THREE, 400_000);

  // Upstream creates a DC only once the one before it is Ready.
  for (let i = 1; i < THREE.length; i++) {
    const created = Date.parse(dcs[THREE[i]].metadata.creationTimestamp);
    const previousReady = Date.parse(condition(dcs[THREE[i - 1]], 'Ready').lastTransitionTime);
    expect(created).toBeGreaterThanOrEqual(previousReady);
  }
  // Each DC is where its region is, and nowhere else.
  for (const dc of THREE) {
    for (const r of REGIONS) {
      const found = await getJson(platform.planes[r.plane].apiServer.http, dcPath(dc));
      expect([dc, r.plane, found !== undefined]).toEqual([dc, r.plane, r.plane === regionOf(dc).plane]);
    }
  }
  const rings = backend.simulator.rings();
  expect(rings).toHaveLength(1);
  expect([...rings[0].datacenters].sort()).toEqual(THREE);
  expect(rings[0].members).toHaveLength(3);
  for (const dc of THREE) expect(liveIn(dc)).toHaveLength(1);
  // Upstream rebuilds every DC after the first from a Ready one, in a new cluster too: a DC
  // is "added" once another is in the K8ssandraCluster's status (datacenters.go).
  for (const dc of THREE.slice(1)) {
    const [n] = await eventually(`${dc} rebuilt`, 120_000, async () => (liveIn(dc)[0]?.rebuiltFrom.length ? liveIn(dc) : undefined), 1_000);
    expect(THREE.slice(0, THREE.indexOf(dc))).toContain(n.rebuiltFrom[0]);
  }

  const k8c = await eventually('CassandraInitialized', 120_000, async () => {
    const k = await getJson(cpHttp(), K8C);
    return condition(k, 'CassandraInitialized')?.status === 'True' ? k : undefined;
  });
  for (const dc of THREE) expect(k8c.status.datacenters[dc].cassandra.cassandraOperatorProgress).toBe('Ready');
}, 900_000);

test('the superuser is created once, and the system keyspaces are replicated to every DC', async () => {
  const superuser = await eventually('superuser role', 60_000, async () => backend.simulator.roles().find((r) => r.name === 'users-superuser'));
  expect(superuser.superuser).toBe(true);
  expect(superuser.creates).toBe(1);
  for (const ks of ['system_auth', 'system_distributed', 'system_traces']) {
    const info = await eventually(`${ks} replication`, 120_000, async () => {
      const r = backend.simulator.keyspace(ks)?.replication;
      return r?.class === 'NetworkTopologyStrategy' && THREE.every((dc) => r.datacenters[dc] === 1) ? r : undefined;
    });
    if (info.class !== 'NetworkTopologyStrategy') throw new Error(`${ks}: ${info.class}`);
    expect(info.datacenters).toEqual({ dc1: 1, dc2: 1, dc3: 1 });
  }
  expect(unexplainedDenials()).toEqual([]);
}, 300_000);

const FOUR = [...THREE, 'dc4'];

test('a DC added in a new region is rebuilt from an existing DC and receives the declared keyspace', async () => {
  // The application's keyspace, created as a client would, in the three DCs.
  const seed = liveIn('dc1')[0];
  const created = backend.simulator.request(seed.ip, 'POST', '/api/v0/ops/keyspace/create', JSON.stringify({
    keyspace_name: KEYSPACE, replication_settings: THREE.map((dc) => ({ dc_name: dc, replication_factor: 1 })),
  }));
  expect(created.status).toBe(200);

  const step: Step = { regions: 4, datacenters: FOUR, keyspace: { name: KEYSPACE, datacenters: FOUR } };
  // A new data plane: its folder, its kubeconfig Secret, its ClientConfig (the control-plane
  // k8ssandra-operator restarts to load it), then the DC.
  await installPlanes(platform, step);
  await applyStep(platform, step, removers);
  const added = await eventually('dc4 rebuilt', 400_000, async () => {
    const nodes = backend.simulator.nodes().filter((n) => n.datacenter === 'dc4' && n.status === 'normal');
    return nodes.length === 1 && nodes.every((n) => n.rebuiltFrom.length > 0) ? nodes : undefined;
  }, 1_000);
  for (const n of added) {
    expect(THREE).toContain(n.rebuiltFrom[0]);
    expect(backend.simulator.callsTo('/api/v1/ops/node/rebuild', { ip: n.ip }).length).toBeGreaterThanOrEqual(1);
    expect(n.hasData[KEYSPACE]).toBe(true);
  }
  const app = await eventually(`${KEYSPACE} in dc4`, 120_000, async () => {
    const r = backend.simulator.keyspace(KEYSPACE)?.replication;
    return r?.class === 'NetworkTopologyStrategy' && r.datacenters.dc4 === 1 ? r : undefined;
  });
  expect(app).toEqual({ class: 'NetworkTopologyStrategy', datacenters: { dc1: 1, dc2: 1, dc3: 1, dc4: 1 } });
  await allReady(FOUR, 120_000);
  const rings = backend.simulator.rings();
  expect(rings).toHaveLength(1);
  expect([...rings[0].datacenters].sort()).toEqual(FOUR);
  expect(unexplainedDenials()).toEqual([]);
}, 900_000);

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a data plane API server down: the other DCs stay Ready; back: the cluster converges', async () => {
  await outage('eu-west-1', async () => {
    await settle(15_000);
    for (const dc of FOUR.filter((d) => d !== 'dc2')) expect([dc, Boolean(await readyDc(platform, dc))]).toEqual([dc, true]);
    // Cassandra does not depend on Kubernetes: the DC without its API server keeps serving.
    for (const dc of FOUR) expect(liveIn(dc)).toHaveLength(1);
  });
  await allReady(FOUR, 180_000);
  await eventually('the control plane sees dc2 Ready again', 180_000, async () => {
    const k = await getJson(cpHttp(), K8C);
    return k?.status?.datacenters?.dc2?.cassandra?.cassandraOperatorProgress === 'Ready' && condition(k, 'CassandraInitialized')?.status === 'True' ? k : undefined;
  });
  expect(backend.simulator.rings()).toHaveLength(1);
  expect(unexplainedDenials()).toEqual([]);
}, 400_000);

test('the control plane API server down: remote DCs stay Ready and a CassandraTask in a data plane completes', async () => {
  const step: Step = { regions: 4, datacenters: FOUR, keyspace: { name: KEYSPACE, datacenters: FOUR }, tasks: [{ id: 'flush-dc2', datacenter: 'dc2', command: 'flush' }] };
  const out = synthStep(step);
  removers.push(out.remove);
  await outage(CONTROL_PLANE, async () => {
    await settle(10_000);
    for (const dc of ['dc2', 'dc3', 'dc4']) expect([dc, Boolean(await readyDc(platform, dc))]).toEqual([dc, true]);
    // Static delivery puts the task in the DC's data-plane folder, applied there alone.
    const report = await platform.apply(out.dist, { 'data-plane-eu-west': 'eu-west-1' });
    expect(report.rejected).toEqual([]);
    const eu = platform.planes['eu-west-1'].apiServer.http;
    const tasks = await getJson(eu, `/apis/control.k8ssandra.io/v1alpha1/namespaces/${NS}/cassandratasks`);
    const flush = tasks.items.filter((t: any) => t.spec.jobs[0].command === 'flush');
    expect(flush).toHaveLength(1);
    const name = flush[0].metadata.name;
    const done = await eventually(`${name} complete`, 180_000, async () => {
      const got = await getJson(eu, `/apis/control.k8ssandra.io/v1alpha1/namespaces/${NS}/cassandratasks/${name}`);
      return condition(got, 'Complete')?.status === 'True' ? got : undefined;
    }, 1_000);
    expect(condition(done, 'Failed')?.status).not.toBe('True');
    const ip = liveIn('dc2')[0].ip;
    expect(['/api/v0/ops/tables/flush', '/api/v1/ops/tables/flush'].flatMap((p) => backend.simulator.callsTo(p, { ip })).length).toBeGreaterThanOrEqual(1);
    for (const dc of ['dc2', 'dc3', 'dc4']) expect([dc, Boolean(await readyDc(platform, dc))]).toEqual([dc, true]);
  });
  await allReady(FOUR, 180_000);
  expect(backend.simulator.rings()).toHaveLength(1);
}, 400_000);
