import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { CASS_OPERATOR_NAME } from '../manifests/cass-operator';
import { grant, rule } from '../manifests/rbac';

/**
 * cass-operator guards /metrics with controller-runtime's authn/authz filter, which asks the
 * API server to review the scraper's token and its right to GET /metrics. Upstream's manifests
 * leave this out, so every scrape fails until the operator may create these reviews; it is
 * only granted when the metrics are scraped. The scraper's own `nonResourceURLs: [/metrics]`
 * permission is the Prometheus' (kube-prometheus and the Prometheus Operator's examples grant it).
 */
export function cassOperatorMetricsAuth(namespace: string): KubeObject[] {
  const labels = componentLabels('cass-operator', 'monitoring', 'k8ssandra');
  return grant(`cass-operator-metrics-auth-${namespace}`, undefined, labels, [
    rule('authentication.k8s.io', ['tokenreviews'], ['create']),
    rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  ], { name: CASS_OPERATOR_NAME, namespace });
}
