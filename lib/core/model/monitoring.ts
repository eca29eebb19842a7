/**
 * Alert thresholds. Durations are Prometheus durations (`'5m'`, `'1h30m'`) from one minute
 * to one day: shorter, one failed scrape raises the alert; longer, a day-long outage goes
 * unreported. Validation reports any other value with the rest of the platform's problems.
 */
export interface MonitoringThresholds {
  /**
   * How long an operator has no scrapeable pod, or fewer available replicas than desired,
   * before it alerts.
   * @default '5m'
   */
  readonly operatorDownFor?: string;
  /**
   * Container restarts of one operator pod within 15 minutes that count as crash-looping; a
   * whole number, at least 1.
   * @default 3
   */
  readonly crashLoopRestarts?: number;
  /**
   * Reconcile errors per second, per controller, that alert once sustained for 15 minutes;
   * above 0.
   * @default 0.05
   */
  readonly reconcileErrorsPerSecond?: number;
  /**
   * How long webhooks may answer with 5xx before it alerts.
   * @default '10m'
   */
  readonly webhookErrorsFor?: string;
  /**
   * Seconds a MissionControlCluster may stay Progressing, or one of its DCs not Ready; a whole
   * number, at least 60.
   * @default 1800
   */
  readonly clusterStuckSeconds?: number;
  /**
   * Seconds a MissionControlTask may run before it alerts; a whole number, at least 60.
   * @default 3600
   */
  readonly taskStuckSeconds?: number;
  /**
   * How long a data plane may be unreachable from the control-plane operator.
   * @default '5m'
   */
  readonly dataPlaneUnreachableFor?: string;
}

/** Opt-in monitoring of one plane's operators. */
export interface MonitoringOptions {
  /**
   * Emit ServiceMonitors and PrometheusRules for the Prometheus Operator (its CRDs must be
   * installed in the cluster). The crash-loop and replica alerts read kube-state-metrics.
   * @default false
   */
  readonly prometheusOperator?: boolean;
  /**
   * Emit a Grafana dashboard ConfigMap labelled `grafana_dashboard: "1"`, for the Grafana
   * sidecar to load.
   * @default false
   */
  readonly grafanaDashboard?: boolean;
  /**
   * Labels added to every monitoring object, e.g. what a Prometheus' `ruleSelector` and
   * `serviceMonitorSelector` match (`release: kube-prometheus-stack`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Alert thresholds.
   * @default - each threshold's own default
   */
  readonly thresholds?: MonitoringThresholds;
}

/** Every threshold filled in. */
export type ResolvedThresholds = Required<MonitoringThresholds>;

/** The thresholds a plane's alerts use unless its options say otherwise. */
export const DEFAULT_THRESHOLDS: ResolvedThresholds = {
  operatorDownFor: '5m',
  crashLoopRestarts: 3,
  reconcileErrorsPerSecond: 0.05,
  webhookErrorsFor: '10m',
  clusterStuckSeconds: 1800,
  taskStuckSeconds: 3600,
  dataPlaneUnreachableFor: '5m',
};

/** The given thresholds over the defaults; an undefined one keeps its default. */
export function resolveThresholds(given: MonitoringThresholds | undefined): ResolvedThresholds {
  return { ...DEFAULT_THRESHOLDS, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) };
}
