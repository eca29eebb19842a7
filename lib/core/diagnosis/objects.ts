import type { KubeObject } from '../kube-object';

/** A condition as Kubernetes objects carry them (metav1.Condition and the older shapes). */
export interface ObjectCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

// Status shapes vary by kind; the checks read them as plain JSON.
/* eslint-disable @typescript-eslint/no-explicit-any */
export const statusOf = (obj: KubeObject | undefined): any => (obj as any)?.status ?? {};
export const specOf = (obj: KubeObject | undefined): any => (obj as any)?.spec ?? {};
/* eslint-enable @typescript-eslint/no-explicit-any */

export function conditionOf(obj: KubeObject | undefined, type: string): ObjectCondition | undefined {
  const conditions = statusOf(obj).conditions as ObjectCondition[] | undefined;
  return conditions?.find((c) => c.type === type);
}

/** `Type=Status (Reason): message`, the way `kubectl describe` shows a condition. */
export function conditionText(c: ObjectCondition): string {
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`;
}

/** Milliseconds since the epoch, or undefined for a missing or unparsable time. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A duration for humans: `45s`, `12m`, `3h`. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

export const isDeleting = (obj: KubeObject): boolean => typeof obj.metadata.deletionTimestamp === 'string';

/** A container's status in a Pod, as far as the checks read it. */
export interface ContainerStatus {
  readonly name: string;
  readonly restartCount?: number;
  readonly ready?: boolean;
  readonly state?: { readonly waiting?: { readonly reason?: string; readonly message?: string } };
  readonly lastState?: { readonly terminated?: { readonly reason?: string; readonly exitCode?: number; readonly finishedAt?: string } };
}

/** A pod's container statuses; with `init`, its init containers' first. */
export function containerStatusesOf(pod: KubeObject, options: { init?: boolean } = {}): ContainerStatus[] {
  const status = statusOf(pod);
  return [...(options.init ? status.initContainerStatuses ?? [] : []), ...(status.containerStatuses ?? [])] as ContainerStatus[];
}
