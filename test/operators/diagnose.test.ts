import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStep, CONTROL_PLANE, installPlanes, NS, readyDc, REGIONS, type Step } from './support/multi-region';
import { eventually, rolledOut } from './support/platform';
import { runDiagnose, type DiagnoseCommandOptions } from '../../lib/cli/diagnose/command';
import type { Diagnosis } from '../../lib/core/diagnosis/diagnose';
import type { Finding } from '../../lib/core/diagnosis/finding';
import { applyObjects, missionControlOperatorImage, SimulatorBackend, startSimulatedPlatform, type SimulatedPlatform } from '../../lib/testing';

/**
 * `diagnose` on the real operators: the control plane (with us-east in its cluster) and eu-west,
 * a cluster `users` with its DC in eu-west. Each symptom is provoked for real and the command
 * must name the layer: an operator scaled to zero, a webhook that is not served, pods that
 * cannot be scheduled, a failing CassandraTask, an unreachable data plane.
 */
const PLANES = REGIONS.slice(0, 2);
const EU_WEST = PLANES[1];
const STEP: Step = { regions: 2, datacenters: ['dc2'] };

let platform: SimulatedPlatform;
const removers: Array<() => void> = [];
const euHttp = () => platform.planes[EU_WEST.plane].apiServer.http;
const cpHttp = () => platform.planes[CONTROL_PLANE].apiServer.http;

const run = (cluster?: string): Promise<Diagnosis> => runDiagnose(cluster, {
  kubeconfig: platform.apiServers.planes[CONTROL_PLANE].kubeconfigPath,
  namespace: 'mission-control',
  k8ssandraNamespace: NS,
  dataPlaneContext: [],
  stuckAfter: '10m',
  timeout: '5s',
  output: 'json',
} satisfies DiagnoseCommandOptions);

/** Diagnoses until `match` finds its finding (operators and kubelet take a moment to report). */
async function diagnosed(what: string, match: (f: Finding) => boolean, cluster?: string): Promise<{ d: Diagnosis; f: Finding }> {
  return eventually(what, 180_000, async () => {
    const d = await run(cluster);
    const f = d.findings.find(match);
    return f ? { d, f } : undefined;
  }, 2_000);
}

async function scale(namespace: string, name: string, replicas: number): Promise<void> {
  const res = await euHttp().request('PATCH', `/apis/apps/v1/namespaces/${namespace}/deployments/${name}/scale`, { body: { spec: { replicas } }, contentType: 'application/merge-patch+json' });
  if (res.status !== 200) throw new Error(`scale ${name}: HTTP ${res.status}: ${res.text}`);
}

beforeAll(async () => {
  platform = await startSimulatedPlatform({
    planes: PLANES.map((r) => ({ name: r.plane, region: r.plane, zones: [`${r.plane}a`] })),
    cassandra: new SimulatorBackend(),
    logDir: process.env.MCC_OPERATOR_LOGS ?? mkdtempSync(join(tmpdir(), 'mcc-diagnose-logs-')),
    images: missionControlOperatorImage(),
  });
  await installPlanes(platform, STEP);
  await applyStep(platform, STEP, removers);
  await eventually('dc2 Ready', 600_000, () => readyDc(platform, 'dc2'), 2_000);
}, 900_000);

afterAll(async () => {
  await platform?.stop();
  for (const r of removers) r();
});

test('a healthy platform: every plane read, nothing found', async () => {
  const d = await eventually('no finding', 120_000, async () => {
    const got = await run();
    return got.findings.length === 0 ? got : undefined;
  }, 2_000).catch(async (err) => {
    throw new Error(`${(err as Error).message}\n${JSON.stringify((await run()).findings, null, 2)}`);
  });
  expect(d.planes.map((p) => [p.name, p.reachable, p.unreadable])).toEqual([['control-plane', true, []], ['eu-west', true, []], ['us-east', true, []]]);
}, 180_000);

test('a failing CassandraTask: node operations failing, in Cassandra, with the management API\'s error', async () => {
  const task = {
    apiVersion: 'control.k8ssandra.io/v1alpha1',
    kind: 'CassandraTask',
    metadata: { name: 'rebuild-from-nowhere', namespace: NS },
    spec: { datacenter: { name: 'dc2', namespace: NS }, jobs: [{ name: 'rebuild', command: 'rebuild', args: { source_datacenter: 'nowhere' } }] },
  };
  const report = await applyObjects(platform.apiServers.planes[EU_WEST.plane], [task]);
  expect(report.rejected).toEqual([]);
  const { d, f } = await diagnosed('the failed task', (x) => x.subject === `CassandraTask ${NS}/rebuild-from-nowhere`);
  expect([f.layer, f.plane, f.symptoms]).toEqual(['cassandra', 'eu-west', ['node-operations-failing']]);
  expect(f.clusters).toEqual(['users']);
  expect(f.evidence.join('\n')).toMatch(/Failed=True/);
  expect(f.evidence.join('\n')).toMatch(/nowhere/);
  expect(d.symptoms['node-operations-failing']).toContain(d.findings.indexOf(f));
  const deleted = await euHttp().request('DELETE', `/apis/control.k8ssandra.io/v1alpha1/namespaces/${NS}/cassandratasks/rebuild-from-nowhere`);
  expect(deleted.status).toBe(200);
}, 300_000);

