import { Registry } from 'prom-client';
import type { KubeObject } from '../../lib';
import { registerStatusMetrics, type StatusMetricsSource } from '../../lib/reconciler/operator/status-metrics';

const cond = (type: string, status: string, at: string) => ({ type, status, lastTransitionTime: at, reason: 'r', message: 'm' });
const obj = (name: string, status: Record<string, unknown>): KubeObject => ({ apiVersion: 'v', kind: 'K', metadata: { name, namespace: 'mission-control' }, status });

function source(leader: boolean): StatusMetricsSource {
  return {
    isLeader: () => leader,
    clusters: () => [
      obj('orders', { conditions: [cond('Progressing', 'True', '2026-01-01T00:00:00Z')], datacenters: [{ name: 'dc1', dataPlane: 'eu-west', conditions: [cond('Ready', 'False', '2026-01-01T00:01:00Z')] }, { name: 'dc2', dataPlane: 'us-east', conditions: [cond('Ready', 'True', '2026-01-01T00:00:00Z')] }] }),
      obj('users', { conditions: [cond('Progressing', 'False', '2026-01-01T00:00:00Z')] }),
    ],
    tasks: () => [obj('cleanup', { startTime: '2026-01-01T00:02:00Z', conditions: [cond('Complete', 'False', '2026-01-01T00:02:00Z')] }), obj('done', { startTime: '2026-01-01T00:02:00Z', conditions: [cond('Complete', 'True', '2026-01-01T00:03:00Z')] })],
    dataPlanes: () => ['eu-west', 'us-east'],
    reachable: (name) => name === 'us-east',
  };
}

const T0 = Date.parse('2026-01-01T00:00:00Z') / 1000;

test('the leader reports progressing clusters, not-ready DCs, running tasks and reachability', async () => {
  const registry = new Registry();
  registerStatusMetrics(registry, source(true));
  const text = await registry.metrics();
  expect(text).toContain(`mission_control_cluster_progressing_since_timestamp_seconds{cluster_namespace="mission-control",cluster="orders"} ${T0}`);
  expect(text).not.toContain('cluster="users"');
  expect(text).toContain(`mission_control_datacenter_not_ready_since_timestamp_seconds{cluster_namespace="mission-control",cluster="orders",datacenter="dc1",data_plane="eu-west"} ${T0 + 60}`);
  expect(text).not.toContain('datacenter="dc2"');
  expect(text).toContain(`mission_control_task_running_since_timestamp_seconds{task_namespace="mission-control",task="cleanup"} ${T0 + 120}`);
  expect(text).not.toContain('task="done"');
  expect(text).toContain('mission_control_data_plane_reachable{data_plane="eu-west"} 0');
  expect(text).toContain('mission_control_data_plane_reachable{data_plane="us-east"} 1');
});

test('a standby reports none of them: it holds no data-plane connections', async () => {
  const registry = new Registry();
  registerStatusMetrics(registry, source(false));
  expect(await registry.metrics()).not.toMatch(/^mission_control_\w+\{/m);
});

test('registering again on the same registry replaces the previous source', async () => {
  const registry = new Registry();
  registerStatusMetrics(registry, source(false));
  registerStatusMetrics(registry, source(true));
  expect(await registry.metrics()).toContain('mission_control_data_plane_reachable{data_plane="us-east"} 1');
});
