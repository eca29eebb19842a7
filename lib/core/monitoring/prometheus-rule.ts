import type { RuleGroup } from './alert-rules';
import type { KubeObject } from '../kube-object';

/** A PrometheusRule holding rule groups exactly as a promtool rule file would. */
export function prometheusRule(name: string, namespace: string, labels: Record<string, string>, groups: readonly RuleGroup[]): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name, namespace, labels },
    spec: {
      groups: groups.map((g) => ({
        name: g.name,
        rules: g.rules.map((r) => ({ alert: r.alert, expr: r.expr, for: r.for, labels: { ...r.labels }, annotations: { ...r.annotations } })),
      })),
    },
  };
}
