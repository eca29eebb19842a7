import { CONFIG_MAP, configMap, eventually, GatedClient, NAMESPACE, withLogs } from './helpers';
import type { KubeObject } from '../../../lib/core/kube-object';
import { KubeApiError, KubeClient, kubeHttpFor, loadKubeconfigFile, type KubeHttp } from '../../../lib/kube';
import { Informer, RuntimeMetrics, type InformerOptions } from '../../../lib/reconciler/runtime';
import { startApiServers, type ApiServerPlane, type ApiServers } from '../../../lib/testing';

let servers: ApiServers | undefined;
let http: KubeHttp;
let client: KubeClient;
const informers: Informer[] = [];

function plane(): ApiServerPlane {
  const p = servers?.planes.informer;
  if (!p) throw new Error('plane not running');
  return p;
}

const logged = (fn: () => Promise<void>) => withLogs(() => servers, fn);

/** Records handler calls as `add:name`, `update:name:data.v`, `resync:name`, `delete:name`. */
function recorder(inf: Informer): string[] {
  const log: string[] = [];
  const v = (o: KubeObject) => (o.data as { v?: string } | undefined)?.v ?? '';
  inf.addEventHandler({
    onAdd: (o) => log.push(`add:${o.metadata.name}:${v(o)}`),
    onUpdate: (old, o) => log.push(old === o ? `resync:${o.metadata.name}` : `update:${o.metadata.name}:${v(o)}`),
    onDelete: (o) => log.push(`delete:${o.metadata.name}`),
  });
  return log;
}

function informer(ns: string, options: Partial<InformerOptions> = {}): Informer {
  const inf = new Informer({
    client,
    resource: CONFIG_MAP,
    namespace: ns,
    metrics: new RuntimeMetrics(),
    initialBackoffMs: 100,
    maxBackoffMs: 1_000,
    ...options,
  });
  informers.push(inf);
  return inf;
}

