import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import {
  applyObjects,
  applyPlatform,
  FIELD_MANAGER,
  prunedFields,
  readBack,
  startApiServers,
  type ApiServerPlane,
  type ApiServers,
  type ApplyReport,
  type KubeObject,
} from '../../lib/testing';

const REPO_ROOT = resolve(__dirname, '..', '..');
const UPSTREAM = resolve(REPO_ROOT, process.env.MCC_UPSTREAM_CRDS ?? '../shared/upstream-crds');
const K8SSANDRA_CRDS = join(UPSTREAM, 'k8ssandra-operator');
const CASS_CRDS = join(UPSTREAM, 'cass-operator');
// The base CassandraDatacenter CRD still needs upstream's kustomize patches; the install-ready
// copy has them applied.
const CASS_DC_CRD = join(CASS_CRDS, 'install-ready', 'cassandra.datastax.com_cassandradatacenters.yaml');
const REMOTE_RESOURCE = 'https://github.com/cert-manager/cert-manager/releases/download/v1.16.2/cert-manager.yaml';

const CP = 'control-plane';
const DC1 = 'dc1';

let servers: ApiServers | undefined;
let dist: string;
let platform: ApplyReport;

function plane(name: string): ApiServerPlane {
  const p = servers?.planes[name];
  if (!p) throw new Error(`plane ${name} is not running`);
  return p;
}

/** Dumps the API server logs when a test fails, since the processes are gone afterwards. */
function withLogs(fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch (err) {
      servers?.dumpLogs();
      throw err;
    }
  };
}

function upstreamCrdFiles(): string[] {
  const yamls = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));
  return [
    ...yamls(K8SSANDRA_CRDS),
    ...yamls(CASS_CRDS).filter((f) => !f.endsWith('cassandra.datastax.com_cassandradatacenters.yaml')),
    CASS_DC_CRD,
  ];
}

const webhook = (name: string): KubeObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name },
  webhooks: [{
    name: 'vk8ssandracluster.kb.io',
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    // Ignore so that applying it with webhooks: 'last' cannot block the rest of the suite.
    failurePolicy: 'Ignore',
    timeoutSeconds: 1,
    clientConfig: { service: { name: 'k8ssandra-operator-webhook-service', namespace: 'k8ssandra-operator', path: '/validate-k8ssandra-io-v1alpha1-k8ssandracluster' } },
    rules: [{ apiGroups: ['k8ssandra.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources: ['k8ssandraclusters'] }],
  }],
});

/** Writes a synthesised-platform-shaped folder: kustomization.yaml plus local manifests. */
function writeFolder(name: string, localResources: string[], manifests: Record<string, KubeObject[]>): void {
  const dir = join(dist, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, objects] of Object.entries(manifests)) {
    writeFileSync(join(dir, file), objects.map((o) => stringify(o)).join('---\n'));
  }
  const resources = [...localResources.map((f) => relative(dir, f)), ...Object.keys(manifests), REMOTE_RESOURCE];
  writeFileSync(join(dir, 'kustomization.yaml'), stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
  }));
}

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

function k8ssandraCluster(name: string, ns: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', metadata: { name, namespace: ns }, spec };
}

const MINIMAL_SPEC = {
  cassandra: {
    serverVersion: '4.1.5',
    datacenters: [{
      metadata: { name: 'dc1' },
      k8sContext: DC1,
      size: 3,
      storageConfig: {
        cassandraDataVolumeClaimSpec: {
          storageClassName: 'standard',
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '5Gi' } },
        },
      },
      config: { jvmOptions: { heapSize: '512Mi' } },
    }],
  },
};

function managers(obj: KubeObject | undefined): { manager: string; operation: string }[] {
  return ((obj?.metadata.managedFields ?? []) as { manager: string; operation: string }[])
    .map(({ manager, operation }) => ({ manager, operation }));
}

beforeAll(async () => {
  servers = await startApiServers({ planes: [CP, DC1] });
  try {
    dist = mkdtempSync(join(tmpdir(), 'mcc-dist-'));
    const crds = upstreamCrdFiles();
    writeFolder(CP, crds, { 'webhooks.yaml': [webhook('k8ssandra-operator-validating-webhook-configuration')] });
    writeFolder(DC1, crds, {});
    platform = await applyPlatform(dist, { [CP]: plane(CP), [DC1]: plane(DC1) });
  } catch (err) {
    servers.dumpLogs();
    throw err;
  }
}, 900_000);

afterAll(async () => {
  await servers?.stop();
  if (dist) rmSync(dist, { recursive: true, force: true });
}, 120_000);