test('cass-operator scaled to zero in eu-west: its layer, its plane, and its unserved webhook', async () => {
  await scale(NS, 'cass-operator-controller-manager', 0);
  try {
    const { d, f } = await diagnosed('cass-operator down', (x) => x.subject === `Deployment ${NS}/cass-operator-controller-manager` && x.plane === 'eu-west');
    expect([f.layer, f.symptoms[0]]).toEqual(['cass-operator', 'pods-not-starting']);
    expect(f.evidence[0]).toBe('spec.replicas is 0: the operator is scaled to zero');
    expect(f.commands[0]).toBe(`kubectl --context eu-west -n ${NS} describe deployment/cass-operator-controller-manager`);
    const webhook = await diagnosed('its webhook unserved', (x) => x.subject === `Service ${NS}/cass-operator-webhook-service` && x.plane === 'eu-west');
    expect(webhook.f.evidence[0]).toMatch(/no ready endpoint/);
    expect(d.findings.every((x) => x.plane === 'eu-west')).toBe(true);
  } finally {
    await scale(NS, 'cass-operator-controller-manager', 1);
  }
  await eventually('cass-operator back', 240_000, () => rolledOut(euHttp(), NS, 'cass-operator-controller-manager'), 2_000);
}, 600_000);

test('the control plane\'s k8ssandra-operator webhook Service deleted: clusters cannot be created', async () => {
  const path = `/api/v1/namespaces/${NS}/services/k8ssandra-operator-webhook-service`;
  const service = (await cpHttp().request('GET', path)).body as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  expect((await cpHttp().request('DELETE', path)).status).toBe(200);
  try {
    const { f } = await diagnosed('webhook unreachable', (x) => x.subject === `Service ${NS}/k8ssandra-operator-webhook-service` && x.plane === 'control-plane');
    expect([f.layer, f.symptoms]).toEqual(['k8ssandra-operator-control-plane', ['cannot-create-clusters']]);
    expect(f.evidence[0]).toMatch(/does not exist/);
  } finally {
    const { clusterIP, clusterIPs, ...spec } = service.spec;
    void clusterIP;
    void clusterIPs;
    const restored = await applyObjects(platform.apiServers.planes[CONTROL_PLANE], [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'k8ssandra-operator-webhook-service', namespace: NS, labels: service.metadata.labels as Record<string, string> }, spec }]);
    expect(restored.rejected).toEqual([]);
  }
}, 300_000);

test('a DC whose pod no node can take: pods not starting, in Kubernetes, with the scheduler\'s message', async () => {
  const k8c = {
    apiVersion: 'k8ssandra.io/v1alpha1',
    kind: 'K8ssandraCluster',
    metadata: { name: 'huge', namespace: NS },
    spec: {
      cassandra: {
        serverVersion: '4.1.8',
        datacenters: [{
          metadata: { name: 'big1' },
          k8sContext: 'eu-west',
          size: 1,
          storageConfig: { cassandraDataVolumeClaimSpec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
          resources: { requests: { cpu: '64', memory: '2Gi' }, limits: { cpu: '64', memory: '2Gi' } },
        }],
      },
    },
  };
  await eventually('huge accepted', 120_000, async () => {
    const report = await applyObjects(platform.apiServers.planes[CONTROL_PLANE], [k8c]);
    return report.rejected.length === 0 ? true : undefined;
  }, 2_000);
  const { d, f } = await diagnosed('unschedulable pod', (x) => x.layer === 'kubernetes' && x.subject.startsWith(`Pod ${NS}/huge-big1-`), 'huge');
  expect([f.plane, f.symptoms, f.clusters]).toEqual(['eu-west', ['pods-not-starting'], ['huge']]);
  expect(f.evidence[0]).toMatch(/^PodScheduled=False \(Unschedulable\): 0\/\d+ nodes are available: \d+ /);
  // Asked about `huge`, nothing of `users` is shown.
  expect(d.findings.every((x) => x.clusters === undefined || x.clusters.includes('huge'))).toBe(true);
  expect((await cpHttp().request('DELETE', `/apis/k8ssandra.io/v1alpha1/namespaces/${NS}/k8ssandraclusters/huge`)).status).toBe(200);
}, 300_000);

test('eu-west\'s API server down: a multi-DC coordination problem of the plane connection; the control plane is still diagnosed', async () => {
  const server = platform.apiServers.planes[EU_WEST.plane];
  await server.stop();
  try {
    const d = await run();
    const f = d.findings.find((x) => x.subject === 'data plane eu-west')!;
    expect(f).toBeDefined();
    expect([f.layer, f.symptoms]).toEqual(['plane-connection', ['multi-dc-coordination', 'creation-stuck']]);
    // `huge` may still be finalising: it is in eu-west too until its DC is gone.
    expect(f.clusters).toContain('users');
    expect(d.planes.map((p) => [p.name, p.reachable])).toEqual([['control-plane', true], ['eu-west', false], ['us-east', true]]);
  } finally {
    await server.start();
  }
}, 300_000);
