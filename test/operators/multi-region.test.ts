import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStep, condition, CONTROL_PLANE, dcPath, installPlanes, K8C, NS, ORDERS_K8C, ORDERS_MCC, readyDc, regionOf, REGIONS, type Step, synthStep } from './support/multi-region';
import { eventually, getJson } from './support/platform';
import type { KubeObject } from '../../lib/core/kube-object';
import { CONTROL_PLANE_ACCESS_NAME, controlPlaneAccessRules } from '../../lib/core/manifests/control-plane-access';
import { FIELD_MANAGER } from '../../lib/reconciler/ownership';
import { applyObjects, missionControlOperatorImage, SimulatorBackend, startSimulatedPlatform, type SimulatedPlatform } from '../../lib/testing';

/**
 * Cassandra clusters over three regions, in upstream's multi-cluster topology as the library
 * places them: one K8ssandraCluster per cluster in the control plane's cluster, whose
 * k8ssandra-operator (control-plane mode) creates the DCs in the remote data planes through
 * the ClientConfigs, with the real operators everywhere and the Cassandra simulator behind
 * every pod. `users` is delivered statically (its K8ssandraCluster is in the control-plane
 * folder); `orders` is reconciled: the control-plane operator, running from its own
 * Deployment, writes its K8ssandraCluster.
 */
const THREE = ['dc1', 'dc2', 'dc3'];
const ORDERS = ['o1', 'o2', 'o3'];
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
// Go operators log ISO times; the control-plane operator (pino) logs epoch milliseconds.
const stamp = (line: string) => {
  const epoch = /"time":(\d{13})/.exec(line)?.[1];
  return epoch ? Number(epoch) : Date.parse(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/.exec(line)?.[0] ?? '');
};
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

const liveIn = (dc: string, cluster = dc.startsWith('o') ? 'orders' : 'users') =>
  backend.simulator.nodes().filter((n) => n.clusterName === cluster && n.datacenter === dc && n.status === 'normal');
const ringsOf = (cluster: string) => backend.simulator.rings().filter((r) => r.clusterName === cluster);
/** A keyspace as the `users` cluster sees it (the `orders` cluster has its own system keyspaces). */
const usersKeyspace = (name: string) => backend.simulator.keyspace(name, liveIn('dc1')[0]?.ip);

beforeAll(async () => {
  // A decommission spends the ring delay twice; lowered as test clusters lower it.
  backend = new SimulatorBackend({ ringDelayMs: 5_000 });
  platform = await startSimulatedPlatform({
    planes: REGIONS.map((r) => ({ name: r.plane, region: r.plane, zones: [`${r.plane}a`] })),
    cassandra: backend,
    logDir: process.env.MCC_OPERATOR_LOGS ?? mkdtempSync(join(tmpdir(), 'mcc-multi-region-logs-')),
    images: missionControlOperatorImage(),
    auditLog: true,
  });
}, 300_000);

afterAll(async () => {
  await platform?.stop();
  for (const r of removers) r();
});

