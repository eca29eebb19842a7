/**
 * The operator as the benchmark runs it: compiled with the project's tsconfig.json (as the
 * Dockerfile builds the image) into a directory outside the repository, started as its own
 * process with `node build/lib/reconciler/main.js` and observed through its /metrics.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperatorLimits } from './operator-limits';
import { OPERATOR_NODE_FLAGS } from '../lib/reconciler/node-flags';

/** Compiles lib/ with `tsc -p tsconfig.json --outDir <tmp>/build`; returns the main.js path. */
export function compileOperator(root: string): { main: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mcc-bench-operator-'));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--outDir', join(dir, 'build')], { cwd: root, stdio: 'inherit' });
  // The image ships node_modules and package.json next to build/; link them the same way.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(root, 'package.json'), join(dir, 'package.json'));
  return { main: join(dir, 'build/lib/reconciler/main.js'), dir };
}

export interface OperatorProcessOptions {
  readonly main: string;
  readonly kubeconfig: string;
  readonly namespace: string;
  readonly k8ssandraNamespace: string;
  readonly metricsPort: number;
  /** `node` flags beyond the image's own (OPERATOR_NODE_FLAGS), for profiling only. */
  readonly nodeFlags?: readonly string[];
  /** The Deployment's CPU and memory limits, enforced by a cgroup; unconstrained without. */
  readonly limits?: OperatorLimits;
}

const running = new Set<ChildProcess>();
// The API servers die with the benchmark (pdeathsig); the operator must not outlive it either.
const killAll = () => running.forEach((c) => c.kill('SIGKILL'));
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * The Node the image runs (24): `$MCC_OPERATOR_NODE` when set, so that the figures are the
 * image's; otherwise the benchmark's own Node, which the report names.
 */
export const operatorNode = process.env.MCC_OPERATOR_NODE || process.execPath;

/**
 * Starts the operator with the image's node flags and NODE_ENV=production, as the image does;
 * no leader election (one replica).
 */
export function startOperatorProcess(o: OperatorProcessOptions): ChildProcess {
  const args = [
    ...OPERATOR_NODE_FLAGS,
    ...(o.nodeFlags ?? []),
    o.main,
    `--namespace=${o.namespace}`,
    `--k8ssandra-namespace=${o.k8ssandraNamespace}`,
    `--kubeconfig=${o.kubeconfig}`,
    `--metrics-bind-address=127.0.0.1:${o.metricsPort}`,
    '--health-probe-bind-address=0',
    '--log-level=error',
  ];
  const [command, ...rest] = o.limits ? o.limits.wrap([operatorNode, ...args]) : [operatorNode, ...args];
  const child = spawn(command, rest, { env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '' }, stdio: ['ignore', 'inherit', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** What the benchmark reads from the operator's /metrics. */
export interface OperatorSample {
  readonly writes: number;
  /** Reads by verb: get, list, watch. */
  readonly reads: Readonly<Record<'get' | 'list' | 'watch', number>>;
  readonly rssBytes: number;
  readonly cpuSeconds: number;
}

const labelOf = (line: string, label: string) => new RegExp(`${label}="([^"]*)"`).exec(line)?.[1];

export async function scrapeOperator(port: number): Promise<OperatorSample> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const reads = { get: 0, list: 0, watch: 0 };
  let writes = 0;
  let rssBytes = 0;
  let cpuSeconds = 0;
  for (const line of text.split('\n')) {
    const value = Number(line.split(' ').pop());
    if (line.startsWith('rest_client_requests_total{')) {
      const verb = labelOf(line, 'verb');
      if (labelOf(line, 'write') === 'true') writes += value;
      else if (verb === 'get' || verb === 'list' || verb === 'watch') reads[verb] += value;
    }
    if (line.startsWith('process_resident_memory_bytes ')) rssBytes = value;
    if (line.startsWith('process_cpu_seconds_total ')) cpuSeconds = value;
  }
  return { writes, reads, rssBytes, cpuSeconds };
}

/** Peak resident set size of a process so far (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}