describe('real kube-apiserver planes', () => {
  test('each plane is a separate cluster serving the stamped Kubernetes version', withLogs(async () => {
    const cp = plane(CP);
    const dc1 = plane(DC1);
    expect(cp.url).not.toEqual(dc1.url);
    for (const p of [cp, dc1]) {
      expect(p.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const version = await p.http.request('GET', '/version');
      expect(version.status).toBe(200);
      expect((version.body as { gitVersion: string }).gitVersion).toMatch(/^v1\.34\.\d+$/);
    }
    const created = await applyObjects(cp, [namespace('only-on-control-plane')]);
    expect(created.rejected).toEqual([]);
    expect((await cp.http.request('GET', '/api/v1/namespaces/only-on-control-plane')).status).toBe(200);
    expect((await dc1.http.request('GET', '/api/v1/namespaces/only-on-control-plane')).status).toBe(404);
  }));

  test('the admin kubeconfig works with @kubernetes/client-node', withLogs(async () => {
    const kc = plane(DC1).kubeConfig;
    const list = await kc.makeApiClient(CoreV1Api).listNamespace();
    expect(kc.getCurrentContext()).toBe(DC1);
    expect(list.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system']));
  }));
});

describe('applyPlatform with the upstream CRDs', () => {
  test('every upstream CRD is applied server-side to both planes and becomes Established', withLogs(async () => {
    expect(platform.rejected).toEqual([]);
    const crdNames = upstreamCrdFiles().length;
    expect(crdNames).toBe(15);
    for (const name of [CP, DC1]) {
      const applied = platform.applied.filter((r) => r.plane === name && r.kind === 'CustomResourceDefinition');
      expect(applied).toHaveLength(crdNames);
      for (const ref of applied) {
        const crd = await readBack(plane(name), ref);
        const conditions = (crd?.status as { conditions: { type: string; status: string }[] }).conditions;
        expect(conditions).toEqual(expect.arrayContaining([
          expect.objectContaining({ type: 'Established', status: 'True' }),
          expect.objectContaining({ type: 'NamesAccepted', status: 'True' }),
        ]));
        expect(managers(crd)).toContainEqual({ manager: FIELD_MANAGER, operation: 'Apply' });
      }
    }
    // The largest CRD is the one client-side apply cannot handle; make sure it is really there.
    expect(platform.applied).toContainEqual(expect.objectContaining({ plane: CP, name: 'k8ssandraclusters.k8ssandra.io' }));
    expect(platform.applied).toContainEqual(expect.objectContaining({ plane: DC1, name: 'cassandradatacenters.cassandra.datastax.com' }));
  }));

  test('remote kustomization resources are skipped and reported, not fetched', () => {
    expect(platform.skipped).toEqual([
      { folder: CP, resource: REMOTE_RESOURCE, reason: expect.stringContaining('remote') },
      { folder: DC1, resource: REMOTE_RESOURCE, reason: expect.stringContaining('remote') },
    ]);
  });

  test('webhook configurations are omitted by default and reported', withLogs(async () => {
    expect(platform.omittedWebhooks).toEqual([expect.objectContaining({
      kind: 'ValidatingWebhookConfiguration',
      name: 'k8ssandra-operator-validating-webhook-configuration',
      plane: CP,
    })]);
    expect(platform.applied.map((r) => r.kind)).not.toContain('ValidatingWebhookConfiguration');
    const res = await plane(CP).http.request('GET',
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/k8ssandra-operator-validating-webhook-configuration');
    expect(res.status).toBe(404);
  }));
});

describe('custom resources on the real API server', () => {
  test('a minimal K8ssandraCluster reads back with every field it was applied with', withLogs(async () => {
    const cp = plane(CP);
    const k8c = k8ssandraCluster('demo', 'k8ssandra-operator', MINIMAL_SPEC);
    const report = await applyObjects(cp, [k8c, namespace('k8ssandra-operator')]);
    expect(report.rejected).toEqual([]);
    expect(report.applied.map((r) => r.kind)).toEqual(['Namespace', 'K8ssandraCluster']);

    const back = await readBack(cp, report.applied[1]);
    expect(back).toBeDefined();
    expect(prunedFields(k8c.spec, back?.spec)).toEqual([]);
    expect(back?.metadata).toMatchObject({ name: 'demo', namespace: 'k8ssandra-operator' });
    expect(managers(back)).toContainEqual({ manager: FIELD_MANAGER, operation: 'Apply' });
  }));

  test('CassandraDatacenter keeps spec.config as a JSON object (install-ready CRD)', withLogs(async () => {
    const dc1 = plane(DC1);
    const dc: KubeObject = {
      apiVersion: 'cassandra.datastax.com/v1beta1',
      kind: 'CassandraDatacenter',
      metadata: { name: 'dc1', namespace: 'k8ssandra-operator' },
      spec: {
        clusterName: 'demo',
        serverType: 'cassandra',
        serverVersion: '4.1.5',
        size: 3,
        storageConfig: { cassandraDataVolumeClaimSpec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } },
        config: { 'cassandra-yaml': { num_tokens: 16 }, 'jvm-server-options': { initial_heap_size: '512M' } },
      },
    };
    const report = await applyObjects(dc1, [namespace('k8ssandra-operator'), dc]);
    expect(report.rejected).toEqual([]);
    const back = await readBack(dc1, { apiVersion: dc.apiVersion, kind: dc.kind, name: 'dc1', namespace: 'k8ssandra-operator' });
    expect(prunedFields(dc.spec, back?.spec)).toEqual([]);
  }));

  test('rejected objects are reported with the server message instead of throwing', withLogs(async () => {
    const cp = plane(CP);
    const badSize = structuredClone(MINIMAL_SPEC);
    (badSize.cassandra.datacenters[0] as Record<string, unknown>).size = 'three';
    const unknownField = { ...structuredClone(MINIMAL_SPEC), notAField: true };
    const report = await applyObjects(cp, [
      k8ssandraCluster('bad-size', 'k8ssandra-operator', badSize),
      k8ssandraCluster('unknown-field', 'k8ssandra-operator', unknownField),
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'serving-cert', namespace: 'k8ssandra-operator' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'still-applied', namespace: 'k8ssandra-operator' }, data: { a: 'b' } },
    ]);
    expect(report.applied.map((r) => r.name)).toEqual(['still-applied']);
    const byName = Object.fromEntries(report.rejected.map((r) => [r.ref.name, r.message]));
    expect(Object.keys(byName).sort()).toEqual(['bad-size', 'serving-cert', 'unknown-field']);
    // Server-side apply builds a typed patch from the CRD schema before validation runs, so
    // schema mismatches surface as HTTP 500 "failed to create typed patch object", not 422.
    expect(byName['bad-size']).toMatch(/\.spec\.cassandra\.datacenters\[0\]\.size: expected numeric/);
    expect(byName['unknown-field']).toMatch(/\.spec\.notAField: field not declared in schema/);
    expect(byName['serving-cert']).toMatch(/no matches for kind "Certificate"/);
    expect(await readBack(cp, { apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', name: 'bad-size', namespace: 'k8ssandra-operator' }))
      .toBeUndefined();
  }));

  test('restarting a plane keeps its data, port and CRDs', withLogs(async () => {
    const cp = plane(CP);
    const ref = { apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', name: 'demo', namespace: 'k8ssandra-operator' };
    const before = await readBack(cp, ref);
    expect(before?.metadata.uid).toBeDefined();
    const { url } = cp;
    const oldPid = cp.pids.kubeApiserver;

    await cp.stop();
    expect(cp.running).toBe(false);
    await expect(cp.http.request('GET', '/readyz', { timeoutMs: 2_000 })).rejects.toThrow(/ECONNREFUSED/);

    await cp.start();
    expect(cp.running).toBe(true);
    expect(cp.url).toBe(url);
    expect(cp.pids.kubeApiserver).not.toBe(oldPid);

    const after = await readBack(cp, ref);
    expect(after?.metadata.uid).toBe(before?.metadata.uid);
    expect(after?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
    expect(prunedFields(MINIMAL_SPEC, after?.spec)).toEqual([]);

    // Writes still work after the restart, and still through the CRD's schema.
    const update = await applyObjects(cp, [k8ssandraCluster('demo', 'k8ssandra-operator', {
      ...MINIMAL_SPEC, cassandra: { ...MINIMAL_SPEC.cassandra, serverVersion: '4.1.6' },
    })]);
    expect(update.rejected).toEqual([]);
    const updated = await readBack(cp, ref);
    expect((updated?.spec as typeof MINIMAL_SPEC).cassandra.serverVersion).toBe('4.1.6');
    expect(updated?.metadata.resourceVersion).not.toBe(before?.metadata.resourceVersion);
  }));

  test("webhooks: 'last' applies webhook configurations after everything else", withLogs(async () => {
    const report = await applyPlatform(dist, { [CP]: plane(CP) }, { webhooks: 'last' });
    expect(report.rejected).toEqual([]);
    expect(report.omittedWebhooks).toEqual([]);
    expect(report.applied[report.applied.length - 1]).toMatchObject({
      kind: 'ValidatingWebhookConfiguration',
      name: 'k8ssandra-operator-validating-webhook-configuration',
    });
    const res = await plane(CP).http.request('GET',
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/k8ssandra-operator-validating-webhook-configuration');
    expect(res.status).toBe(200);
  }));
});
