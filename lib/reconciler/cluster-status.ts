import { setConditions, type Condition, type ConditionInput } from './conditions';
import { observeDatacenter } from './datacenter-status';
import type { KubeObject } from '../core/kube-object';
import type { Problem } from '../core/problems';
import type { CassandraClusterSpec } from '../core/topology/model';

export interface ClusterStatus {
  observedGeneration: number;
  conditions: Condition[];
  datacenters?: Array<{ name: string; dataPlane: string; size: number; readyReplicas: number; conditions: Condition[] }>;
  lastError?: string;
}

/** What the operator knows of one data plane right now. */
export interface DataPlaneObservation {
  readonly reachable: boolean;
  /** The live K8ssandraCluster (in the control plane), which mirrors every DC's status. */
  readonly live?: KubeObject;
}

export interface StatusInput {
  readonly generation: number;
  readonly previous: Partial<ClusterStatus> | undefined;
  readonly now: string;
  readonly problems?: readonly Problem[];
  readonly spec?: CassandraClusterSpec;
  readonly observed?: ReadonlyMap<string, DataPlaneObservation>;
  /** Errors of this pass, per data plane. */
  readonly errors?: ReadonlyMap<string, string>;
  /** The `Drifted` condition of this pass, when the K8ssandraCluster was compared. */
  readonly drift?: ConditionInput;
}

const status = (b: boolean): Condition['status'] => (b ? 'True' : 'False');

/**
 * The MissionControlCluster status: per-DC readiness mirrored from the data planes, and the
 * Valid / DataPlaneReachable / Ready / Progressing / Degraded (and Drifted) conditions. Deterministic for
 * unchanged inputs, so an unchanged cluster gets no status write.
 */
export function clusterStatus(input: StatusInput): ClusterStatus {
  const previous = input.previous?.conditions ?? [];
  const generation = input.generation;
  if (input.problems && input.problems.length > 0) {
    const message = input.problems.map((p) => `[${p.path}] ${p.message}. Fix: ${p.fix}`).join('\n');
    return {
      observedGeneration: generation,
      conditions: setConditions(previous, [
        { type: 'Valid', status: 'False', reason: 'InvalidSpec', message },
        { type: 'Ready', status: 'False', reason: 'InvalidSpec', message: 'the spec is invalid; nothing was written to any data plane' },
        { type: 'Progressing', status: 'False', reason: 'InvalidSpec', message: 'fix the spec to continue' },
        { type: 'Degraded', status: 'True', reason: 'InvalidSpec', message: `${input.problems.length} problem(s) in the spec` },
      ], generation, input.now),
      lastError: message,
    };
  }
  const spec = input.spec!;
  const observed = input.observed ?? new Map<string, DataPlaneObservation>();
  const datacenters = spec.datacenters.map((dc) => {
    const o = observed.get(dc.dataPlane);
    const seen = observeDatacenter(o?.live, dc.name, dc.size);
    const prev = input.previous?.datacenters?.find((d) => d.name === dc.name)?.conditions ?? [];
    // What an unreachable region last reported may be stale: its DCs count as not Ready.
    const unknown = o?.reachable === false;
    const ready = seen.ready && !unknown;
    const reason = unknown ? 'DataPlaneUnreachable' : seen.progress;
    return {
      name: dc.name,
      dataPlane: dc.dataPlane,
      size: dc.size,
      readyReplicas: seen.readyReplicas,
      conditions: setConditions(prev, [{ type: 'Ready', status: status(ready), reason, message: unknown ? `data plane ${dc.dataPlane} is unreachable` : `cass-operator progress: ${seen.progress}` }], generation, input.now),
    };
  });
  const unreachable = [...observed.entries()].filter(([, o]) => !o.reachable).map(([name]) => name).sort();
  const errors = [...(input.errors ?? new Map()).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([dp, e]) => `${dp}: ${e}`);
  const notReady = datacenters.filter((d) => d.conditions.find((c) => c.type === 'Ready')?.status !== 'True').map((d) => d.name);
  const allReady = notReady.length === 0;
  const conditions: ConditionInput[] = [
    { type: 'Valid', status: 'True', reason: 'Valid', message: 'the spec passed validation' },
    unreachable.length > 0
      ? { type: 'DataPlaneReachable', status: 'False', reason: 'Unreachable', message: `unreachable: ${unreachable.join(', ')}` }
      : { type: 'DataPlaneReachable', status: 'True', reason: 'Reachable', message: 'every data plane of the cluster answered' },
    allReady
      ? { type: 'Ready', status: 'True', reason: 'AllDatacentersReady', message: `${datacenters.length} datacenter(s) ready` }
      : { type: 'Ready', status: 'False', reason: 'DatacentersNotReady', message: `not ready: ${notReady.join(', ')}` },
    allReady
      ? { type: 'Progressing', status: 'False', reason: 'Converged', message: 'nothing left to do' }
      : { type: 'Progressing', status: 'True', reason: 'DatacentersNotReady', message: `not ready: ${notReady.join(', ')}` },
    unreachable.length > 0 || errors.length > 0
      ? { type: 'Degraded', status: 'True', reason: unreachable.length > 0 ? 'DataPlaneUnreachable' : 'WriteFailed', message: [...unreachable.map((u) => `data plane ${u} is unreachable`), ...errors].join('; ') }
      : { type: 'Degraded', status: 'False', reason: 'Healthy', message: 'no errors' },
    ...(input.drift ? [input.drift] : []),
  ];
  const out: ClusterStatus = { observedGeneration: generation, conditions: setConditions(previous, conditions, generation, input.now), datacenters };
  const lastError = errors.join('; ') || (unreachable.length > 0 ? `unreachable: ${unreachable.join(', ')}` : undefined);
  if (lastError) out.lastError = lastError;
  return out;
}

/** True when two statuses say the same thing (so no write is needed). */
export function sameStatus(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [k, normalise((v as Record<string, unknown>)[k])]));
  return v;
}
