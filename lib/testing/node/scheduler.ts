import type { Obj } from './kube-api';
import { quantityValue } from '../../core/quantity';

/** A node as the scheduler stand-in sees it. */
export interface SchedulableNode {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
}

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** A Kubernetes quantity (`500m`, `2Gi`, `1.5`) as a number of base units. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const value = quantityValue(q.trim());
  if (value === undefined) throw new Error(`not a Kubernetes quantity: ${q}`);
  return value;
}

function matches(labels: Record<string, string>, r: Requirement): boolean {
  const has = r.key in labels;
  const v = labels[r.key];
  switch (r.operator) {
    case 'In': return has && (r.values ?? []).includes(v);
    case 'NotIn': return !has || !(r.values ?? []).includes(v);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': return has && Number(v) > Number(r.values?.[0]);
    case 'Lt': return has && Number(v) < Number(r.values?.[0]);
    default: return false;
  }
}

function selectorMatches(labels: Record<string, string>, selector: { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] } | undefined): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  return (selector.matchExpressions ?? []).every((r) => matches(labels, r));
}

/** Sum of a pod's container requests, in millicores and bytes. */
export function podRequests(pod: Obj): { cpuMilli: number; memoryBytes: number } {
  let cpuMilli = 0;
  let memoryBytes = 0;
  for (const c of (pod.spec?.containers ?? []) as Array<{ resources?: { requests?: Record<string, string> } }>) {
    cpuMilli += parseQuantity(c.resources?.requests?.cpu) * 1000;
    memoryBytes += parseQuantity(c.resources?.requests?.memory);
  }
  return { cpuMilli, memoryBytes };
}

/**
 * Why `pod` cannot run on `node` given the pods already bound there, or `undefined` when it
 * fits: the scheduler's required filters (node selector, required node affinity, required pod
 * anti-affinity by hostname, resource fit). Preferences are not scored.
 */
export function unfit(pod: Obj, node: SchedulableNode, podsOnNode: readonly Obj[]): string | undefined {
  const spec = pod.spec ?? {};
  for (const [k, v] of Object.entries((spec.nodeSelector ?? {}) as Record<string, string>)) {
    if (node.labels[k] !== v) return "node(s) didn't match Pod's node affinity/selector";
  }
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as
    Array<{ matchExpressions?: Requirement[] }> | undefined;
  if (terms?.length && !terms.some((t) => (t.matchExpressions ?? []).every((r) => matches(node.labels, r)))) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  const anti = (spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) as
    Array<{ labelSelector?: { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] }; topologyKey: string; namespaces?: string[] }>;
  for (const term of anti) {
    if (term.topologyKey !== 'kubernetes.io/hostname') continue;
    const namespaces = term.namespaces?.length ? term.namespaces : [pod.metadata.namespace];
    if (podsOnNode.some((p) => namespaces.includes(p.metadata.namespace) && selectorMatches(p.metadata.labels ?? {}, term.labelSelector))) {
      return "node(s) didn't match pod anti-affinity rules";
    }
  }
  if (podsOnNode.length + 1 > node.allocatable.pods) return 'Too many pods';
  const want = podRequests(pod);
  const used = podsOnNode.map(podRequests).reduce((a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memoryBytes: a.memoryBytes + b.memoryBytes }), { cpuMilli: 0, memoryBytes: 0 });
  if (used.cpuMilli + want.cpuMilli > node.allocatable.cpuMilli) return 'Insufficient cpu';
  if (used.memoryBytes + want.memoryBytes > node.allocatable.memoryBytes) return 'Insufficient memory';
  return undefined;
}

/** The scheduler's own event text for a pod no node takes. */
export function unschedulableMessage(reasons: readonly string[], nodeCount: number): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `${n} ${r}`);
  return `0/${nodeCount} nodes are available: ${parts.join(', ')}.`;
}
