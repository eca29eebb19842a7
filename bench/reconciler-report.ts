/** The "Reconciler benchmark" section of BENCHMARKS.md, rewritten from one run's figures. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { writeSection } from './benchmarks-file';
import { operatorNode } from './reconciler-operator';
import { OPERATOR_NODE_FLAGS } from '../lib/reconciler/node-flags';

const operatorNodeVersion = () => execFileSync(operatorNode, ['--version'], { encoding: 'utf8' }).trim();

export interface Result {
  clusters: number;
  dataPlanes: number;
  placedSeconds: number;
  readySeconds: number;
  /** Writes of the initial reconcile, until every cluster was Ready. */
  initialWrites: number;
  /** Per minute over the quiet window; `watches` is the part of `reads` that re-opened a watch. */
  steady: { writes: number; reads: number; watches: number; cpuSeconds: number };
  windowSeconds: number;
  rssMiB: number;
  peakRssMiB: number;
  /** The cgroup limits the operator ran under and how often it hit the memory limit; undefined: unconstrained. */
  limits?: { cpu: string; memory: string; peakMiB: number; limitHits: number; oomKills: number };
  /**
   * Isolated changes (each once the previous one's cluster is Ready again); `backToBack`: each
   * as soon as the previous one's K8ssandraCluster is seen. `cpu`: cores in use during the
   * back-to-back changes, by whom (CPU seconds per second).
   */
  latency: Latency & { cpu: { operator: number; controlPlane: number; dataPlanes: number; benchmark: number }; backToBack: Latency };
  /** 1-minute load average when the case started and at the end of its quiet window. */
  load: { before: number; after: number };
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  /** The change's own apply round trip, median. */
  applyP50: number;
}

const MARKER = '# Reconciler benchmark';

function limitsSentence(results: readonly Result[]): string {
  const limited = results.find((r) => r.limits)?.limits;
  return limited
    ? `It runs in a cgroup of its own with the limits of the Deployment the library synthesises (${limited.cpu} CPU as a CFS quota, ${limited.memory} memory), as a kubelet would run it, so Node sizes its heap from that limit as it does in the pod.`
    : 'This machine did not let the benchmark create a cgroup, so the operator ran without the Deployment\'s CPU and memory limits (Node then sizes its heap from the whole machine\'s memory).';
}

