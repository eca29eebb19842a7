/**
 * Runs the benchmarked operator inside the CPU and memory limits its Deployment sets, as a
 * kubelet would: a cgroup (v1 or v2) of its own. Node sizes its heap from the memory limit it
 * finds in its cgroup, so without one the figures would be those of a process that sees the
 * whole machine, not of the pod. Where cgroups cannot be written (no root, read-only mount) the
 * operator runs unconstrained and the report says so.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MISSION_CONTROL_OPERATOR_RESOURCES } from '../lib/core/manifests/mission-control-operator';
import { quantityValue } from '../lib/core/quantity';
import type { OperatorResources } from '../lib/core/sizing/operator-sizing';

export interface OperatorLimits {
  /** e.g. `500m` and `128Mi`, from the Deployment the library synthesises. */
  readonly cpu: string;
  readonly memory: string;
  /** Shell prefix that moves the process into the cgroup before it execs node. */
  readonly wrap: (command: readonly string[]) => readonly string[];
  /**
   * The cgroup's peak memory charge (what the limit is enforced against: anonymous memory and
   * page cache first touched by the operator; RSS also counts shared pages of the node binary
   * charged elsewhere), how often the limit was hit (v1 failcnt / v2 events max) and OOM kills.
   */
  readonly pressure: () => { peakBytes: number; limitHits: number; oomKills: number };
  /** Whether the process is in the cgroup (the benchmark checks, so a figure is never unconstrained unnoticed). */
  readonly holds: (pid: number) => boolean;
  readonly remove: () => void;
}

const CFS_PERIOD_US = 100_000;

/** The cgroup directories to create, or undefined where this process cannot create them. */
function cgroupDirs(name: string): { version: 1 | 2; memory: string; cpu: string } | undefined {
  const v2 = '/sys/fs/cgroup/cgroup.controllers';
  if (existsSync(v2)) {
    const own = readFileSync('/proc/self/cgroup', 'utf8').match(/^0::(.*)$/m)?.[1] ?? '/';
    const dir = join('/sys/fs/cgroup', own, name);
    return { version: 2, memory: dir, cpu: dir };
  }
  // v1: each controller has its own hierarchy; nest under the one this process is in.
  const path = (controller: string) => readFileSync('/proc/self/cgroup', 'utf8').match(new RegExp(`^\\d+:(?:[^:]*,)?${controller}(?:,[^:]*)?:(.*)$`, 'm'))?.[1];
  const memory = path('memory');
  const cpu = path('cpu');
  if (memory === undefined || cpu === undefined) return undefined;
  return { version: 1, memory: join('/sys/fs/cgroup/memory', memory, name), cpu: join('/sys/fs/cgroup/cpu', cpu, name) };
}

/**
 * The limits of `sized`, what the library synthesises for the platform benchmarked; `overrides`
 * (e.g. `{ cpu: '500m' }`, from `$MCC_BENCH_OPERATOR_CPU`) size a what-if run.
 */
export function operatorLimits(
  overrides: { cpu?: string; memory?: string } = {},
  sized: OperatorResources = MISSION_CONTROL_OPERATOR_RESOURCES,
  name = `mcc-bench-operator-${process.pid}`,
): OperatorLimits | undefined {
  const cpu = overrides.cpu ?? sized.limits.cpu;
  const memory = overrides.memory ?? sized.limits.memory;
  const memoryBytes = quantityValue(memory);
  const cpuCores = quantityValue(cpu);
  if (!memoryBytes || !cpuCores) throw new Error(`operator limits: cpu ${JSON.stringify(cpu)} and memory ${JSON.stringify(memory)} must be positive Kubernetes quantities`);
  const quotaUs = Math.round(cpuCores * CFS_PERIOD_US);
  const dirs = cgroupDirs(name);
  if (!dirs) return undefined;
  try {
    mkdirSync(dirs.memory, { recursive: true });
    mkdirSync(dirs.cpu, { recursive: true });
  } catch {
    return undefined;
  }
  // Once the cgroups exist, a limit that cannot be set is a fault, not a reason to run unlimited.
  if (dirs.version === 2) {
    writeFileSync(join(dirs.memory, 'memory.max'), String(memoryBytes));
    writeFileSync(join(dirs.memory, 'memory.swap.max'), '0');
    writeFileSync(join(dirs.cpu, 'cpu.max'), `${quotaUs} ${CFS_PERIOD_US}`);
  } else {
    writeFileSync(join(dirs.memory, 'memory.limit_in_bytes'), String(memoryBytes));
    writeFileSync(join(dirs.cpu, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
    writeFileSync(join(dirs.cpu, 'cpu.cfs_quota_us'), String(quotaUs));
  }
  const procs = [...new Set([dirs.memory, dirs.cpu])].map((d) => join(d, 'cgroup.procs'));
  const counter = (file: string, key?: string) => {
    try {
      const text = readFileSync(file, 'utf8');
      return key ? Number(text.match(new RegExp(`^${key} (\\d+)$`, 'm'))?.[1] ?? 0) : Number(text.trim());
    } catch {
      return 0;
    }
  };
  return {
    cpu,
    memory,
    // `exec` keeps the pid, so the process the benchmark signals and scrapes is node itself.
    wrap: (command) => ['/bin/sh', '-c', `${procs.map((p) => `echo $$ > ${p}`).join(' && ')} && exec "$@"`, 'sh', ...command],
    pressure: () => dirs.version === 2
      ? { peakBytes: counter(join(dirs.memory, 'memory.peak')), limitHits: counter(join(dirs.memory, 'memory.events'), 'max'), oomKills: counter(join(dirs.memory, 'memory.events'), 'oom_kill') }
      : { peakBytes: counter(join(dirs.memory, 'memory.max_usage_in_bytes')), limitHits: counter(join(dirs.memory, 'memory.failcnt')), oomKills: counter(join(dirs.memory, 'memory.oom_control'), 'oom_kill') },
    holds: (pid) => readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').filter((line) => line.endsWith(`/${name}`)).length >= (dirs.version === 2 ? 1 : 2),
    remove: () => {
      for (const dir of new Set([dirs.memory, dirs.cpu])) {
        try {
          rmdirSync(dir);
        } catch {
          // Still populated when the operator has not exited yet; the kernel keeps it harmlessly.
        }
      }
    },
  };
}
