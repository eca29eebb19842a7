import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { CONFIG_MAP, configMap, eventually, NAMESPACE, withLogs } from './helpers';
import type { KubeObject } from '../../../lib/core/kube-object';
import {
  isConflict,
  KubeApiError,
  KubeClient,
  kubeHttpFor,
  kubeHttpFromKubeconfig,
  kubeHttpFromKubeConfig,
  loadKubeConfig,
  loadKubeconfigFile,
  parseKubeconfig,
  resourceType,
  RESOURCES,
  resourcePath,
  type KubeHttp,
  type WatchEvent,
} from '../../../lib/kube';
import { applyObjects, startApiServers, type ApiServerPlane, type ApiServers } from '../../../lib/testing';

const GROUP = 'test.mission-control-constructs.dev';
const WIDGET = resourceType(`${GROUP}/v1`, 'Widget', 'widgets');
const NS = 'client-test';

const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [{
      name: 'v1',
      served: true,
      storage: true,
      subresources: { status: {} },
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: { type: 'object', properties: { size: { type: 'integer' }, color: { type: 'string' } } },
            status: { type: 'object', properties: { phase: { type: 'string' }, observedGeneration: { type: 'integer' } } },
          },
        },
      },
    }],
  },
};

let servers: ApiServers | undefined;
let http: KubeHttp;
let client: KubeClient;

function plane(): ApiServerPlane {
  const p = servers?.planes.client;
  if (!p) throw new Error('plane not running');
  return p;
}

const logged = (fn: () => Promise<void>) => withLogs(() => servers, fn);

