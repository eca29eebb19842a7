/**
 * Memory and CPU of the real operators against the number of DCs they serve, on the
 * simulated platform: the figures behind the operator sizing formula (lib/core/sizing/).
 *
 * Two clusters: the control plane's (with k8ssandra-operator in control-plane mode, and the
 * cass-operator of the data plane sharing it) and eu-west (k8ssandra-operator in data-plane
 * mode and cass-operator). N K8ssandraClusters of one single-node DC each are placed in
 * eu-west, so the control-plane k8ssandra-operator serves N clusters, and eu-west's operators
 * serve N DCs. Each step adds clusters, waits until every DC is Ready, then measures a quiet
 * window. Writes the "Operator sizing benchmark" section of BENCHMARKS.md.
 *
 * `MCC_BENCH_QUICK=1` runs the first step only and writes nothing.
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { writeSection } from './benchmarks-file';
import type { KubeObject } from '../lib/core/kube-object';
import { applyObjects, missionControlOperatorImage, SimulatorBackend, startSimulatedPlatform, waitFor, type SimulatedPlatform } from '../lib/testing';
import { CONTROL_PLANE, installPlanes, NS, REGIONS } from '../test/operators/support/multi-region';

const STEPS = process.env.MCC_BENCH_QUICK ? [0] : [0, 4, 8, 16];
const WINDOW_MS = 60_000;
const EU_WEST = REGIONS[1];
const CLOCK_TICKS = 100;

/** The operator processes measured: where each runs and what it serves there. */
const OPERATORS = [
  { id: 'k8ssandra-operator (control-plane mode)', plane: CONTROL_PLANE, deployment: 'k8ssandra-operator' },
  { id: 'k8ssandra-operator (data-plane mode)', plane: EU_WEST.plane, deployment: 'k8ssandra-operator' },
  { id: 'cass-operator', plane: EU_WEST.plane, deployment: 'cass-operator-controller-manager' },
] as const;

interface Sample { rssKiB: number; hwmKiB: number; cpuTicks: number }
interface Row { operator: string; datacenters: number; rssMiB: number; peakMiB: number; steadyCpuPerMin: number; createCpuSeconds: number }

/** Every process under `pid` (the node stand-in may start an operator through a wrapper). */
function tree(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(tree)];
}

function sample(platform: SimulatedPlatform, plane: string, deployment: string): Sample {
  const pod = platform.planes[plane].operatorPod(NS, deployment);
  if (!pod || pod.pids.length !== 1) throw new Error(`${deployment} in ${plane} is not running with one container`);
  let rssKiB = 0;
  let hwmKiB = 0;
  let cpuTicks = 0;
  for (const pid of tree(pod.pids[0])) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    rssKiB += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    hwmKiB += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    // Fields after the command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    cpuTicks += Number(fields[11]) + Number(fields[12]);
  }
  return { rssKiB, hwmKiB, cpuTicks };
}

const samples = (platform: SimulatedPlatform): Sample[] => OPERATORS.map((o) => sample(platform, o.plane, o.deployment));

function cluster(i: number): KubeObject {
  return {
    apiVersion: 'k8ssandra.io/v1alpha1',
    kind: 'K8ssandraCluster',
    metadata: { name: `load-${i}`, namespace: NS },
    spec: {
      cassandra: {
        serverVersion: '4.1.8',
        // The simulated plane has 6 nodes; hard anti-affinity would stop at 6 Cassandra pods.
        softPodAntiAffinity: true,
        datacenters: [{
          metadata: { name: `l${i}` },
          k8sContext: EU_WEST.dataPlane,
          size: 1,
          storageConfig: { cassandraDataVolumeClaimSpec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '100m', memory: '256Mi' } },
        }],
      },
    },
  };
}