test.each([
  ['static', 'users', THREE, K8C],
  ['reconciled', 'orders', ORDERS, ORDERS_K8C],
])('three regions, %s delivery: the DCs are created one after the other and form one ring', async (delivery, cluster, dcNames, k8cPath) => {
  if (delivery === 'static') {
    // Both clusters at once: the reconciled one through the control-plane operator's Deployment.
    const step: Step = { regions: 3, datacenters: THREE, keyspace: { name: KEYSPACE, datacenters: THREE }, reconciled: ORDERS };
    await installPlanes(platform, step);
    await applyStep(platform, step, removers);
  }
  const dcs = await allReady(dcNames, 600_000);

  // Upstream creates a DC only once the one before it is Ready.
  for (let i = 1; i < dcNames.length; i++) {
    const created = Date.parse(dcs[dcNames[i]].metadata.creationTimestamp);
    const previousReady = Date.parse(condition(dcs[dcNames[i - 1]], 'Ready').lastTransitionTime);
    expect(created).toBeGreaterThanOrEqual(previousReady);
  }
  // Each DC is where its region is, and nowhere else.
  for (const dc of dcNames) {
    for (const r of REGIONS) {
      const found = await getJson(platform.planes[r.plane].apiServer.http, dcPath(dc));
      expect([dc, r.plane, found !== undefined]).toEqual([dc, r.plane, r.plane === regionOf(dc).plane]);
    }
  }
  const rings = ringsOf(cluster);
  expect(rings).toHaveLength(1);
  expect([...rings[0].datacenters].sort()).toEqual(dcNames);
  expect(rings[0].members).toHaveLength(3);
  for (const dc of dcNames) expect(liveIn(dc)).toHaveLength(1);
  // Upstream rebuilds every DC after the first from a Ready one, in a new cluster too: a DC
  // is "added" once another is in the K8ssandraCluster's status (datacenters.go).
  for (const dc of dcNames.slice(1)) {
    const [n] = await eventually(`${dc} rebuilt`, 120_000, async () => (liveIn(dc)[0]?.rebuiltFrom.length ? liveIn(dc) : undefined), 1_000);
    expect(dcNames.slice(0, dcNames.indexOf(dc))).toContain(n.rebuiltFrom[0]);
  }

  const k8c = await eventually(`${cluster} CassandraInitialized`, 120_000, async () => {
    const k = await getJson(cpHttp(), k8cPath);
    return condition(k, 'CassandraInitialized')?.status === 'True' ? k : undefined;
  });
  for (const dc of dcNames) expect(k8c.status.datacenters[dc].cassandra.cassandraOperatorProgress).toBe('Ready');
  const writers = (k8c.metadata.managedFields ?? []).filter((f: { operation: string }) => f.operation === 'Apply').map((f: { manager: string }) => f.manager);
  if (delivery === 'reconciled') {
    // Written by the operator's own server-side apply, and reported back on the cluster.
    expect(writers).toEqual([FIELD_MANAGER]);
    const mcc = await eventually('orders Ready', 120_000, async () => {
      const m = await getJson(cpHttp(), ORDERS_MCC);
      return condition(m, 'Ready')?.status === 'True' ? m : undefined;
    }, 1_000);
    expect(condition(mcc, 'Valid')?.status).toBe('True');
    expect(mcc.status.datacenters.map((d: { name: string }) => d.name)).toEqual(ORDERS);
  } else {
    expect(writers).not.toContain(FIELD_MANAGER);
  }
}, 900_000);

test('the superuser is created once, and the system keyspaces are replicated to every DC', async () => {
  for (const cluster of ['users', 'orders']) {
    const ip = liveIn(cluster === 'users' ? 'dc1' : 'o1')[0].ip;
    const superuser = await eventually(`${cluster} superuser role`, 60_000, async () => backend.simulator.roles(ip).find((r) => r.name === `${cluster}-superuser`));
    expect(superuser.superuser).toBe(true);
    expect(superuser.creates).toBe(1);
  }
  for (const dcNames of [THREE, ORDERS]) {
    const ip = liveIn(dcNames[0])[0].ip;
    for (const ks of ['system_auth', 'system_distributed', 'system_traces']) {
      const info = await eventually(`${ks} replication of ${dcNames[0]}'s cluster`, 120_000, async () => {
        const r = backend.simulator.keyspace(ks, ip)?.replication;
        return r?.class === 'NetworkTopologyStrategy' && dcNames.every((dc) => r.datacenters[dc] === 1) ? r : undefined;
      });
      if (info.class !== 'NetworkTopologyStrategy') throw new Error(`${ks}: ${info.class}`);
      expect(info.datacenters).toEqual(Object.fromEntries(dcNames.map((dc) => [dc, 1])));
    }
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
    const r = usersKeyspace(KEYSPACE)?.replication;
    return r?.class === 'NetworkTopologyStrategy' && r.datacenters.dc4 === 1 ? r : undefined;
  });
  expect(app).toEqual({ class: 'NetworkTopologyStrategy', datacenters: { dc1: 1, dc2: 1, dc3: 1, dc4: 1 } });
  await allReady(FOUR, 120_000);
  const rings = ringsOf('users');
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
  expect(ringsOf('users')).toHaveLength(1);
  expect(unexplainedDenials()).toEqual([]);
}, 400_000);

