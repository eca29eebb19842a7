import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatorBackend, startSimulatedPlatform, type SimulatedPlatform } from '../../lib/testing';
import { applyStep, condition, CONTROL_PLANE, dcPath, installPlanes, K8C, readyDc, regionOf, REGIONS, type Step } from './support/multi-region';
import { eventually, getJson } from './support/platform';

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
  expect(platform.rbacDenials()).toEqual([]);
}, 300_000);
