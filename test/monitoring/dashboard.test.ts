import { monitoredPlatform } from './fixtures';
import type { KubeObject } from '../../lib';

const dashboards = (folders: Record<string, KubeObject[]>) => Object.values(folders).flatMap((objects) => objects.filter((o) => o.metadata.labels?.grafana_dashboard === '1'));

test('one dashboard ConfigMap per plane, for the Grafana sidecar, only when asked for', () => {
  expect(dashboards(monitoredPlatform({ prometheusOperator: true }))).toEqual([]);
  const found = dashboards(monitoredPlatform({ grafanaDashboard: true }));
  expect(found.map((o) => [o.kind, o.metadata.namespace, o.metadata.name])).toEqual([
    ['ConfigMap', 'mission-control', 'mission-control-control-plane-dashboard'],
    ['ConfigMap', 'k8ssandra-operator', 'mission-control-data-plane-eu-west-dashboard'],
  ]);
});

test('valid, deterministic dashboard JSON with distinct uids and unique panel ids', () => {
  const [first, second] = [dashboards(monitoredPlatform({ grafanaDashboard: true })), dashboards(monitoredPlatform({ grafanaDashboard: true }))];
  expect(second).toEqual(first);
  const models = first.map((o) => JSON.parse(Object.values(o.data as Record<string, string>)[0]));
  expect(new Set(models.map((m) => m.uid)).size).toBe(models.length);
  for (const m of models) {
    expect(m.uid.length).toBeLessThanOrEqual(40);
    const ids = m.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of m.panels) expect(p.targets[0].expr).toMatch(/\w+\{namespace="[^"]+", job="[^"]+"/);
  }
  expect(models[0].panels.map((p: { title: string }) => p.title)).toContain('Data planes reachable');
});