beforeAll(async () => {
  servers = await startApiServers({ planes: ['client'] });
  const report = await applyObjects(plane(), [widgetCrd]);
  expect(report.rejected).toEqual([]);
  // Built from the kubeconfig file, as the reconciler builds clients from kubeconfig Secrets.
  http = kubeHttpFor(loadKubeconfigFile(plane().kubeconfigPath));
  client = new KubeClient(http, { fieldManager: 'client-test' });
  await client.apply(NAMESPACE, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
}, 300_000);

afterAll(async () => {
  http?.close();
  await servers?.stop();
}, 120_000);

describe('resourcePath', () => {
  test('builds core, group, namespaced, cluster-scoped and subresource paths', () => {
    expect(resourcePath(RESOURCES.Secret, { namespace: 'a', name: 'b' })).toBe('/api/v1/namespaces/a/secrets/b');
    expect(resourcePath(RESOURCES.K8ssandraCluster, { namespace: 'ns' })).toBe('/apis/k8ssandra.io/v1alpha1/namespaces/ns/k8ssandraclusters');
    expect(resourcePath(RESOURCES.MissionControlCluster, { namespace: 'ns', name: 'x', subresource: 'status' }))
      .toBe('/apis/missioncontrol.mission-control-constructs.dev/v1alpha1/namespaces/ns/missioncontrolclusters/x/status');
    expect(resourcePath(RESOURCES.Lease)).toBe('/apis/coordination.k8s.io/v1/leases');
    expect(resourcePath(NAMESPACE, { name: 'n' })).toBe('/api/v1/namespaces/n');
    expect(() => resourcePath(NAMESPACE, { namespace: 'x', name: 'n' })).toThrow(/cluster-scoped/);
    expect(() => resourcePath(CONFIG_MAP, { name: 'n' })).toThrow(/namespace is required/);
  });
});

describe('KubeClient on a real API server', () => {
  test('create, get, update with optimistic concurrency, list, delete on a ConfigMap; requests are counted per verb', logged(async () => {
    client.resetCounts();
    const created = await client.create(CONFIG_MAP, configMap(NS, 'crud', { a: '1' }, { app: 'crud' }));
    expect(created.metadata.uid).toBeDefined();
    const read = await client.get(CONFIG_MAP, { namespace: NS, name: 'crud' });
    expect(read?.data).toEqual({ a: '1' });
    expect(await client.get(CONFIG_MAP, { namespace: NS, name: 'missing' })).toBeUndefined();

    const updated = await client.update(CONFIG_MAP, { ...read!, data: { a: '2' } });
    expect(updated.metadata.resourceVersion).not.toBe(read!.metadata.resourceVersion);
    // Writing with the stale resourceVersion must fail: someone else wrote in between.
    const stale = await client.update(CONFIG_MAP, { ...read!, data: { a: '3' } }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(KubeApiError);
    expect(isConflict(stale)).toBe(true);
    await expect(client.create(CONFIG_MAP, configMap(NS, 'crud', {}))).rejects.toMatchObject({ status: 409, reason: 'AlreadyExists' });

    await client.create(CONFIG_MAP, configMap(NS, 'other', {}, { app: 'other' }));
    const listed = await client.list(CONFIG_MAP, { namespace: NS, labelSelector: 'app=crud' });
    expect(listed.items.map((i) => i.metadata.name)).toEqual(['crud']);
    // The server omits apiVersion/kind on items of built-in lists; the client fills them in.
    expect(listed.items[0]).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(Number(listed.resourceVersion)).toBeGreaterThan(0);
    const paged = await client.list(CONFIG_MAP, { namespace: NS, pageSize: 1 });
    expect(paged.items.map((i) => i.metadata.name).sort()).toEqual(expect.arrayContaining(['crud', 'other']));

    expect(await client.delete(CONFIG_MAP, { namespace: NS, name: 'crud' })).toBe(true);
    expect(await client.delete(CONFIG_MAP, { namespace: NS, name: 'crud' })).toBe(false);
    expect(await client.get(CONFIG_MAP, { namespace: NS, name: 'crud' })).toBeUndefined();

    const counts = client.requestCounts();
    // The paged list takes one request per page; how many pages the server cuts is its business.
    expect(counts.list).toBeGreaterThanOrEqual(3);
    expect({ ...counts, list: 0 }).toEqual({ get: 3, list: 0, watch: 0, create: 3, update: 2, patch: 0, delete: 2 });
    expect(client.writeCount).toBe(7);
    expect(client.readCount).toBe(3 + counts.list);
  }));

  test('server-side apply: field manager, force, full intent removes dropped fields, and is idempotent', logged(async () => {
    const first = await client.apply(CONFIG_MAP, configMap(NS, 'ssa', { keep: 'x', drop: 'y' }));
    const managers = (first.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toContain('client-test/Apply');

    // Another manager takes a field; our forced apply takes it back.
    const other = new KubeClient(http, { fieldManager: 'someone-else' });
    await other.apply(CONFIG_MAP, configMap(NS, 'ssa', { keep: 'theirs' }));
    const taken = await client.apply(CONFIG_MAP, configMap(NS, 'ssa', { keep: 'x', drop: 'y' }));
    expect(taken.data).toEqual({ keep: 'x', drop: 'y' });
    await expect(other.apply(CONFIG_MAP, configMap(NS, 'ssa', { keep: 'theirs' }), { force: false }))
      .rejects.toMatchObject({ status: 409 });

    const trimmed = await client.apply(CONFIG_MAP, configMap(NS, 'ssa', { keep: 'x' }));
    expect(trimmed.data).toEqual({ keep: 'x' });
    // Re-applying the same intent is a no-op for the object: no new resourceVersion.
    const again = await client.apply(CONFIG_MAP, configMap(NS, 'ssa', { keep: 'x' }));
    expect(again.metadata.resourceVersion).toBe(trimmed.metadata.resourceVersion);
  }));

  test('a CRD-backed object: spec apply bumps generation, status writes (merge and apply) do not', logged(async () => {
    const widget = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: `${GROUP}/v1`, kind: 'Widget', metadata: { name: 'w1', namespace: NS }, spec });
    const applied = await client.apply(WIDGET, widget({ size: 3 }));
    expect(applied.metadata.generation).toBe(1);
    // Status sent through the main resource is ignored when the status subresource is on.
    const ignored = await client.apply(WIDGET, { ...widget({ size: 3 }), status: { phase: 'Sneaky' } });
    expect(ignored.status).toBeUndefined();

    const merged = await client.patchStatus(WIDGET, { namespace: NS, name: 'w1' }, { phase: 'Pending', observedGeneration: 1 });
    expect(merged.status).toEqual({ phase: 'Pending', observedGeneration: 1 });
    expect(merged.metadata.generation).toBe(1);

    const viaApply = await client.patchStatus(WIDGET, { namespace: NS, name: 'w1' }, { phase: 'Ready', observedGeneration: 1 }, { mode: 'apply' });
    expect(viaApply.status).toEqual({ phase: 'Ready', observedGeneration: 1 });
    expect(viaApply.metadata.generation).toBe(1);
    const statusManagers = (viaApply.metadata.managedFields as { manager: string; operation: string; subresource?: string }[])
      .filter((m) => m.subresource === 'status')
      .map((m) => `${m.manager}/${m.operation}`);
    expect(statusManagers).toEqual(expect.arrayContaining(['client-test/Apply']));

    const bumped = await client.apply(WIDGET, widget({ size: 5 }));
    expect(bumped.metadata.generation).toBe(2);
    expect(bumped.status).toEqual({ phase: 'Ready', observedGeneration: 1 });

    await expect(client.patchStatus(WIDGET, { namespace: NS, name: 'nope' }, { phase: 'x' })).rejects.toMatchObject({ status: 404 });
    expect(await client.delete(WIDGET, { namespace: NS, name: 'w1' })).toBe(true);
  }));

  test('watch streams events from a resourceVersion, ends at timeoutSeconds, and stops quietly on abort', logged(async () => {
    const { resourceVersion } = await client.list(CONFIG_MAP, { namespace: NS, labelSelector: 'app=watched' });
    await client.create(CONFIG_MAP, configMap(NS, 'watched', { v: '1' }, { app: 'watched' }));
    await client.apply(CONFIG_MAP, configMap(NS, 'watched', { v: '2' }, { app: 'watched' }));
    await client.delete(CONFIG_MAP, { namespace: NS, name: 'watched' });

    const seen: WatchEvent<KubeObject>[] = [];
    const events = await client.watch(CONFIG_MAP, { namespace: NS, labelSelector: 'app=watched', resourceVersion, timeoutSeconds: 2 });
    for await (const e of events) seen.push(e);
    expect(seen.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type}:${(e.object.data as { v?: string } | undefined)?.v}`))
      .toEqual(['ADDED:1', 'MODIFIED:2', 'DELETED:2']);

    const abort = new AbortController();
    const open = await client.watch(CONFIG_MAP, { namespace: NS, timeoutSeconds: 300, signal: abort.signal });
    setTimeout(() => abort.abort(), 200);
    const after: string[] = [];
    for await (const e of open) after.push(e.type);
    expect(after.filter((t) => t !== 'ADDED' && t !== 'BOOKMARK')).toEqual([]);
    expect(client.requestCounts().watch).toBeGreaterThanOrEqual(2);
  }));

  test('bearer-token auth from a kubeconfig: a ServiceAccount token limited to reading ConfigMaps', logged(async () => {
    const sa = resourceType('v1', 'ServiceAccount', 'serviceaccounts');
    const role = resourceType('rbac.authorization.k8s.io/v1', 'Role', 'roles');
    const binding = resourceType('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings');
    await client.apply(sa, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reader', namespace: NS } });
    // Not the built-in `view` ClusterRole: its rules are filled in by the aggregation
    // controller of kube-controller-manager, which the harness does not run.
    await client.apply(role, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'configmap-reader', namespace: NS },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    });
    await client.apply(binding, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reader', namespace: NS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmap-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: NS }],
    });
    const tokenRes = await http.request('POST', `/api/v1/namespaces/${NS}/serviceaccounts/reader/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
    });
    expect(tokenRes.status).toBe(201);
    const token = (tokenRes.body as { status: { token: string } }).status.token;

    const admin = parseKubeconfig(readFileSync(plane().kubeconfigPath, 'utf8'));
    const text = stringify({
      'clusters': [{ name: 'c', cluster: { 'server': admin.server, 'certificate-authority-data': Buffer.from(admin.ca ?? '').toString('base64') } }],
      'users': [{ name: 'reader', user: { token } }],
      'contexts': [{ name: 'reader', context: { cluster: 'c', user: 'reader', namespace: NS } }],
      'current-context': 'reader',
    });
    const readerHttp = kubeHttpFromKubeconfig(text);
    try {
      const reader = new KubeClient(readerHttp);
      await client.apply(CONFIG_MAP, configMap(NS, 'visible', { a: 'b' }));
      // The RBAC authorizer reads roles from its own informer; give it a moment.
      const visible = await eventually('the role binding to take effect', () => reader.get(CONFIG_MAP, { namespace: NS, name: 'visible' }));
      expect(visible.data).toEqual({ a: 'b' });
      await expect(reader.get(RESOURCES.Secret, { namespace: NS, name: 'anything' })).rejects.toMatchObject({ status: 403, reason: 'Forbidden' });
      await expect(reader.apply(CONFIG_MAP, configMap(NS, 'visible', { a: 'c' }))).rejects.toMatchObject({ status: 403 });
    } finally {
      readerHttp.close();
    }
  }));

  test('client-node KubeConfig: an exec credential plugin supplies the token, tls-server-name is honoured', logged(async () => {
    const admin = parseKubeconfig(readFileSync(plane().kubeconfigPath, 'utf8'));
    const tokenRes = await http.request('POST', `/api/v1/namespaces/${NS}/serviceaccounts/reader/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
    });
    const token = (tokenRes.body as { status: { token: string } }).status.token;
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } });
    // The serving certificate names 127.0.0.1 and localhost; reaching it by IP while asking
    // for another name must fail verification, asking for localhost must pass.
    const text = (serverName: string) => stringify({
      'clusters': [{ name: 'c', cluster: { 'server': admin.server, 'certificate-authority-data': Buffer.from(admin.ca ?? '').toString('base64'), 'tls-server-name': serverName } }],
      'users': [{ name: 'plugin', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', `printf '%s' '${credential}'`], interactiveMode: 'Never' } } }],
      'contexts': [{ name: 'plugin', context: { cluster: 'c', user: 'plugin' } }],
      'current-context': 'plugin',
    });
    const good = kubeHttpFromKubeConfig(loadKubeConfig(text('localhost')));
    const wrong = kubeHttpFromKubeConfig(loadKubeConfig(text('elsewhere.example')));
    try {
      await client.apply(CONFIG_MAP, configMap(NS, 'via-plugin', { a: 'b' }));
      // Authenticated as the ServiceAccount the plugin's token belongs to: reads allowed, Secrets not.
      expect((await new KubeClient(good).get(CONFIG_MAP, { namespace: NS, name: 'via-plugin' }))?.data).toEqual({ a: 'b' });
      await expect(new KubeClient(good).get(RESOURCES.Secret, { namespace: NS, name: 'x' })).rejects.toMatchObject({ status: 403 });
      await expect(new KubeClient(wrong).get(CONFIG_MAP, { namespace: NS, name: 'via-plugin' })).rejects.toThrow(/elsewhere\.example|altnames|certificate/i);
    } finally {
      good.close();
      wrong.close();
    }
    expect(() => loadKubeConfig('clusters: [unterminated')).toThrow(/kubeconfig: invalid YAML/);
  }));
});