async function readyDcs(platform: SimulatedPlatform): Promise<number> {
  const res = await platform.planes[EU_WEST.plane].apiServer.http.request('GET', `/apis/cassandra.datastax.com/v1beta1/namespaces/${NS}/cassandradatacenters`);
  const items = (res.body as { items?: any[] }).items ?? [];
  return items.filter((dc) => dc.status?.cassandraOperatorProgress === 'Ready'
    && (dc.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')).length;
}

async function main(): Promise<void> {
  const platform = await startSimulatedPlatform({
    planes: REGIONS.slice(0, 2).map((r) => ({ name: r.plane, region: r.plane, zones: [`${r.plane}a`] })),
    cassandra: new SimulatorBackend(),
    images: missionControlOperatorImage(),
  });
  const rows: Row[] = [];
  try {
    await installPlanes(platform, { regions: 2 });
    let placed = 0;
    for (const target of STEPS) {
      const start = samples(platform);
      const startedAt = Date.now();
      for (; placed < target; placed++) {
        const k8c = cluster(placed);
        await waitFor(`load-${placed} accepted`, 120_000, async () => ((await applyObjects(platform.apiServers.planes[CONTROL_PLANE], [k8c])).rejected.length === 0 ? true : undefined), 1_000);
      }
      await waitFor(`${target} DCs Ready`, 1_800_000, async () => ((await readyDcs(platform)) >= target ? true : undefined), 5_000);
      const created = samples(platform);
      const createdIn = (Date.now() - startedAt) / 1000;
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      const end = samples(platform);
      OPERATORS.forEach((o, i) => rows.push({
        operator: o.id,
        datacenters: target,
        rssMiB: end[i].rssKiB / 1024,
        peakMiB: end[i].hwmKiB / 1024,
        steadyCpuPerMin: ((end[i].cpuTicks - created[i].cpuTicks) / CLOCK_TICKS) * (60_000 / WINDOW_MS),
        createCpuSeconds: (created[i].cpuTicks - start[i].cpuTicks) / CLOCK_TICKS,
      }));
      process.stderr.write(`${target} DCs Ready in ${createdIn.toFixed(0)} s: ${rows.slice(-OPERATORS.length).map((r) => `${r.operator} ${r.rssMiB.toFixed(0)} MiB`).join(', ')}\n`);
      if (platform.rbacDenials().length) throw new Error(`RBAC denials: ${platform.rbacDenials().join('\n')}`);
    }
  } finally {
    await platform.stop();
  }
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (!process.env.MCC_BENCH_QUICK) writeSection('# Operator sizing benchmark', report(rows));
}

/** Least-squares line through (DCs, value): what one more DC costs, and what none does. */
export function fit(points: ReadonlyArray<readonly [number, number]>): { base: number; perDc: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const perDc = sxx === 0 ? 0 : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
  return { base: my - perDc * mx, perDc };
}

function report(rows: readonly Row[]): string {
  const table = rows.map((r) => `| ${r.operator} | ${r.datacenters} | ${r.rssMiB.toFixed(1)} | ${r.peakMiB.toFixed(1)} | ${r.createCpuSeconds.toFixed(1)} | ${r.steadyCpuPerMin.toFixed(2)} |`);
  const fits = OPERATORS.map((o) => {
    const mine = rows.filter((r) => r.operator === o.id);
    const peak = fit(mine.map((r) => [r.datacenters, r.peakMiB]));
    const steady = fit(mine.map((r) => [r.datacenters, r.steadyCpuPerMin]));
    return `- ${o.id}: peak RSS ${peak.base.toFixed(1)} MiB + ${(peak.perDc * 1024).toFixed(0)} KiB per DC; steady CPU ${(steady.base / 60 * 1000).toFixed(1)}m + ${(steady.perDc / 60 * 1000).toFixed(2)}m per DC`;
  });
  return [
    `Command: \`npm run bench:operator-sizing\`. Machine: ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}.`,
    '',
    'The real k8ssandra-operator v1.32.5 and cass-operator v1.30.3 (built from the pinned sources) on the simulated platform: two clusters, each a real kube-apiserver, etcd and kube-controller-manager. The control plane\'s cluster runs k8ssandra-operator in control-plane mode; eu-west runs k8ssandra-operator in data-plane mode and cass-operator. Each step adds K8ssandraClusters of one single-node DC, all placed in eu-west, and waits until every DC is Ready (`CassandraInitialized`, through the Cassandra simulator); so at each step the control-plane k8ssandra-operator serves that many clusters and eu-west\'s operators that many DCs. The operators run unconstrained (no cgroup limit): the figures are what they use, not what a limit lets them keep.',
    '',
    '- RSS: the operator process\'s VmRSS at the end of a quiet window of 60 s after the step; peak: its VmHWM since start (reached while DCs were created).',
    '- Create CPU: CPU seconds (user + system) the operator used from the first K8ssandraCluster of the step until every DC was Ready; steady CPU: CPU seconds per minute over the quiet window.',
    '',
    '| operator | DCs served | RSS (MiB) | peak RSS (MiB) | create CPU (s) | steady CPU (s / min) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...table,
    '',
    'Least-squares lines through the steps (what the sizing formula in `lib/core/sizing/operator-sizing.ts` rests on):',
    ...fits,
    '',
  ].join('\n');
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