export function writeReport(path: string, results: readonly Result[]): void {
  const range = (of: (r: Result) => number) => {
    const values = results.map(of);
    const [low, high] = [Math.min(...values).toFixed(2), Math.max(...values).toFixed(2)];
    return low === high ? low : `${low}-${high}`;
  };
  const rows = results.map((r) => [
    r.clusters, r.dataPlanes, r.placedSeconds.toFixed(1), r.readySeconds.toFixed(1), r.initialWrites,
    r.steady.writes, `${r.steady.reads}${r.steady.watches > 0 ? ` (${r.steady.watches} watch)` : ''}`,
    r.steady.cpuSeconds.toFixed(2), r.rssMiB.toFixed(0), r.peakRssMiB.toFixed(0), r.limits ? r.limits.peakMiB.toFixed(0) : '-', r.limits ? `${r.limits.limitHits} / ${r.limits.oomKills}` : 'unconstrained', r.latency.p50.toFixed(1), r.latency.p99.toFixed(1), r.latency.max.toFixed(1),
    [r.latency.backToBack.p50, r.latency.backToBack.p99, r.latency.backToBack.max].map((v) => v.toFixed(1)).join(' / '), `${r.load.before.toFixed(1)} / ${r.load.after.toFixed(1)}`,
  ].join(' | ')).map((row) => `| ${row} |`);
  const section = [
    `Command: \`npm run bench:reconciler\` (\`MCC_BENCH_QUICK=1\` for the smallest case only). Machine: ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}; the operator on Node ${operatorNodeVersion()} (\`MCC_OPERATOR_NODE\`, as the image). Every cluster is a real kube-apiserver + etcd on loopback: one control plane and one per data plane.`,
    '',
    `Topology as deployed: each MissionControlCluster becomes one K8ssandraCluster that the operator writes into the control-plane cluster (its DCs name their data plane by \`k8sContext\`); the operator connects to every registered data plane (kubeconfig Secret + DataPlaneRegistration) for reachability and task objects. The operator is compiled with \`tsc -p tsconfig.json\` as the image is built and runs as its own process (\`node ${OPERATOR_NODE_FLAGS.join(' ')} build/lib/reconciler/main.js\`, \`NODE_ENV=production\`, as the image runs it) with its ServiceAccount token and the synthesised Roles; one replica, without leader election. A status stand-in per data plane, driven by a watch on the K8ssandraClusters, writes the DC status k8ssandra-operator would report (every DC Ready at once) onto the K8ssandraCluster.`,
    '',
    limitsSentence(results),
    '',
    'Each cluster has one DC of 3 nodes; the DCs are spread round-robin over the data planes (one DC per cluster keeps the figures comparable across 2 and 10 data planes; a cluster with more DCs is still one K8ssandraCluster and the same operator writes). The clock starts once every data plane is Reachable; the MissionControlClusters are then created 16 at a time.',
    '',
    '- "placed": every K8ssandraCluster exists, as seen by a watch in the control plane.',
    '- "Ready": every MissionControlCluster reports `Ready=True` for its current generation; includes the stand-in\'s status write and the operator\'s reaction to it. "initial writes" are the operator\'s writes until then (per cluster: the finalizer, the K8ssandraCluster, its status writes and the Events `Planned`, `K8ssandraClusterCreated` and `Ready`).',
    '- Writes, reads and RSS come from the operator\'s own /metrics: `rest_client_requests_total` (control plane and data planes; reads are get, list and watch requests) and `process_resident_memory_bytes`. Steady-state figures are over a quiet window of 60 s once everything is Ready again after the latency changes; the window holds one periodic resync (every 60 s), in which every cluster is looked at again from the caches (a cluster none of whose inputs has a new version since a pass that found nothing to do is skipped). The informers\' watches end server-side after a random 5-10 min and are then re-opened (one watch request each, no list); the window falls before the first of them, so in a longer steady state expect about watches x 60 / 450 watch requests per minute (5 + 3 per data plane watches: ~1.5 / min with 2 data planes, ~4.7 / min with 10) and still no get or list.',
    '- RSS is the gauge at the end of the window; peak RSS is the process\'s VmHWM (reached during the initial reconcile). The cgroup peak is what the memory limit is enforced against (the operator\'s anonymous memory and the page cache it touched first); RSS also counts the node binary\'s shared pages (about 49 MiB of it: the binary\'s code and data the process touched), charged to whoever loaded them first, so it can exceed the limit without any pressure on it.',
    '- Propagation latency: a spec change (DC size 3 -> 6) applied to a MissionControlCluster, until a watch in the control plane sees the updated K8ssandraCluster; one change at a time, spread over the clusters, starting 5 s after every cluster is Ready (once the initial reconcile\'s last Events have landed). "propagation" (isolated): each change is applied once the previous one\'s cluster is Ready again, i.e. once its status writes, the stand-in\'s and its Events are done or nearly (the `Ready` Event follows the status write), so a sample is one change\'s own latency. "back-to-back" (the same clusters, size 6 -> 9): each change is applied as soon as the previous one\'s K8ssandraCluster is seen, while the rest of that change (the Events `Planned` and `K8ssandraClusterUpdated`, two status writes of the operator with the stand-in\'s between them, then the `Ready` Event) still runs on the same API server: a change stream of about 30 per second, and latencies that show this machine\'s contention more than the operator.',
    '- What the figures rest on: the operator reconciles up to 16 clusters at a time (a reconcile is a few sequential API round trips with little CPU between them), and loads and authenticates every kubeconfig (its own in-cluster one and each data plane\'s) with `@kubernetes/client-node`\'s `KubeConfig` (its `config.js` alone, without the generated API clients: about 25 MiB of the RSS).',
    '- Load: 1-minute load average (`uptime`) when the case started and at the end of its window. The machine runs every API server, etcd, the stand-ins and the watches of the benchmark beside the operator, on 2 cores, so times and latencies are upper bounds for the operator. They also move with the machine\'s speed from one run to the next: the apply round trip alone (below) shows it.',
    '',
    '| clusters | data planes | placed (s) | Ready (s) | initial writes | steady writes / min | steady reads / min | steady CPU (s / min) | RSS (MiB) | peak RSS (MiB) | cgroup peak (MiB) | memory limit hits / OOM kills | propagation p50 (ms) | p99 (ms) | max (ms) | back-to-back p50 / p99 / max (ms) | load before / after |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Propagation latency over ${results[0]?.latency.samples ?? 0} changes per case and kind; p99 is the 99th of 100 sorted samples (nearest rank), max the slowest. Each sample includes the change's own apply round trip (p50 per case, isolated: ${results.map((r) => `${r.latency.applyP50.toFixed(1)} ms`).join(', ')}; back-to-back: ${results.map((r) => `${r.latency.backToBack.applyP50.toFixed(1)} ms`).join(', ')}).`,
    '',
    `Where the 2 cores went while the back-to-back changes ran (CPU seconds per second, from \`/proc\`; every plane shares this machine, where a deployed data plane is a cluster with machines of its own). The control plane's API server and etcd, which serve every write and watch event of each change (the benchmark's apply, the operator's server-side apply of the K8ssandraCluster and its status writes and Events, the stand-in's status write), use ${range((r) => r.latency.cpu.controlPlane)} cores of the 2; the operator ${range((r) => r.latency.cpu.operator)}. So the propagation latencies here are bound by the control plane's API server rather than by the operator.`,
    '',
    '| clusters | data planes | operator | control plane\'s API server + etcd | data planes\' API servers + etcd | benchmark and stand-ins |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.clusters} | ${r.dataPlanes} | ${r.latency.cpu.operator.toFixed(2)} | ${r.latency.cpu.controlPlane.toFixed(2)} | ${r.latency.cpu.dataPlanes.toFixed(2)} | ${r.latency.cpu.benchmark.toFixed(2)} |`),
    '',
  ].join('\n');
  writeSection(MARKER, section, path);
}