test('the control plane API server down: remote DCs stay Ready, a backup schedule fires and a CassandraTask in a data plane completes; a change after it is back applies', async () => {
  const step: Step = { regions: 4, datacenters: FOUR, keyspace: { name: KEYSPACE, datacenters: FOUR }, tasks: [{ id: 'flush-dc2', datacenter: 'dc2', command: 'flush' }] };
  const out = synthStep(step);
  removers.push(out.remove);
  const before = await podsAndStatefulSets(['dc2', 'dc3', 'dc4']);
  const eu = platform.planes['eu-west-1'].apiServer.http;
  // A backup schedule of dc2, as placement puts it (next to its DC, in eu-west), created early in
  // a minute so that its first run, at the next minute, falls inside the outage. Its runs are
  // MedusaBackupJobs that eu-west's k8ssandra-operator creates on its own; what a job then asks
  // of the Medusa sidecars is not shown here (the node stand-in runs none).
  const schedule: KubeObject = {
    apiVersion: 'medusa.k8ssandra.io/v1alpha1',
    kind: 'MedusaBackupSchedule',
    metadata: { name: 'users-minutely-dc2', namespace: NS },
    spec: { cronSchedule: '* * * * *', backupSpec: { cassandraDatacenter: 'dc2', backupType: 'differential' }, concurrencyPolicy: 'Forbid' },
  };
  const euServer = platform.apiServers.planes['eu-west-1'];
  // eu-west's k8ssandra-operator may still be restarting after that plane's own outage, with its
  // webhook unserved: a disabled schedule (which never runs) is retried until accepted, as a
  // GitOps tool would retry; the real one then goes in at a minute's start.
  const probe = { ...schedule, metadata: { name: 'users-probe-dc2', namespace: NS }, spec: { ...(schedule.spec as object), disabled: true } };
  await eventually('the webhook serves', 120_000, async () => ((await applyObjects(euServer, [probe])).rejected.length === 0 ? true : undefined), 2_000);
  expect((await eu.request('DELETE', `/apis/medusa.k8ssandra.io/v1alpha1/namespaces/${NS}/medusabackupschedules/users-probe-dc2`)).status).toBe(200);
  await eventually('the start of a minute', 61_000, async () => (new Date().getSeconds() < 20 ? true : undefined), 500);
  expect((await applyObjects(euServer, [schedule])).rejected).toEqual([]);
  const scheduleJobs = async () => ((await getJson(eu, `/apis/medusa.k8ssandra.io/v1alpha1/namespaces/${NS}/medusabackupjobs`))?.items ?? [])
    .filter((j: any) => j.metadata.name.startsWith('users-minutely-dc2-'));
  expect(await scheduleJobs()).toEqual([]);
  await outage(CONTROL_PLANE, async () => {
    const down = Date.now();
    await settle(10_000);
    for (const dc of ['dc2', 'dc3', 'dc4']) expect([dc, Boolean(await readyDc(platform, dc))]).toEqual([dc, true]);
    // Static delivery puts the task in the DC's data-plane folder, applied there alone.
    const report = await platform.apply(out.dist, { 'data-plane-eu-west': 'eu-west-1' });
    expect(report.rejected).toEqual([]);
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
    const [job] = await eventually('a backup job from the schedule', 120_000, async () => {
      const jobs = await scheduleJobs();
      return jobs.length > 0 ? jobs : undefined;
    }, 2_000);
    expect(Date.parse(job.metadata.creationTimestamp)).toBeGreaterThanOrEqual(Math.floor(down / 1000) * 1000);
    expect(job.spec).toEqual({ cassandraDatacenter: 'dc2', backupType: 'differential' });
    const fired = await getJson(eu, `/apis/medusa.k8ssandra.io/v1alpha1/namespaces/${NS}/medusabackupschedules/users-minutely-dc2`);
    expect(Date.parse(fired.status.lastExecution)).toBeGreaterThanOrEqual(Math.floor(down / 1000) * 1000);
  });
  const back = Date.now();
  for (const path of ['medusabackupschedules/users-minutely-dc2', ...(await scheduleJobs()).map((j: any) => `medusabackupjobs/${j.metadata.name}`)]) {
    expect((await eu.request('DELETE', `/apis/medusa.k8ssandra.io/v1alpha1/namespaces/${NS}/${path}`)).status).toBe(200);
  }
  // Denials during an outage are excused above; none may concern the schedule's kinds.
  expect(platform.rbacDenials().filter((l) => /medusa/i.test(l))).toEqual([]);
  await allReady(FOUR, 180_000);
  expect(ringsOf('users')).toHaveLength(1);
  // The control plane coming back restarted nothing: same pods, same StatefulSet generations.
  expect(await podsAndStatefulSets(['dc2', 'dc3', 'dc4'])).toEqual(before);

  // What GitOps could not deliver while it was down goes in now: an operation across every DC,
  // which the control-plane k8ssandra-operator fans out to the data planes.
  const later = synthStep({ ...step, clusterTasks: [{ id: 'flush-all', command: 'flush' }] });
  removers.push(later.remove);
  // Its k8ssandra-operator lost its leader Lease in the outage and restarted (controller-runtime
  // exits then), so its webhook may not answer yet: a GitOps tool retries, and so does this.
  await eventually('the control-plane folder applied', 120_000, async () => ((await platform.apply(later.dist, { 'control-plane': CONTROL_PLANE })).rejected.length === 0 ? true : undefined), 2_000);
  const task = await eventually('users-flush-all complete', 240_000, async () => {
    const got = await getJson(cpHttp(), `/apis/control.k8ssandra.io/v1alpha1/namespaces/${NS}/k8ssandratasks/users-flush-all`);
    return condition(got, 'Complete')?.status === 'True' ? got : undefined;
  }, 1_000);
  expect(condition(task, 'Failed')?.status).not.toBe('True');
  for (const dc of FOUR) {
    const ip = liveIn(dc)[0].ip;
    const flushes = ['/api/v0/ops/tables/flush', '/api/v1/ops/tables/flush'].flatMap((p) => backend.simulator.callsTo(p, { ip })).filter((c) => c.time >= back);
    expect([dc, flushes.length > 0]).toEqual([dc, true]);
  }
  // A flush restarts nothing either.
  expect(await podsAndStatefulSets(['dc2', 'dc3', 'dc4'])).toEqual(before);
}, 600_000);

