import { createHash } from 'node:crypto';
import { OPERATOR_METRICS } from './operator-metrics';
import type { ScrapeTarget } from './scrape-target';
import type { KubeObject } from '../kube-object';
import { MISSION_CONTROL_OPERATOR_NAME } from '../manifests/mission-control-operator';

/** The label the Grafana sidecar looks for (its chart's default `sidecar.dashboards.label`). */
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard';

interface Panel {
  readonly title: string;
  readonly expr: string;
  readonly legend: string;
}

function operatorPanels(t: ScrapeTarget): Panel[] {
  const sel = `namespace="${t.namespace}", job="${t.service}"`;
  const panels: Panel[] = [
    { title: `${t.title}: targets up`, expr: `sum(up{${sel}})`, legend: 'up' },
    { title: `${t.title}: reconciles per second`, expr: `sum by (controller, result) (rate(controller_runtime_reconcile_total{${sel}}[5m]))`, legend: '{{controller}} {{result}}' },
    { title: `${t.title}: reconcile errors per second`, expr: `sum by (controller) (rate(controller_runtime_reconcile_errors_total{${sel}}[5m]))`, legend: '{{controller}}' },
    { title: `${t.title}: work queue depth`, expr: `sum by (name) (workqueue_depth{${sel}})`, legend: '{{name}}' },
  ];
  if (t.webhooks) panels.push({ title: `${t.title}: webhook requests per second`, expr: `sum by (webhook, code) (rate(controller_runtime_webhook_requests_total{${sel}}[5m]))`, legend: '{{webhook}} {{code}}' });
  return panels;
}

function controlPlanePanels(t: ScrapeTarget): Panel[] {
  const sel = `namespace="${t.namespace}", job="${t.service}"`;
  const m = OPERATOR_METRICS;
  return [
    { title: 'Data planes reachable', expr: `max by (data_plane) (${m.dataPlaneReachable}{${sel}})`, legend: '{{data_plane}}' },
    { title: 'Clusters progressing for (s)', expr: `time() - max by (cluster_namespace, cluster) (${m.clusterProgressingSince}{${sel}})`, legend: '{{cluster_namespace}}/{{cluster}}' },
    { title: 'Datacenters not ready for (s)', expr: `time() - max by (cluster, datacenter) (${m.datacenterNotReadySince}{${sel}})`, legend: '{{cluster}}/{{datacenter}}' },
    { title: 'Tasks running for (s)', expr: `time() - max by (task_namespace, task) (${m.taskRunningSince}{${sel}})`, legend: '{{task_namespace}}/{{task}}' },
  ];
}

/** Grafana's dashboard model: time series panels two to a row, ids and positions from their order. */
function dashboardModel(uid: string, title: string, panels: readonly Panel[]): Record<string, unknown> {
  return {
    uid,
    title,
    tags: ['mission-control'],
    timezone: 'utc',
    schemaVersion: 39,
    editable: false,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source' }] },
    panels: panels.map((p, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: p.title,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      targets: [{ refId: 'A', expr: p.expr, legendFormat: p.legend, datasource: { type: 'prometheus', uid: '${datasource}' } }],
    })),
  };
}

/**
 * One plane's dashboard as a ConfigMap for the Grafana sidecar. The uid is derived from the
 * plane so that dashboards of several planes loaded into one Grafana never replace each other.
 */
export function dashboardConfigMap(plane: string, namespace: string, targets: readonly ScrapeTarget[], labels: Record<string, string>): KubeObject {
  const uid = `mcc-${createHash('sha256').update(plane).digest('hex').slice(0, 16)}`;
  const panels = targets.flatMap((t) => [...operatorPanels(t), ...(t.deployment === MISSION_CONTROL_OPERATOR_NAME ? controlPlanePanels(t) : [])]);
  const name = `${plane}-dashboard`;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { ...labels, [GRAFANA_DASHBOARD_LABEL]: '1' } },
    data: { [`${name}.json`]: `${JSON.stringify(dashboardModel(uid, `Mission Control: ${plane}`, panels), null, 2)}\n` },
  };
}
