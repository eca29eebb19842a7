import { APPLIED_HASH_ANNOTATION } from './applied-hash';
import { LABEL_PREFIX } from '../../core/api-group';
import type { KubeObject } from '../../core/kube-object';
import type { Condition, ConditionInput } from '../conditions';

/**
 * Annotation a person sets on a K8ssandraCluster the operator owns to keep a hand edit in
 * place during an emergency; its value says why. While it is present the operator writes
 * nothing to that object and reports the difference; once it is removed, it reverts.
 */
export const EMERGENCY_EDIT_ANNOTATION = `${LABEL_PREFIX}/emergency-edit`;

export const DRIFTED_CONDITION = 'Drifted';

/** The emergency-edit annotation's reason, when the object carries it. */
export function emergencyEdit(live: KubeObject | undefined): string | undefined {
  const value = live?.metadata.annotations?.[EMERGENCY_EDIT_ANNOTATION];
  return value === undefined ? undefined : value.trim() || 'no reason given';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const child = (path: string, key: string) => (IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Where `live` differs from `desired` in the fields the operator applies: every leaf of the
 * desired spec, and the desired labels and annotations. Fields only `live` has are left
 * alone: the API server's defaults and other managers' fields are not the operator's. Lists
 * are compared by position and length, as server-side apply replaces the atomic lists of
 * the K8ssandraCluster schema whole. The applied-hash annotation is not compared: it decides
 * whether the desired state itself changed.
 */
export function driftedPaths(desired: KubeObject, live: KubeObject): string[] {
  const out: string[] = [];
  compare(desired.spec, live.spec, 'spec', out);
  for (const field of ['labels', 'annotations'] as const) {
    const want = desired.metadata[field] ?? {};
    const have = live.metadata[field] ?? {};
    for (const key of Object.keys(want).sort()) {
      if (key !== APPLIED_HASH_ANNOTATION && want[key] !== have[key]) out.push(child(`metadata.${field}`, key));
    }
  }
  return out;
}

function compare(want: unknown, have: unknown, path: string, out: string[]): void {
  // An absent or null desired value applies nothing; an empty one may be dropped on write.
  if (want === undefined || want === null) return;
  if (Array.isArray(want)) {
    if (want.length === 0 && (have === undefined || have === null)) return;
    if (!Array.isArray(have) || have.length !== want.length) {
      out.push(path);
      return;
    }
    want.forEach((w, i) => compare(w, have[i], `${path}[${i}]`, out));
    return;
  }
  if (isObject(want)) {
    const keys = Object.keys(want).sort();
    if (keys.length === 0 && (have === undefined || have === null)) return;
    if (!isObject(have)) {
      out.push(path);
      return;
    }
    for (const key of keys) compare(want[key], have[key], child(path, key), out);
    return;
  }
  if (want !== have) out.push(path);
}

/** What one pass saw and did about drift of a cluster's K8ssandraCluster. */
export interface DriftObservation {
  /** `namespace/name` of the K8ssandraCluster. */
  readonly object: string;
  readonly paths: readonly string[];
  /** The emergency-edit annotation's reason, when present. */
  readonly emergency?: string;
  /** The desired state was re-applied over the drift in this pass. */
  readonly reverted: boolean;
  /** Re-applying failed with this error. */
  readonly error?: string;
}

const list = (paths: readonly string[]) => paths.join(', ');

/**
 * The `Drifted` condition. A reverted drift is reported as False with reason `DriftReverted`
 * naming the paths, and that record stays until the next drift: the revert happened in the
 * same pass, so the object no longer differs.
 */
export function driftCondition(o: DriftObservation, previous: Condition | undefined): ConditionInput {
  if (o.emergency !== undefined && o.paths.length > 0) {
    return {
      type: DRIFTED_CONDITION,
      status: 'True',
      reason: 'DriftKeptEmergencyEdit',
      message: `K8ssandraCluster ${o.object} differs from the desired state at ${list(o.paths)}; kept because it carries the annotation ${EMERGENCY_EDIT_ANNOTATION}: ${JSON.stringify(o.emergency)}. Fix: remove the annotation to have the operator revert it, or change the MissionControlCluster to match`,
    };
  }
  if (o.error !== undefined) {
    return { type: DRIFTED_CONDITION, status: 'True', reason: 'DriftDetected', message: `K8ssandraCluster ${o.object} differs from the desired state at ${list(o.paths)}; reverting failed: ${o.error}` };
  }
  if (o.reverted) {
    return { type: DRIFTED_CONDITION, status: 'False', reason: 'DriftReverted', message: `reverted changes made to K8ssandraCluster ${o.object} outside the operator at ${list(o.paths)}` };
  }
  if (previous?.status === 'False') return { type: DRIFTED_CONDITION, status: 'False', reason: previous.reason, message: previous.message };
  return { type: DRIFTED_CONDITION, status: 'False', reason: 'NoDrift', message: `K8ssandraCluster ${o.object} matches the desired state in every field the operator applies` };
}