test('the control-plane k8ssandra-operator killed: every DC, local and remote, is untouched; back: no rolling restart', async () => {
  const pod = platform.planes[CONTROL_PLANE].operatorPod(NS, 'k8ssandra-operator')!;
  const dcs = FOUR;
  const specs = async () => Object.fromEntries(await Promise.all(dcs.map(async (dc) => {
    const d = await getJson(platform.planes[regionOf(dc).plane].apiServer.http, dcPath(dc));
    return [dc, { generation: d.metadata.generation, spec: d.spec }];
  })));
  const before = { specs: await specs(), pods: await podsAndStatefulSets(dcs) };
  pod.kill('k8ssandra-operator', true);
  await settle(10_000);
  // cass-operator in each cluster keeps its DCs Ready; nobody rewrites them.
  for (const dc of dcs) expect([dc, Boolean(await readyDc(platform, dc))]).toEqual([dc, true]);
  expect(await specs()).toEqual(before.specs);
  pod.resume('k8ssandra-operator');
  await eventually('k8ssandra-operator ready again', 120_000, async () => (pod.statuses().every((s) => s.ready) ? true : undefined));
  // Back, it reconnects to every data plane through the ClientConfigs and finds nothing to change.
  await eventually('the control plane sees every DC Ready', 120_000, async () => {
    const k = await getJson(cpHttp(), K8C);
    return FOUR.every((dc) => k?.status?.datacenters?.[dc]?.cassandra?.cassandraOperatorProgress === 'Ready') ? k : undefined;
  });
  await settle(10_000);
  expect(await specs()).toEqual(before.specs);
  expect(await podsAndStatefulSets(dcs)).toEqual(before.pods);
  expect(unexplainedDenials()).toEqual([]);
}, 300_000);

