/**
 * Benchmark of the control-plane operator against real API servers (not a test: nothing
 * here asserts a time). Writes its figures to the "Reconciler" section of BENCHMARKS.md.
 *
 *   npm run bench:reconciler            # 100 and 1000 clusters, 2 and 10 data planes
 *   MCC_BENCH_QUICK=1 npm run bench:reconciler   # 100 clusters, 2 data planes only
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { GROUP_VERSION } from '../lib/core/api-group';
import type { KubeObject } from '../lib/core/kube-object';
import { RESOURCES } from '../lib/kube/resources';
import { Informer } from '../lib/reconciler/runtime/informer';
import { RuntimeMetrics } from '../lib/reconciler/runtime/metrics';
import { CP_NAMESPACE, DP_NAMESPACE, clientFor, eventually, startReconcilerPlatform } from '../test/reconciler/support/reconciler-platform';

const ROOT = resolve(__dirname, '..');
const QUICK = process.env.MCC_BENCH_QUICK === '1';

interface Result {
  clusters: number;
  dataPlanes: number;
  placedSeconds: number;
  readySeconds: number;
  steadyWritesPerMinute: number;
  steadyWindowSeconds: number;
  rssMiB: number;
  latency?: { p50: number; p99: number; samples: number };
}

const cluster = (i: number, dataPlane: string, size = 3): KubeObject => ({
  apiVersion: GROUP_VERSION,
  kind: 'MissionControlCluster',
  metadata: { name: `c${i}`, namespace: CP_NAMESPACE },
  spec: { clusterName: `c${i}`, serverType: 'cassandra', serverVersion: '4.1.8', storage: { storageClassName: 'standard', size: '10Gi' }, datacenters: [{ name: 'dc1', dataPlane, size }] },
});

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

function startOperator(kubeconfig: string, metricsPort: number): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'lib/reconciler/main.ts'), '--namespace', CP_NAMESPACE, '--kubeconfig', kubeconfig, '--metrics-bind-address', `127.0.0.1:${metricsPort}`, '--health-probe-bind-address', '0', '--log-level', 'error'], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function scrape(port: number): Promise<{ writes: number; rss: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let writes = 0;
  let rss = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('rest_client_requests_total{') && line.includes('write="true"')) writes += Number(line.split(' ').pop());
    if (line.startsWith('process_resident_memory_bytes ')) rss = Number(line.split(' ').pop());
  }
  return { writes, rss };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function scenario(clusters: number, dataPlaneCount: number, measureLatency: boolean): Promise<Result> {
  const names = Array.from({ length: dataPlaneCount }, (_, i) => `dp${i + 1}`);
  process.stderr.write(`== ${clusters} clusters, ${dataPlaneCount} data planes: starting ${dataPlaneCount + 1} API servers\n`);
  const platform = await startReconcilerPlatform(names, { standInIntervalMs: 500 });
  for (const s of Object.values(platform.standIns)) s.allReady = true;
  const metricsPort = 20000 + Math.floor(Math.random() * 20000);
  const operator = startOperator(platform.servers.planes['control-plane'].kubeconfigPath, metricsPort);
  try {
    await eventually(() => scrape(metricsPort).then(() => true), 60_000, 'operator metrics');
    const cp = clientFor(platform.servers.planes['control-plane']);
    const start = Date.now();
    await pool(Array.from({ length: clusters }, (_, i) => i), 16, async (i) => {
      await cp.apply(RESOURCES.MissionControlCluster, cluster(i, names[i % names.length]), { fieldManager: 'bench' });
    });
    const placedIn = async (n: string) => (await platform.dp[n].list(RESOURCES.K8ssandraCluster, { namespace: DP_NAMESPACE })).items.length;
    const countPlaced = async () => (await Promise.all(names.map(placedIn))).reduce((a, b) => a + b, 0);
    await eventually(async () => (await countPlaced()) === clusters, 1_800_000, 'all placed');
    const placedSeconds = (Date.now() - start) / 1000;
    await eventually(async () => {
      const all = await cp.list(RESOURCES.MissionControlCluster, { namespace: CP_NAMESPACE });
      return all.items.filter((o) => ((o.status as any)?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).length === clusters;
    }, 1_800_000, 'all Ready');
    const readySeconds = (Date.now() - start) / 1000;
    process.stderr.write(`   placed in ${placedSeconds.toFixed(1)} s, Ready in ${readySeconds.toFixed(1)} s\n`);

    let latency: Result['latency'];
    if (measureLatency) {
      const dp = names[0];
      const client = clientFor(platform.servers.planes[dp]);
      const watcher = new Informer({ client, resource: RESOURCES.K8ssandraCluster, namespace: DP_NAMESPACE, metrics: new RuntimeMetrics() });
      const waiters = new Map<string, { size: number; resolve: () => void }>();
      const seen = (o: KubeObject) => {
        const w = waiters.get(o.metadata.name);
        if (w && (o.spec as any)?.cassandra?.datacenters?.[0]?.size === w.size) w.resolve();
      };
      watcher.addEventHandler({ onAdd: seen, onUpdate: (_a, o) => seen(o) });
      watcher.start();
      await watcher.waitForSync();
      const samples: number[] = [];
      const targets = Array.from({ length: clusters }, (_, i) => i).filter((i) => names[i % names.length] === dp).slice(0, 100);
      for (const i of targets) {
        const arrived = new Promise<void>((r) => waiters.set(`c${i}`, { size: 6, resolve: r }));
        const t0 = process.hrtime.bigint();
        await cp.apply(RESOURCES.MissionControlCluster, cluster(i, dp, 6), { fieldManager: 'bench' });
        await arrived;
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
        waiters.delete(`c${i}`);
      }
      await watcher.stop();
      samples.sort((a, b) => a - b);
      latency = { p50: percentile(samples, 50), p99: percentile(samples, 99), samples: samples.length };
      process.stderr.write(`   propagation p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms\n`);
      await eventually(async () => {
        const all = await cp.list(RESOURCES.MissionControlCluster, { namespace: CP_NAMESPACE });
        return all.items.every((o) => ((o.status as any)?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
      }, 600_000, 'Ready again');
    }

    // Let status writes of the last changes land, then count writes over a quiet window.
    await new Promise((r) => setTimeout(r, 5_000));
    const window = QUICK || clusters < 1000 ? 60 : 30;
    const before = await scrape(metricsPort);
    await new Promise((r) => setTimeout(r, window * 1000));
    const after = await scrape(metricsPort);
    const steadyWritesPerMinute = ((after.writes - before.writes) * 60) / window;
    process.stderr.write(`   steady state: ${steadyWritesPerMinute} writes/min, RSS ${(after.rss / 2 ** 20).toFixed(0)} MiB\n`);
    return { clusters, dataPlanes: dataPlaneCount, placedSeconds, readySeconds, steadyWritesPerMinute, steadyWindowSeconds: window, rssMiB: after.rss / 2 ** 20, latency };
  } finally {
    operator.kill('SIGTERM');
    await new Promise((r) => operator.once('exit', r));
    await platform.stop();
  }
}

function writeReport(results: Result[]): void {
  const path = join(ROOT, 'BENCHMARKS.md');
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const marker = '# Reconciler benchmark';
  const kept = existing.includes(marker) ? existing.slice(0, existing.indexOf(marker)).trimEnd() : existing.trimEnd();
  const rows = results.map((r) => `| ${r.clusters} | ${r.dataPlanes} | ${r.placedSeconds.toFixed(1)} | ${r.readySeconds.toFixed(1)} | ${r.steadyWritesPerMinute} (${r.steadyWindowSeconds} s window) | ${r.rssMiB.toFixed(0)} |`);
  const latency = results.find((r) => r.latency)?.latency;
  const section = [
    marker,
    '',
    `Command: \`npm run bench:reconciler\` (\`MCC_BENCH_QUICK=1\` for the smallest case only). Machine: ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}; real kube-apiserver + etcd per cluster on loopback; the operator runs as its own process (\`lib/reconciler/main.ts\` under ts-node), a status stand-in plays k8ssandra-operator in each data plane.`,
    '',
    'Each cluster has one DC of 3 nodes, spread round-robin over the data planes. "placed" = every K8ssandraCluster exists in its data plane; "Ready" = every MissionControlCluster reports Ready (includes the stand-in\'s 500 ms polling). Steady-state writes are counted from the operator\'s own `rest_client_requests_total{write="true"}` after everything is Ready; RSS is its `process_resident_memory_bytes`.',
    '',
    '| clusters | data planes | placed (s) | Ready (s) | steady-state writes / min | operator RSS (MiB) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    latency ? `Propagation latency (spec change in the control plane -> updated K8ssandraCluster seen by a watch in the data plane), ${latency.samples} changes with ${results[0].clusters} clusters: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms.` : '',
    '',
  ].join('\n');
  writeFileSync(path, `${kept ? `${kept}\n\n` : ''}${section}`);
  process.stderr.write(`wrote ${path}\n`);
}

async function main(): Promise<void> {
  const cases: Array<[number, number, boolean]> = QUICK ? [[100, 2, true]] : [[100, 2, true], [100, 10, false], [1000, 2, false], [1000, 10, false]];
  const results: Result[] = [];
  for (const [clusters, dataPlanes, latency] of cases) results.push(await scenario(clusters, dataPlanes, latency));
  writeReport(results);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
