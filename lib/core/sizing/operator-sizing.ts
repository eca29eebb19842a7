import type { OperatorLoad } from '../model/operators';
import { quantityValue } from '../quantity';

/** Requests and limits of one operator container, as Kubernetes quantities. */
export interface OperatorResources {
  /** What the scheduler reserves for the container. */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** What the container may use at most. */
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/**
 * How an operator's memory and CPU grow with what it serves, measured on the real operators
 * (`npm run bench:operator-sizing`, figures in BENCHMARKS.md; the control-plane operator's
 * from `npm run bench:reconciler`). `baseMiB + perDcMiB * DCs + perClusterMiB * clusters`
 * is the peak RSS the benchmark saw, `steadyMilli + steadyPerDcMilli * DCs` its CPU in steady
 * state. `floor` is what the operator gets when it serves little: upstream's own figures (their
 * kustomize manager.yaml), or ours for the control-plane operator.
 */
export interface OperatorProfile {
  readonly baseMiB: number;
  readonly perDcMiB: number;
  readonly perClusterMiB: number;
  readonly steadyMilli: number;
  readonly steadyPerDcMilli: number;
  readonly floor: OperatorResources;
}

/** Memory steps the formula rounds up to, so that a few more DCs rarely resize an operator. */
const MEMORY_STEPS_MIB = [64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192];
/** CPU steps, in millicores. */
const CPU_STEPS_MILLI = [100, 200, 250, 500, 750, 1000, 1500, 2000, 3000, 4000, 6000, 8000];

/**
 * The limit leaves room over the measured peak: Go's collector lets the heap grow to twice the
 * live data before it collects (GOGC=100), and the peak was measured with DCs created a few at
 * a time, not a whole region restored at once.
 */
const MEMORY_LIMIT_HEADROOM = 1.5;
/** Creating or restarting DCs costs many times the steady CPU; throttling only slows it down, so the limit is a multiple of the request. */
const CPU_LIMIT_FACTOR = 5;

function step(value: number, steps: readonly number[]): number {
  return steps.find((s) => s >= value) ?? Math.ceil(value / steps[steps.length - 1]) * steps[steps.length - 1];
}

const mib = (v: number): string => (v % 1024 === 0 ? `${v / 1024}Gi` : `${v}Mi`);
const milli = (v: number): string => (v % 1000 === 0 ? `${v / 1000}` : `${v}m`);
const mibOf = (q: string): number => quantityValue(q)! / 2 ** 20;
const milliOf = (q: string): number => quantityValue(q)! * 1000;

/**
 * Requests and limits for an operator that serves `load`: the memory request covers the
 * measured peak and the limit adds headroom, the CPU request covers the steady state and the
 * limit a multiple of it; each rounded up to a step, and never below the profile's floor.
 */
export function sizeOperator(profile: OperatorProfile, load: OperatorLoad): OperatorResources {
  const peak = profile.baseMiB + profile.perDcMiB * load.datacenters + profile.perClusterMiB * load.clusters;
  const steady = profile.steadyMilli + profile.steadyPerDcMilli * load.datacenters;
  const memoryRequest = Math.max(mibOf(profile.floor.requests.memory), step(peak, MEMORY_STEPS_MIB));
  const memoryLimit = Math.max(mibOf(profile.floor.limits.memory), step(peak * MEMORY_LIMIT_HEADROOM, MEMORY_STEPS_MIB));
  const cpuRequest = Math.max(milliOf(profile.floor.requests.cpu), step(steady, CPU_STEPS_MILLI));
  const cpuLimit = Math.max(milliOf(profile.floor.limits.cpu), step(cpuRequest * CPU_LIMIT_FACTOR, CPU_STEPS_MILLI));
  return {
    requests: { cpu: milli(cpuRequest), memory: mib(memoryRequest) },
    limits: { cpu: milli(cpuLimit), memory: mib(memoryLimit) },
  };
}
