/**
 * Benchmark of the control-plane operator against real API servers (not a test: nothing
 * here asserts a time). Writes its figures to the "Reconciler" section of BENCHMARKS.md.
 *
 *   npm run bench:reconciler            # 100 and 1000 clusters, 2 and 10 data planes
 *   MCC_BENCH_QUICK=1 npm run bench:reconciler   # 100 clusters, 2 data planes only
 *   MCC_BENCH_CASE=1000x10 npm run bench:reconciler   # one case, BENCHMARKS.md left alone
 *
 * Topology as deployed: the operator writes one K8ssandraCluster per MissionControlCluster
 * into the control-plane cluster (its DCs name data planes by `k8sContext`) and connects to
 * every registered data plane for reachability and task objects. A status stand-in per data
 * plane writes the DC status k8ssandra-operator would report onto the K8ssandraCluster.
 */
import { type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { operatorLimits } from './operator-limits';
import { cpuSecondsOf } from './process-cpu';
import { compileOperator, peakRssBytes, scrapeOperator, startOperatorProcess, type OperatorSample } from './reconciler-operator';
import { writeReport, type Result } from './reconciler-report';
import { ControlPlaneWatchers } from './reconciler-watchers';
import { GROUP_VERSION } from '../lib/core/api-group';
import type { KubeObject } from '../lib/core/kube-object';
import { MISSION_CONTROL_OPERATOR_NAME } from '../lib/core/manifests/mission-control-operator';
import { controlPlaneSizing } from '../lib/core/sizing/plane-sizing';
import { RESOURCES } from '../lib/kube/resources';
import { reserveLoopbackPorts } from '../lib/testing/api-servers';
import { CP_NAMESPACE, K8SSANDRA_NAMESPACE, clientFor, eventually, startReconcilerPlatform } from '../test/reconciler/support/reconciler-platform';
import { serviceAccountToken, tokenKubeconfig } from '../test/reconciler/support/service-account-token';

const ROOT = resolve(__dirname, '..');
const QUICK = process.env.MCC_BENCH_QUICK === '1';
const CHANGES = 100;
const WINDOW_SECONDS = 60;
const SETTLE_MS = 5_000;

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`${s}\n`);
const readsOf = (s: OperatorSample) => s.reads.get + s.reads.list + s.reads.watch;

