import { CONFIG_MAP, configMap, eventually, GatedClient, NAMESPACE, withLogs } from './helpers';
import type { KubeObject } from '../../../lib/core/kube-object';
import { isGone, KubeClient, kubeHttpFor, loadKubeconfigFile, type KubeHttp } from '../../../lib/kube';
import { Informer, RuntimeMetrics } from '../../../lib/reconciler/runtime';
import { startApiServers, type ApiServerPlane, type ApiServers } from '../../../lib/testing';

const NS = 'gone';

let servers: ApiServers | undefined;
let http: KubeHttp;
let client: KubeClient;
let informer: Informer | undefined;

function plane(): ApiServerPlane {
  const p = servers?.planes.compacting;
  if (!p) throw new Error('plane not running');
  return p;
}

/** Whether a watch from `resourceVersion` is answered with 410 (history compacted away). */
async function compactedPast(resourceVersion: string): Promise<boolean> {
  const abort = new AbortController();
  try {
    const events = await client.watch(CONFIG_MAP, { namespace: NS, resourceVersion, timeoutSeconds: 1, signal: abort.signal });
    for await (const e of events) void e;
    return false;
  } catch (err) {
    if (isGone(err)) return true;
    throw err;
  } finally {
    abort.abort();
  }
}

beforeAll(async () => {
  // Without the watch cache, watches are served by etcd, and with compaction every second an
  // old resourceVersion soon gets a real `ERROR` event with code 410.
  servers = await startApiServers({ planes: ['compacting'], extraApiServerArgs: ['--watch-cache=false', '--etcd-compaction-interval=1s'] });
  http = kubeHttpFor(loadKubeconfigFile(plane().kubeconfigPath));
  client = new KubeClient(http);
  await client.apply(NAMESPACE, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
}, 300_000);

afterAll(async () => {
  await informer?.stop();
  http?.close();
  await servers?.stop();
}, 120_000);

test('a watch from a compacted resourceVersion gets 410 from the real server; the informer relists and diffs', withLogs(() => servers, async () => {
  for (const n of ['stays', 'changes', 'goes']) await client.apply(CONFIG_MAP, configMap(NS, n, { v: '1' }));
  const gated = new GatedClient(http);
  const errors: unknown[] = [];
  const log: string[] = [];
  const v = (o: KubeObject) => (o.data as { v?: string }).v;
  informer = new Informer({
    client: gated,
    resource: CONFIG_MAP,
    namespace: NS,
    metrics: new RuntimeMetrics(),
    // Watches end every 1-2 s, so the informer soon asks for a new one while the gate is closed.
    watchTimeoutSeconds: 1,
    initialBackoffMs: 100,
    maxBackoffMs: 1_000,
    onError: (e) => errors.push(e),
  });
  informer.addEventHandler({
    onAdd: (o) => log.push(`add:${o.metadata.name}:${v(o)}`),
    onUpdate: (_old, o) => log.push(`update:${o.metadata.name}:${v(o)}`),
    onDelete: (o) => log.push(`delete:${o.metadata.name}`),
  });
  informer.start();
  await informer.waitForSync(30_000);
  log.length = 0;

  // The compactor writes to etcd every second, so even this quiet informer meets routine 410s
  // and relists now and then; only the counts' growth is asserted.
  gated.close();
  await eventually('the informer to wait at the gate', () => gated.held > 0, 30_000);
  const before = informer.stats;
  const resumeFrom = informer.lastSyncResourceVersion;
  await client.apply(CONFIG_MAP, configMap(NS, 'changes', { v: '2' }));
  await client.delete(CONFIG_MAP, { namespace: NS, name: 'goes' });
  await client.apply(CONFIG_MAP, configMap(NS, 'arrives', { v: '1' }));
  await eventually(`etcd to compact past ${resumeFrom}`, () => compactedPast(resumeFrom), 60_000, 500);

  gated.open();
  await eventually('the relist', () => log.length === 3, 60_000);
  expect(informer.stats.expired).toBeGreaterThan(before.expired);
  expect(informer.stats.relists).toBeGreaterThan(before.relists);
  expect(informer.store.keys().sort()).toEqual([`${NS}/arrives`, `${NS}/changes`, `${NS}/stays`]);
  expect([...log].sort()).toEqual(['add:arrives:1', 'delete:goes', 'update:changes:2']);
  expect(informer.healthy).toBe(true);
  expect(errors).toEqual([]);

  await client.apply(CONFIG_MAP, configMap(NS, 'stays', { v: '2' }));
  await eventually('events after the relist', () => log.includes('update:stays:2'));
}), 120_000);
