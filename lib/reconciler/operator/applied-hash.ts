import { createHash } from 'node:crypto';
import { LABEL_PREFIX } from '../../core/api-group';
import type { KubeObject } from '../../core/kube-object';

/**
 * Annotation holding a hash of what the operator last applied: whether the desired state
 * itself changed, without re-rendering what was applied before. Hand edits of the object
 * leave it alone; drift.ts compares the fields for those.
 */
export const APPLIED_HASH_ANNOTATION = `${LABEL_PREFIX}/applied-hash`;

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

export function desiredHash(obj: KubeObject): string {
  return createHash('sha256').update(JSON.stringify(canonical(obj))).digest('hex').slice(0, 32);
}

/** The object with its hash annotation set. */
export function withAppliedHash<T extends KubeObject>(obj: T): T {
  const hash = desiredHash(obj);
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, [APPLIED_HASH_ANNOTATION]: hash } } };
}

/** True when `live` was last applied from exactly `desired` (as returned by withAppliedHash). */
export function upToDate(live: KubeObject | undefined, desired: KubeObject): boolean {
  const want = desired.metadata.annotations?.[APPLIED_HASH_ANNOTATION];
  return live !== undefined && want !== undefined && live.metadata.annotations?.[APPLIED_HASH_ANNOTATION] === want;
}