/** Per DC: its pods' uids and restart counts, and its StatefulSets' generations. */
async function podsAndStatefulSets(dcs: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const dc of dcs) {
    const http = platform.planes[regionOf(dc).plane].apiServer.http;
    const selector = `cassandra.datastax.com/datacenter=${dc}`;
    const pods = await getJson(http, `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(selector)}`);
    const sets = await getJson(http, `/apis/apps/v1/namespaces/${NS}/statefulsets?labelSelector=${encodeURIComponent(selector)}`);
    out[dc] = {
      pods: pods.items.map((p: any) => [p.metadata.name, p.metadata.uid, (p.status.containerStatuses ?? []).map((c: any) => c.restartCount)]).sort(),
      statefulSets: sets.items.map((s: any) => [s.metadata.name, s.metadata.generation]).sort(),
    };
  }
  return out;
}

test('removing a DC: its keyspace replicas dropped first, the node decommissioned, nothing left in its data plane', async () => {
  const [node] = liveIn('dc4');
  // What the application does before the DC leaves the model (validateClusterChange says so).
  const altered = backend.simulator.request(liveIn('dc1')[0].ip, 'POST', '/api/v0/ops/keyspace/alter', JSON.stringify({
    keyspace_name: KEYSPACE, replication_settings: THREE.map((dc) => ({ dc_name: dc, replication_factor: 1 })),
  }));
  expect(altered.status).toBe(200);
  await applyStep(platform, { regions: 4, datacenters: THREE, keyspace: { name: KEYSPACE, datacenters: THREE } }, removers);
  const sa = platform.planes['sa-east-1'].apiServer.http;
  await eventually('dc4 gone from its data plane', 300_000, async () => (await getJson(sa, dcPath('dc4')) === undefined ? true : undefined), 1_000);
  const gone = Date.now();
  // cass-operator's finalizer decommissioned the node before the CassandraDatacenter went away.
  const decommissions = ['/api/v0/ops/node/decommission', '/api/v1/ops/node/decommission']
    .flatMap((p) => backend.simulator.callsTo(p, { ip: node.ip, method: 'POST' })).filter((c) => c.status < 300);
  expect(decommissions.length).toBeGreaterThanOrEqual(1);
  expect(decommissions[0].time).toBeLessThan(gone);
  const left = await eventually('no pods, StatefulSets or claims left', 120_000, async () => {
    const lists = await Promise.all([`/api/v1/namespaces/${NS}/pods`, `/apis/apps/v1/namespaces/${NS}/statefulsets`, `/api/v1/namespaces/${NS}/persistentvolumeclaims`]
      .map(async (p) => (await getJson(sa, p)).items.map((o: any) => o.metadata.name).filter((n: string) => n.startsWith('users-'))));
    return lists.every((l) => l.length === 0) ? lists : undefined;
  }, 1_000);
  expect(left).toEqual([[], [], []]);
  // Upstream drops the DC from the system keyspaces once it is gone (cleanup.go).
  for (const ks of ['system_auth', 'system_distributed', 'system_traces']) {
    await eventually(`${ks} without dc4`, 60_000, async () => {
      const r = usersKeyspace(ks)?.replication;
      return r?.class === 'NetworkTopologyStrategy' && !('dc4' in r.datacenters) ? r : undefined;
    });
    expect([ks, usersKeyspace(ks)?.replication]).toEqual([ks, { class: 'NetworkTopologyStrategy', datacenters: { dc1: 1, dc2: 1, dc3: 1 } }]);
  }
  const k8c = await eventually('dc4 gone from the K8ssandraCluster status', 60_000, async () => {
    const k = await getJson(cpHttp(), K8C);
    return k?.status?.datacenters && !('dc4' in k.status.datacenters) ? k : undefined;
  });
  expect(Object.keys(k8c.status.datacenters).sort()).toEqual(THREE);
  const rings = ringsOf('users');
  expect(rings).toHaveLength(1);
  expect([...rings[0].datacenters].sort()).toEqual(THREE);
  await allReady(THREE, 120_000);
  expect(unexplainedDenials()).toEqual([]);
}, 600_000);