async function scenario(operatorMain: string, clusters: number, dataPlaneCount: number): Promise<Result> {
  const names = Array.from({ length: dataPlaneCount }, (_, i) => `dp${i + 1}`);
  const loadBefore = loadavg()[0];
  log(`== ${clusters} clusters, ${dataPlaneCount} data planes: starting ${dataPlaneCount + 1} API servers`);
  const platform = await startReconcilerPlatform(names, { standInIntervalMs: 0 });
  const standIns = Object.values(platform.standIns);
  for (const s of standIns) s.allReady = true;
  const cpPlane = platform.servers.planes['control-plane'];
  // The operator runs as its ServiceAccount, with the Roles the library synthesises.
  const kubeconfig = join(platform.servers.rootDir, 'operator.kubeconfig');
  writeFileSync(kubeconfig, tokenKubeconfig(cpPlane, await serviceAccountToken(platform.cp, CP_NAMESPACE, MISSION_CONTROL_OPERATOR_NAME)));
  // Found the way the API servers' ports are (free, below the ephemeral range): a random pick could be one of theirs.
  const [metricsPort] = await reserveLoopbackPorts(1);
  const watchers = new ControlPlaneWatchers(clientFor(cpPlane), CP_NAMESPACE, K8SSANDRA_NAMESPACE, standIns);
  let operator: ChildProcess | undefined;
  // The limits the library synthesises for this many clusters of one DC each;
  // MCC_BENCH_OPERATOR_CPU / _MEMORY size a what-if run.
  const sized = controlPlaneSizing({ controlPlane: { clusters, datacenters: clusters }, dataPlanes: {} }).missionControlOperator;
  const limits = operatorLimits({ cpu: process.env.MCC_BENCH_OPERATOR_CPU || undefined, memory: process.env.MCC_BENCH_OPERATOR_MEMORY || undefined }, sized);
  try {
    await watchers.start();
    // MCC_BENCH_OPERATOR_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) is for profiling
    // only: the figures are measured with the flags the image uses (OPERATOR_NODE_FLAGS).
    const nodeFlags = process.env.MCC_BENCH_OPERATOR_FLAGS?.split(' ').filter(Boolean);
    operator = startOperatorProcess({ main: operatorMain, kubeconfig, namespace: CP_NAMESPACE, k8ssandraNamespace: K8SSANDRA_NAMESPACE, metricsPort, nodeFlags, limits });
    await eventually(() => scrapeOperator(metricsPort).then(() => true), 60_000, 'operator metrics');
    if (limits && !limits.holds(operator.pid!)) throw new Error(`the operator (pid ${operator.pid}) is not in its cgroup`);
    // Every data plane connected (each registration Reachable) before the clock starts.
    await eventually(async () => {
      const regs = await platform.cp.list(RESOURCES.DataPlaneRegistration, { namespace: CP_NAMESPACE });
      return regs.items.length === dataPlaneCount && regs.items.every((r) => ((r.status as any)?.conditions ?? []).some((c: any) => c.type === 'Reachable' && c.status === 'True'));
    }, 120_000, 'data planes reachable');
    const startSample = await scrapeOperator(metricsPort);
    const cp = clientFor(cpPlane);
    const start = Date.now();
    const placed = watchers.allPlaced(clusters).then(() => (Date.now() - start) / 1000);
    const ready = watchers.allReady(clusters).then(() => (Date.now() - start) / 1000);
    await pool(Array.from({ length: clusters }, (_, i) => i), 16, async (i) => {
      await cp.apply(RESOURCES.MissionControlCluster, cluster(i, names[i % names.length]), { fieldManager: 'bench' });
    });
    const placedSeconds = await placed;
    const readySeconds = await ready;
    const initial = await scrapeOperator(metricsPort);
    log(`   placed in ${placedSeconds.toFixed(1)} s, Ready in ${readySeconds.toFixed(1)} s, ${initial.writes - startSample.writes} writes, RSS ${(initial.rssBytes / 2 ** 20).toFixed(0)} MiB`);

    // Propagation, one change at a time, spread over the clusters (and so over the data planes),
    // once the initial reconcile's last writes (its Ready Events) have landed: a change that
    // met them measured their round trips, not its own. Twice, on the same clusters:
    // "isolated" (size 3 -> 6), each change applied once the previous one's cluster is Ready
    // again (so its status writes, and the stand-in's, are done); "back-to-back" (6 -> 9), each
    // applied as soon as the previous one's K8ssandraCluster is seen, while those writes still run.
    await sleep(SETTLE_MS);
    const step = Math.max(1, Math.floor(clusters / CHANGES));
    const changes = async (size: number, settle: boolean) => {
      const samples: number[] = [];
      const applies: number[] = [];
      for (let n = 0; n < CHANGES; n++) {
        const i = (n * step) % clusters;
        const seen = watchers.sizeSeen(`c${i}`, size);
        // Each cluster is at generation 1 until its isolated change.
        const readyAgain = settle ? watchers.readySeen(`c${i}`, 2) : undefined;
        const t0 = process.hrtime.bigint();
        await cp.apply(RESOURCES.MissionControlCluster, cluster(i, names[i % names.length], size), { fieldManager: 'bench' });
        applies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        await seen;
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
        await readyAgain;
      }
      samples.sort((a, b) => a - b);
      applies.sort((a, b) => a - b);
      return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples[samples.length - 1], samples: samples.length, applyP50: percentile(applies, 50) };
    };
    const isolated = await changes(6, true);
    await watchers.allReady(clusters);
    await sleep(SETTLE_MS);
    // Where the machine's CPU went meanwhile: every plane here shares its 2 cores, where a
    // deployed data plane is a cluster with machines of its own.
    const serverPids = (planes: readonly string[]) => planes.flatMap((p) => Object.values(platform.servers.planes[p].pids));
    const cpuNow = () => ({
      wall: Date.now(),
      operator: cpuSecondsOf([operator!.pid]),
      controlPlane: cpuSecondsOf(serverPids(['control-plane'])),
      dataPlanes: cpuSecondsOf(serverPids(names)),
      benchmark: process.cpuUsage(),
    });
    const cpuBefore = cpuNow();
    const backToBack = await changes(9, false);
    const cpuAfter = cpuNow();
    const window = (cpuAfter.wall - cpuBefore.wall) / 1000;
    const share = (k: 'operator' | 'controlPlane' | 'dataPlanes') => (cpuAfter[k] - cpuBefore[k]) / window;
    const benchmarkCpu = process.cpuUsage(cpuBefore.benchmark);
    const cpu = { operator: share('operator'), controlPlane: share('controlPlane'), dataPlanes: share('dataPlanes'), benchmark: (benchmarkCpu.user + benchmarkCpu.system) / 1e6 / window };
    log(`   CPU during the back-to-back changes (cores): operator ${cpu.operator.toFixed(2)}, control plane's API server + etcd ${cpu.controlPlane.toFixed(2)}, `
      + `data planes' ${cpu.dataPlanes.toFixed(2)}, benchmark and stand-ins ${cpu.benchmark.toFixed(2)}`);
    // The change's own apply round trip is part of every sample.
    const latency = { ...isolated, cpu, backToBack };
    log(`   propagation, isolated: p50 ${isolated.p50.toFixed(1)} ms, p99 ${isolated.p99.toFixed(1)} ms, max ${isolated.max.toFixed(1)} ms (the apply alone: p50 ${isolated.applyP50.toFixed(1)} ms)`);
    log(`   propagation, back-to-back: p50 ${backToBack.p50.toFixed(1)} ms, p99 ${backToBack.p99.toFixed(1)} ms, max ${backToBack.max.toFixed(1)} ms (the apply alone: p50 ${backToBack.applyP50.toFixed(1)} ms)`);
    await watchers.allReady(clusters);

    // Let the last status writes land, then count requests over a quiet window.
    await sleep(SETTLE_MS);
    const before = await scrapeOperator(metricsPort);
    await sleep(WINDOW_SECONDS * 1000);
    const after = await scrapeOperator(metricsPort);
    const perMinute = (n: number) => (n * 60) / WINDOW_SECONDS;
    const steady = {
      writes: perMinute(after.writes - before.writes),
      reads: perMinute(readsOf(after) - readsOf(before)),
      watches: perMinute(after.reads.watch - before.reads.watch),
      cpuSeconds: perMinute(after.cpuSeconds - before.cpuSeconds),
    };
    const peak = peakRssBytes(operator.pid!);
    const pressure = limits?.pressure() ?? { peakBytes: 0, limitHits: 0, oomKills: 0 };
    log(`   steady state: ${steady.writes} writes/min, ${steady.reads} reads/min (${steady.watches} watch), ${steady.cpuSeconds.toFixed(2)} CPU s/min, RSS ${(after.rssBytes / 2 ** 20).toFixed(0)} MiB (peak ${(peak / 2 ** 20).toFixed(0)}), cgroup peak ${(pressure.peakBytes / 2 ** 20).toFixed(0)} MiB, memory limit hits ${pressure.limitHits}, OOM kills ${pressure.oomKills}, load ${loadavg()[0].toFixed(2)}`);
    return {
      clusters,
      dataPlanes: dataPlaneCount,
      placedSeconds,
      readySeconds,
      initialWrites: initial.writes - startSample.writes,
      steady,
      windowSeconds: WINDOW_SECONDS,
      rssMiB: after.rssBytes / 2 ** 20,
      peakRssMiB: peak / 2 ** 20,
      limits: limits ? { cpu: limits.cpu, memory: limits.memory, limitHits: pressure.limitHits, oomKills: pressure.oomKills, peakMiB: pressure.peakBytes / 2 ** 20 } : undefined,
      latency,
      load: { before: loadBefore, after: loadavg()[0] },
    };
  } finally {
    if (operator && operator.exitCode === null) {
      operator.kill('SIGTERM');
      await new Promise((r) => operator!.once('exit', r));
    }
    limits?.remove();
    await watchers.stop();
    await platform.stop();
  }
}

async function main(): Promise<void> {
  const cases: Array<[number, number]> = QUICK ? [[100, 2]] : [[100, 2], [100, 10], [1000, 2], [1000, 10]];
  const only = process.env.MCC_BENCH_CASE?.split('x').map(Number) as [number, number] | undefined;
  log('compiling the operator (tsc -p tsconfig.json, as the image is built)');
  const compiled = compileOperator(ROOT);
  const results: Result[] = [];
  try {
    for (const [clusters, dataPlanes] of only ? [only] : cases) results.push(await scenario(compiled.main, clusters, dataPlanes));
  } finally {
    rmSync(compiled.dir, { recursive: true, force: true });
  }
  if (!only) writeReport(join(ROOT, 'BENCHMARKS.md'), results);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
