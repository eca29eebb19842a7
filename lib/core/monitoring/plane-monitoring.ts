import { controlPlaneRules, operatorRules, type RuleGroup } from './alert-rules';
import { cassOperatorMetricsAuth } from './cass-operator-metrics-auth';
import { dashboardConfigMap } from './dashboard';
import { prometheusRule } from './prometheus-rule';
import { cassOperatorTarget, k8ssandraOperatorTarget, missionControlOperatorTarget, type ScrapeTarget } from './scrape-target';
import { serviceMonitor } from './service-monitor';
import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { resolveThresholds, type MonitoringOptions } from '../model/monitoring';
import type { ControlPlaneSpec, DataPlaneSpec } from '../model/platform';

const labelsFor = (name: string, options: MonitoringOptions) => ({ ...componentLabels(name, 'monitoring'), ...options.labels });

/** ServiceMonitor and PrometheusRule of one operator; `extra` are rule groups only it evaluates. */
function operatorMonitoring(target: ScrapeTarget, options: MonitoringOptions, extra: readonly RuleGroup[] = []): KubeObject[] {
  if (!options.prometheusOperator) return [];
  const labels = labelsFor(target.appName, options);
  const thresholds = resolveThresholds(options.thresholds);
  return [serviceMonitor(target, labels), prometheusRule(`${target.deployment}-alerts`, target.namespace, labels, [operatorRules(target, thresholds), ...extra])];
}

function dashboard(plane: string, namespace: string, targets: readonly ScrapeTarget[], options: MonitoringOptions): KubeObject[] {
  return options.grafanaDashboard ? [dashboardConfigMap(plane, namespace, targets, labelsFor(plane, options))] : [];
}

/** The control-plane operator's monitoring, with the platform alerts only it can raise. */
export function controlPlaneMonitoring(cp: ControlPlaneSpec): KubeObject[] {
  const options = cp.monitoring ?? {};
  const target = missionControlOperatorTarget(cp.namespace);
  return [
    ...operatorMonitoring(target, options, [controlPlaneRules(target, resolveThresholds(options.thresholds))]),
    ...dashboard('mission-control-control-plane', cp.namespace, [target], options),
  ];
}

/** The control plane's own k8ssandra-operator, when it installs one. */
export function controlPlaneK8ssandraMonitoring(cp: ControlPlaneSpec): KubeObject[] {
  return operatorMonitoring(k8ssandraOperatorTarget(cp.k8ssandra.namespace), cp.monitoring ?? {});
}

/** A data plane's two operators, cass-operator's metrics access included. */
export function dataPlaneMonitoring(dp: DataPlaneSpec): KubeObject[] {
  const options = dp.monitoring ?? {};
  const targets = [k8ssandraOperatorTarget(dp.namespace), cassOperatorTarget(dp.namespace)];
  return [
    ...(options.prometheusOperator ? cassOperatorMetricsAuth(dp.namespace) : []),
    ...targets.flatMap((t) => operatorMonitoring(t, options)),
    ...dashboard(`mission-control-data-plane-${dp.name}`, dp.namespace, targets, options),
  ];
}