async function namespace(name: string): Promise<void> {
  await client.apply(NAMESPACE, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

const data = (inf: Informer, key: string) => (inf.store.getByKey(key)?.data as { v?: string } | undefined)?.v;

beforeAll(async () => {
  servers = await startApiServers({ planes: ['informer'] });
  http = kubeHttpFor(loadKubeconfigFile(plane().kubeconfigPath));
  client = new KubeClient(http, { fieldManager: 'informer-test' });
}, 300_000);

afterAll(async () => {
  await Promise.all(informers.map((i) => i.stop()));
  http?.close();
  await servers?.stop();
}, 120_000);

describe('Informer on a real API server', () => {
  test('lists, then sees adds, updates and deletes through the watch; the store follows', logged(async () => {
    await namespace('inf-basic');
    await client.apply(CONFIG_MAP, configMap('inf-basic', 'pre', { v: '0' }, { app: 'x' }));
    await client.apply(CONFIG_MAP, configMap('inf-basic', 'ignored', { v: '0' }, { app: 'other' }));
    const inf = informer('inf-basic', { labelSelector: 'app=x' });
    const log = recorder(inf);
    expect(inf.hasSynced()).toBe(false);
    inf.start();
    await inf.waitForSync(30_000);
    expect(inf.hasSynced()).toBe(true);
    expect(inf.healthy).toBe(true);
    expect(log).toEqual(['add:pre:0']);

    await client.apply(CONFIG_MAP, configMap('inf-basic', 'new', { v: '1' }, { app: 'x' }));
    await client.apply(CONFIG_MAP, configMap('inf-basic', 'pre', { v: '2' }, { app: 'x' }));
    await client.apply(CONFIG_MAP, configMap('inf-basic', 'ignored', { v: '9' }, { app: 'other' }));
    await client.delete(CONFIG_MAP, { namespace: 'inf-basic', name: 'new' });
    await eventually('the delete', () => log.includes('delete:new'));
    expect(log).toEqual(['add:pre:0', 'add:new:1', 'update:pre:2', 'delete:new']);
    expect(inf.store.keys()).toEqual(['inf-basic/pre']);
    expect(inf.store.get('pre', 'inf-basic')?.data).toEqual({ v: '2' });
    expect(inf.stats.relists).toBe(1);
  }));

  test('periodic resync re-emits cached objects as updates without calling the server', logged(async () => {
    await namespace('inf-resync');
    await client.apply(CONFIG_MAP, configMap('inf-resync', 'a', { v: '1' }));
    await client.apply(CONFIG_MAP, configMap('inf-resync', 'b', { v: '1' }));
    const inf = informer('inf-resync', { resyncPeriodMs: 300 });
    const log = recorder(inf);
    inf.start();
    await inf.waitForSync(30_000);
    const before = client.requestCounts();
    await eventually('two resyncs', () => log.filter((l) => l === 'resync:a').length >= 2 && log.filter((l) => l === 'resync:b').length >= 2);
    const after = client.requestCounts();
    expect(after.list).toBe(before.list);
    expect(after.get).toBe(before.get);
  }));

  test('survives its API server going down, reports it, and catches up on changes made meanwhile', logged(async () => {
    await namespace('inf-outage');
    for (const n of ['keep', 'change', 'remove']) await client.apply(CONFIG_MAP, configMap('inf-outage', n, { v: '1' }));
    const errors: unknown[] = [];
    const gated = new GatedClient(http, { fieldManager: 'informer-test' });
    const inf = informer('inf-outage', { client: gated, onError: (e) => errors.push(e) });
    const log = recorder(inf);
    inf.start();
    await inf.waitForSync(30_000);
    expect(log.sort()).toEqual(['add:change:1', 'add:keep:1', 'add:remove:1']);
    log.length = 0;

    await plane().stop();
    // First the open watch breaks (`aborted`), then reconnects are refused while the server is down.
    await eventually('the informer to retry against the stopped server',
      () => !inf.healthy && errors.some((e) => /ECONNREFUSED/.test(String(e))), 60_000);
    // Hold the informer back so that the changes below happen while it is disconnected.
    gated.close();
    await eventually('the informer to retry', () => gated.held > 0, 30_000);

    await plane().start();
    await client.apply(CONFIG_MAP, configMap('inf-outage', 'change', { v: '2' }));
    await client.delete(CONFIG_MAP, { namespace: 'inf-outage', name: 'remove' });
    await client.apply(CONFIG_MAP, configMap('inf-outage', 'added', { v: '1' }));
    expect(log).toEqual([]);

    gated.open();
    await eventually('catch-up', () => inf.store.size === 3 && data(inf, 'inf-outage/change') === '2' && inf.healthy, 60_000);
    expect(inf.store.keys().sort()).toEqual(['inf-outage/added', 'inf-outage/change', 'inf-outage/keep']);
    expect(log.sort()).toEqual(['add:added:1', 'delete:remove', 'update:change:2']);

    // And it keeps following the restarted server.
    await client.apply(CONFIG_MAP, configMap('inf-outage', 'keep', { v: '3' }));
    await eventually('an event after the restart', () => data(inf, 'inf-outage/keep') === '3');
  }), 180_000);

  test('the inactivity watchdog restarts a silent watch without losing events', logged(async () => {
    await namespace('inf-quiet');
    const inf = informer('inf-quiet', { inactivityTimeoutMs: 500 });
    const log = recorder(inf);
    inf.start();
    await inf.waitForSync(30_000);
    await eventually('two watchdog restarts', () => inf.stats.inactivityRestarts >= 2, 30_000);
    expect(inf.stats.relists).toBe(1);
    await client.apply(CONFIG_MAP, configMap('inf-quiet', 'late', { v: '1' }));
    await eventually('the event after the restarts', () => log.includes('add:late:1'));
    expect(inf.healthy).toBe(true);
  }));

  test('a watch refused with HTTP 410 leads to a relist that diffs against the cache', logged(async () => {
    await namespace('inf-gone-http');
    await client.apply(CONFIG_MAP, configMap('inf-gone-http', 'a', { v: '1' }));
    await client.apply(CONFIG_MAP, configMap('inf-gone-http', 'b', { v: '1' }));
    const gated = new GatedClient(http);
    const errors: unknown[] = [];
    // A short server timeout so that the informer opens new watches while the gate is closed.
    const inf = informer('inf-gone-http', { client: gated, watchTimeoutSeconds: 1, onError: (e) => errors.push(e) });
    const log = recorder(inf);
    inf.start();
    await inf.waitForSync(30_000);
    log.length = 0;
    gated.close();
    await eventually('the informer to wait at the gate', () => gated.held > 0, 30_000);
    await client.apply(CONFIG_MAP, configMap('inf-gone-http', 'a', { v: '2' }));
    await client.delete(CONFIG_MAP, { namespace: 'inf-gone-http', name: 'b' });
    gated.nextWatchError = new KubeApiError('watch ConfigMap: HTTP 410: too old resource version', 410, 'Expired');
    gated.open();
    await eventually('the relist', () => inf.stats.relists === 2 && inf.store.size === 1);
    expect(inf.stats.expired).toBe(1);
    expect(log.sort()).toEqual(['delete:b', 'update:a:2']);
    // One 410 is routine: not reported as an error, and the informer stays healthy.
    expect(errors).toEqual([]);
    expect(inf.healthy).toBe(true);
  }));

  test('other API errors are reported and retried; stop() ends the loop even while failing', logged(async () => {
    const errors: unknown[] = [];
    // No such namespace-less CRD: every list is a 404.
    const inf = new Informer({
      client,
      resource: { group: 'nope.example', version: 'v1', kind: 'Nope', plural: 'nopes', namespaced: true },
      metrics: new RuntimeMetrics(),
      initialBackoffMs: 50,
      maxBackoffMs: 100,
      onError: (e) => errors.push(e),
    });
    inf.start();
    await eventually('repeated errors', () => errors.length >= 3);
    expect(inf.healthy).toBe(false);
    expect(inf.hasSynced()).toBe(false);
    expect(errors[0]).toMatchObject({ status: 404 });
    await expect(inf.waitForSync(200)).rejects.toThrow(/not synced after 200 ms: list Nope: HTTP 404/);
    await inf.stop();
    const count = errors.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(errors.length).toBe(count);
  }));

  test('the cache holds objects without managedFields or the last-applied annotation, from the list and from the watch', logged(async () => {
    await namespace('inf-strip');
    const annotated = (v: string): KubeObject => ({
      ...configMap('inf-strip', 'big', { v, payload: 'x'.repeat(200) }, { app: 'strip' }),
      metadata: { name: 'big', namespace: 'inf-strip', labels: { app: 'strip' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}', 'keep.example.com/mine': 'yes' } },
    });
    await client.apply(CONFIG_MAP, annotated('1'));
    // A second field manager, as a data plane's own controllers add.
    await new KubeClient(http, { fieldManager: 'someone-else' }).apply(CONFIG_MAP, configMap('inf-strip', 'big', { other: 'y' }));
    const served = (await client.get(CONFIG_MAP, { namespace: 'inf-strip', name: 'big' }))!;
    expect((served.metadata.managedFields as unknown[]).length).toBe(2);

    const inf = informer('inf-strip');
    inf.start();
    await inf.waitForSync();
    const listed = inf.store.getByKey('inf-strip/big')!;
    expect(listed.metadata.managedFields).toBeUndefined();
    expect(listed.metadata.annotations).toEqual({ 'keep.example.com/mine': 'yes' });
    expect(listed.metadata.labels).toEqual({ app: 'strip' });
    expect(listed.metadata.resourceVersion).toBe(served.metadata.resourceVersion);
    expect(JSON.stringify(listed).length).toBeLessThan(JSON.stringify(served).length * 0.75);

    await client.apply(CONFIG_MAP, annotated('2'));
    const watched = await eventually('the update', () => (data(inf, 'inf-strip/big') === '2' ? inf.store.getByKey('inf-strip/big') : undefined));
    expect(watched.metadata.managedFields).toBeUndefined();
    expect(watched.metadata.annotations).toEqual({ 'keep.example.com/mine': 'yes' });
  }));
});
