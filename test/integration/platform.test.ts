import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { CrdSource, GROUP_VERSION } from '../../lib';
import type { KubeObject } from '../../lib/core/kube-object';
import { upstreamCrdDir } from '../../lib/crds/upstream-crd-files';
import { applyObjects, applyPlatform, certManagerCrds, prunedFields, readBack, startApiServers, type ApiServers, type ApplyReport } from '../../lib/testing';

/**
 * The example platform against real API servers: one etcd + kube-apiserver per target
 * cluster. Webhook configurations are applied last (`webhooks: 'last'`): nothing serves them
 * here, and applied earlier they would reject every later custom resource.
 */
const FOLDERS = ['control-plane', 'data-plane-us-east', 'data-plane-eu-west'];
// The us-east data plane shares the control plane's Kubernetes cluster.
const CLUSTER_OF: Record<string, string> = { 'control-plane': 'us-east-1', 'data-plane-us-east': 'us-east-1', 'data-plane-eu-west': 'eu-west-1' };
let servers: ApiServers;
let dist: string;
let report: ApplyReport;

const plane = (folder: string) => servers.planes[CLUSTER_OF[folder]];

function folderObjects(folder: string): KubeObject[] {
  const kustomization = parseAllDocuments(readFileSync(join(dist, folder, 'kustomization.yaml'), 'utf8'))[0].toJS();
  return (kustomization.resources as string[])
    .filter((r) => !r.startsWith('crds/'))
    .flatMap((file) => parseAllDocuments(readFileSync(join(dist, folder, file), 'utf8')).map((d) => d.toJS() as KubeObject));
}

const isCustomResource = (o: KubeObject) => o.apiVersion.includes('.') && !/k8s\.io\//.test(o.apiVersion);

beforeAll(async () => {
  dist = join(mkdtempSync(join(tmpdir(), 'mcc-platform-')), 'dist');
  buildExamplePlatform({ outdir: dist, crds: CrdSource.fromDirectory(upstreamCrdDir()) }).app.synth();
  servers = await startApiServers({ planes: [...new Set(Object.values(CLUSTER_OF))] });
  try {
    for (const p of Object.values(servers.planes)) {
      const prerequisite = await applyObjects(p, certManagerCrds());
      expect(prerequisite.rejected).toEqual([]);
    }
    report = await applyPlatform(dist, Object.fromEntries(FOLDERS.map((f) => [f, plane(f)])), { webhooks: 'last' });
  } catch (err) {
    servers.dumpLogs();
    throw err;
  }
}, 900_000);

afterAll(async () => {
  await servers?.stop();
  if (dist) rmSync(join(dist, '..'), { recursive: true, force: true });
});

test('every synthesised object is accepted by the API servers: zero rejected', () => {
  if (report.rejected.length) servers.dumpLogs(40);
  expect(report.rejected).toEqual([]);
  expect(report.skipped).toEqual([]);
  expect(report.omittedWebhooks).toEqual([]);
  const expected = FOLDERS.flatMap((f) => folderObjects(f)).length + 15 * 2;
  expect(report.applied).toHaveLength(expected);
  expect(report.applied.filter((r) => r.kind.endsWith('WebhookConfiguration'))).toHaveLength(8);
});

test('our CRDs are structural and established', async () => {
  for (const name of ['missioncontrolclusters', 'dataplaneregistrations', 'missioncontroltasks']) {
    const crd = await readBack(plane('control-plane'), { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: `${name}.missioncontrol.mission-control-constructs.dev` });
    const conditions = (crd!.status as { conditions: Array<{ type: string; status: string }> }).conditions;
    expect(conditions).toContainEqual(expect.objectContaining({ type: 'Established', status: 'True' }));
    expect(conditions.find((c) => c.type === 'NonStructuralSchema')).toBeUndefined();
  }
});

test('every custom resource reads back as sent: nothing pruned', async () => {
  let checked = 0;
  for (const folder of FOLDERS) {
    for (const obj of folderObjects(folder).filter(isCustomResource)) {
      const ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace };
      const got = await readBack(plane(folder), ref);
      const { metadata, ...body } = obj;
      expect({ object: `${obj.kind}/${metadata.name}`, pruned: prunedFields(body, got) }).toEqual({ object: `${obj.kind}/${metadata.name}`, pruned: [] });
      expect(prunedFields(metadata.labels ?? {}, got!.metadata.labels)).toEqual([]);
      checked++;
    }
  }
  expect(checked).toBeGreaterThanOrEqual(2 + 4 * 2);
});

const cluster = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: GROUP_VERSION,
  kind: 'MissionControlCluster',
  metadata: { name, namespace: 'mission-control' },
  spec,
});
const validSpec = {
  clusterName: 'orders',
  serverType: 'cassandra',
  serverVersion: '4.1.5',
  datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 3 }],
};

test('the API server rejects a MissionControlCluster with an invalid field, naming the field', async () => {
  const bad = await applyObjects(plane('control-plane'), [cluster('bad-size', { ...validSpec, datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 'three' }] })]);
  expect(bad.rejected).toHaveLength(1);
  expect(bad.rejected[0].message).toContain('.spec.datacenters[0].size');
  const unknown = await applyObjects(plane('control-plane'), [cluster('bad-field', { ...validSpec, sizee: 3 })]);
  expect(unknown.rejected[0].message).toContain('.spec.sizee: field not declared in schema');
  const enumViolation = await applyObjects(plane('control-plane'), [cluster('bad-type', { ...validSpec, serverType: 'scylla' })]);
  expect(enumViolation.rejected[0].message).toMatch(/spec\.serverType: Unsupported value: "scylla"/);
});

test('status is a subresource: writing it does not change metadata.generation', async () => {
  const cp = plane('control-plane');
  const created = await applyObjects(cp, [cluster('status-check', validSpec)]);
  expect(created.rejected).toEqual([]);
  const path = `/apis/${GROUP_VERSION}/namespaces/mission-control/missioncontrolclusters/status-check`;
  const before = (await cp.http.request('GET', path)).body as KubeObject;
  const status = { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'False', reason: 'Pending', message: 'waiting', lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: 1 }] };
  const patched = await cp.http.request('PATCH', `${path}/status`, { body: { status }, contentType: 'application/merge-patch+json' });
  expect(patched.status).toBe(200);
  const after = (await cp.http.request('GET', path)).body as KubeObject & { status: unknown };
  expect(after.metadata.generation).toBe(before.metadata.generation);
  expect(after.status).toEqual(status);
  // A status field in a main-resource write is ignored, as the subresource contract says.
  const viaMain = await cp.http.request('PATCH', path, { body: { status: { lastError: 'x' } }, contentType: 'application/merge-patch+json' });
  expect(viaMain.status).toBe(200);
  expect(((await cp.http.request('GET', path)).body as { status: Record<string, unknown> }).status.lastError).toBeUndefined();
});