/**
 * What the control plane must be able to do in a remote data plane for this scenario: create,
 * change and remove a DC and its seeds, fan out tasks, replicate the superuser Secret, and
 * watch what it caches. Each is a rule of controlPlaneAccessRules; a request outside them
 * would be a denial.
 */
const EXERCISED = [
  'cassandra.datastax.com/cassandradatacenters create', 'cassandra.datastax.com/cassandradatacenters patch',
  'cassandra.datastax.com/cassandradatacenters delete', 'cassandra.datastax.com/cassandradatacenters list',
  'cassandra.datastax.com/cassandradatacenters watch', 'control.k8ssandra.io/cassandratasks create',
  'control.k8ssandra.io/cassandratasks watch', 'discovery.k8s.io/endpointslices create', 'discovery.k8s.io/endpointslices update',
  'secrets create', 'secrets watch', 'configmaps create', 'pods list', 'pods watch',
  'medusa.k8ssandra.io/medusabackupjobs watch', 'medusa.k8ssandra.io/medusarestorejobs watch',
];

test('in every remote data plane, the control plane identity is never denied and uses the rules the scenario needs', async () => {
  const user = `system:serviceaccount:${NS}:${CONTROL_PLANE_ACCESS_NAME}`;
  const used = new Set<string>();
  const denied: string[] = [];
  for (const r of REGIONS.filter((x) => !x.inControlPlaneCluster)) {
    const events = platform.planes[r.plane].apiServer.auditEvents().filter((e) => e.user.username === user && e.objectRef?.resource);
    // The audit log is what the assertions rest on: it must have seen this identity at work.
    expect([r.plane, events.length > 0]).toEqual([r.plane, true]);
    for (const e of events) {
      const key = `${e.objectRef!.apiGroup ? `${e.objectRef!.apiGroup}/` : ''}${e.objectRef!.resource}${e.objectRef!.subresource ? `/${e.objectRef!.subresource}` : ''} ${e.verb}`;
      if (e.responseStatus?.code !== 403) used.add(key);
      // The same rule as for the operators' logs: a restarted API server denies for a moment.
      else if (!outages.some(([from, to]) => Date.parse(e.stageTimestamp) >= from && Date.parse(e.stageTimestamp) <= to + SETTLING_MS)) denied.push(`${r.plane}: ${key}`);
    }
  }
  expect(denied).toEqual([]);
  expect(EXERCISED.filter((k) => !used.has(k))).toEqual([]);
  // Nothing it did falls outside the granted rules.
  const granted = new Set(controlPlaneAccessRules().flatMap((rule) => rule.resources.flatMap((res) => rule.verbs.map((v) => `${rule.apiGroups[0] ? `${rule.apiGroups[0]}/` : ''}${res} ${v}`))));
  expect([...used].filter((k) => !granted.has(k))).toEqual([]);
}, 60_000);
