import { buildExamplePlatform } from '../../examples/platform/platform';
import { synthPlatform } from '../../lib';
import type { KubeObject } from '../../lib/core/kube-object';
import { allObjects } from '../support/platform';
import { UPSTREAM_POD_LABELS } from './fixtures/upstream-pod-labels';

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

function matches(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    const has = e.key in labels;
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    if (e.operator === 'In') return has && e.values!.includes(labels[e.key]);
    return !has || !e.values!.includes(labels[e.key]);
  });
  return byLabel && byExpression;
}

/** Every pod selector an object of ours carries; a Service selector is plain matchLabels. */
function podSelectors(obj: KubeObject): Selector[] {
  const spec = obj.spec as Record<string, any> | undefined;
  if (!spec) return [];
  if (obj.kind === 'Service') return spec.selector ? [{ matchLabels: spec.selector }] : [];
  if (obj.kind === 'NetworkPolicy') return [spec.podSelector];
  if (spec.selector && typeof spec.selector === 'object') return [spec.selector];
  return [];
}

const objects = allObjects(synthPlatform(buildExamplePlatform().app));
const selecting = objects.flatMap(({ folder, obj }) => podSelectors(obj).map((selector) => ({ where: `${folder}/${obj.kind}/${obj.metadata.name}`, obj, selector })));

test('the platform has operator Deployments, Services and policies that select pods', () => {
  const kinds = new Set(selecting.map((s) => s.obj.kind));
  expect([...kinds].sort()).toEqual(expect.arrayContaining(['Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Service']));
});

test.each(UPSTREAM_POD_LABELS.map((p) => [p.source, p.labels] as const))('no selector of ours matches pods from %s', (_source, labels) => {
  expect(selecting.filter((s) => matches(s.selector, labels)).map((s) => s.where)).toEqual([]);
});

test('each operator Deployment selects its own pods, and no other workload of ours does', () => {
  const deployments = objects.filter(({ obj }) => obj.kind === 'Deployment');
  for (const { folder, obj } of deployments) {
    const own = (obj.spec as any).template.metadata.labels;
    expect(matches((obj.spec as any).selector, own)).toBe(true);
    const others = deployments.filter((d) => d.folder === folder && d.obj !== obj);
    for (const other of others) expect(matches((obj.spec as any).selector, (other.obj.spec as any).template.metadata.labels)).toBe(false);
  }
});
