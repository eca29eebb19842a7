import { OPERATOR_METRICS } from './operator-metrics';
import type { ScrapeTarget } from './scrape-target';
import type { ResolvedThresholds } from '../model/monitoring';

/** One Prometheus alerting rule, as both PrometheusRule and a promtool rule file hold it. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** A rule group: one per operator, evaluated together. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: AlertRule[];
}

/** `MissionControlOperator`, `K8ssandraOperator`, `CassOperator`: alert name prefixes. */
const PREFIX: Record<string, string> = {
  'mission-control-operator': 'MissionControlOperator',
  'k8ssandra-operator': 'K8ssandraOperator',
  'cass-operator-controller-manager': 'CassOperator',
};

const alertPrefix = (t: ScrapeTarget): string => PREFIX[t.deployment] ?? t.deployment;
const job = (t: ScrapeTarget): string => `namespace="${t.namespace}", job="${t.service}"`;

function rule(alert: string, expr: string, forDuration: string, severity: 'critical' | 'warning', summary: string, description: string): AlertRule {
  return { alert, expr, for: forDuration, labels: { severity }, annotations: { summary, description } };
}

/**
 * What every operator shares: down (no target up, or `absent` when none is discovered at
 * all), unavailable replicas and crash-looping pods (kube-state-metrics), reconcile errors
 * and, for those serving admission webhooks, webhook 5xx answers.
 */
export function operatorRules(t: ScrapeTarget, th: ResolvedThresholds): RuleGroup {
  const prefix = alertPrefix(t);
  const ksm = `namespace="${t.namespace}"`;
  const rules: AlertRule[] = [
    rule(
      `${prefix}Down`,
      `(sum by (namespace, job) (up{${job(t)}}) == 0) or absent(up{${job(t)}})`,
      th.operatorDownFor,
      'critical',
      `The ${t.title} in ${t.namespace} cannot be scraped`,
      `No pod of ${t.namespace}/${t.deployment} has answered on /metrics for ${th.operatorDownFor}.`,
    ),
    rule(
      `${prefix}ReplicasUnavailable`,
      `kube_deployment_status_replicas_available{${ksm}, deployment="${t.deployment}"} < kube_deployment_spec_replicas{${ksm}, deployment="${t.deployment}"}`,
      th.operatorDownFor,
      'warning',
      `The ${t.title} in ${t.namespace} has unavailable replicas`,
      `{{ $value }} replica(s) of ${t.namespace}/${t.deployment} available, fewer than desired, for ${th.operatorDownFor}.`,
    ),
    // increase() and rate() extrapolate to the window's edges, so $value is rarely a round
    // number (3.2142857142857144 restarts): the descriptions below print it rounded.
    rule(
      `${prefix}CrashLooping`,
      `increase(kube_pod_container_status_restarts_total{${ksm}, pod=~"${t.deployment}-[a-z0-9]+-[a-z0-9]+"}[15m]) >= ${th.crashLoopRestarts}`,
      '0m',
      'critical',
      `A ${t.title} pod in ${t.namespace} is restarting`,
      'Pod {{ $labels.pod }} restarted {{ $value | printf "%.0f" }} times in 15 minutes.',
    ),
    rule(
      `${prefix}ReconcileErrors`,
      `sum by (namespace, job, controller) (rate(controller_runtime_reconcile_errors_total{${job(t)}}[5m])) > ${th.reconcileErrorsPerSecond}`,
      '15m',
      'warning',
      `The ${t.title} in ${t.namespace} keeps failing to reconcile`,
      'Controller {{ $labels.controller }} fails {{ $value | printf "%.2f" }} reconciles per second.',
    ),
  ];
  if (t.webhooks) {
    rules.push(
      rule(
        `${prefix}WebhookErrors`,
        `sum by (namespace, job, webhook) (rate(controller_runtime_webhook_requests_total{${job(t)}, code=~"5.."}[5m])) > 0`,
        th.webhookErrorsFor,
        'critical',
        `Admission webhooks of the ${t.title} in ${t.namespace} are failing`,
        'Webhook {{ $labels.webhook }} answers with 5xx; with failurePolicy Fail the API server rejects the requests it serves.',
      ),
    );
  }
  return { name: `${t.deployment}.${t.namespace}`, rules };
}

/** What only the control-plane operator knows: stuck clusters, DCs and tasks, unreachable data planes. */
export function controlPlaneRules(t: ScrapeTarget, th: ResolvedThresholds): RuleGroup {
  const m = OPERATOR_METRICS;
  return {
    name: `mission-control-platform.${t.namespace}`,
    rules: [
      rule(
        'MissionControlClusterStuck',
        `time() - max by (namespace, cluster_namespace, cluster) (${m.clusterProgressingSince}{${job(t)}}) > ${th.clusterStuckSeconds}`,
        '0m',
        'warning',
        'A MissionControlCluster has been Progressing too long',
        `{{ $labels.cluster_namespace }}/{{ $labels.cluster }} has been Progressing for more than ${th.clusterStuckSeconds} s.`,
      ),
      rule(
        'MissionControlDatacenterNotReady',
        `time() - max by (namespace, cluster_namespace, cluster, datacenter, data_plane) (${m.datacenterNotReadySince}{${job(t)}}) > ${th.clusterStuckSeconds}`,
        '0m',
        'warning',
        'A datacenter has not been Ready for too long',
        `Datacenter {{ $labels.datacenter }} of {{ $labels.cluster_namespace }}/{{ $labels.cluster }} in data plane {{ $labels.data_plane }} has not been Ready for more than ${th.clusterStuckSeconds} s.`,
      ),
      rule(
        'MissionControlTaskStuck',
        `time() - max by (namespace, task_namespace, task) (${m.taskRunningSince}{${job(t)}}) > ${th.taskStuckSeconds}`,
        '0m',
        'warning',
        'A MissionControlTask has been running too long',
        `{{ $labels.task_namespace }}/{{ $labels.task }} has been running for more than ${th.taskStuckSeconds} s.`,
      ),
      rule(
        'MissionControlDataPlaneUnreachable',
        `max by (data_plane) (${m.dataPlaneReachable}{${job(t)}}) == 0`,
        th.dataPlaneUnreachableFor,
        'critical',
        'A data plane is unreachable from the control plane',
        `The control-plane operator has not reached data plane {{ $labels.data_plane }} for ${th.dataPlaneUnreachableFor}; its DCs keep running but receive no changes.`,
      ),
    ],
  };
}
