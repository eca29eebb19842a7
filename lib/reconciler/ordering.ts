import { observeDatacenter } from './datacenter-status';
import type { KubeObject } from '../core/kube-object';
import type { ClusterSlice } from '../core/topology/placement';

/** What the operator knows of one data plane's share right now. */
export interface SliceObservation {
  readonly reachable: boolean;
  /** The live K8ssandraCluster, if it exists. */
  readonly live?: KubeObject;
}

export interface SliceDecision {
  readonly slice: ClusterSlice;
  readonly action: 'apply' | 'wait' | 'unreachable';
  readonly reason: string;
}

/**
 * Multi-region ordering, coordinated by the control plane (data planes never talk to each
 * other): slices that exist are kept converged; a region that has none yet is created only
 * when every DC of the regions before it is Ready, and only one new region at a time. An
 * unreachable region blocks new regions (its readiness is unknown) but not the others.
 */
export function orderSlices(slices: readonly ClusterSlice[], observed: ReadonlyMap<string, SliceObservation>): SliceDecision[] {
  const decisions: SliceDecision[] = [];
  let blocker: string | undefined;
  for (const slice of slices) {
    const name = slice.dataPlane.name;
    const o = observed.get(name);
    if (!o?.reachable) {
      decisions.push({ slice, action: 'unreachable', reason: `data plane ${name} is unreachable` });
      blocker ??= `data plane ${name} is unreachable`;
      continue;
    }
    if (o.live) {
      decisions.push({ slice, action: 'apply', reason: 'exists' });
    } else if (blocker) {
      decisions.push({ slice, action: 'wait', reason: blocker });
    } else {
      decisions.push({ slice, action: 'apply', reason: 'new region' });
      blocker = `waiting for ${name} to become Ready before the next region`;
      continue;
    }
    const notReady = slice.datacenters.filter((dc) => !observeDatacenter(o.live, dc.name, dc.size).ready).map((dc) => dc.name);
    if (notReady.length > 0) blocker ??= `waiting for ${notReady.join(', ')} in ${name} to become Ready before the next region`;
  }
  return decisions;
}
