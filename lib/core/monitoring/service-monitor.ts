import type { KubeObject } from '../kube-object';
import type { ScrapeTarget } from './scrape-target';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * A ServiceMonitor for one operator's metrics Service. The selector includes `managed-by`:
 * upstream's Reaper and Stargate Services also carry `app.kubernetes.io/name: k8ssandra-operator`.
 * The port name keeps the webhook Service, which has the same labels, out.
 */
export function serviceMonitor(target: ScrapeTarget, labels: Record<string, string>): KubeObject {
  const endpoint: Record<string, unknown> = { port: target.port, path: '/metrics', scheme: target.scheme, interval: '30s' };
  if (target.scheme === 'https') {
    // The filter authenticates the scraper by its token and authorizes GET /metrics; the
    // certificate is the one controller-runtime generates at start, so it cannot be verified.
    endpoint.bearerTokenFile = SERVICE_ACCOUNT_TOKEN;
    endpoint.tlsConfig = { insecureSkipVerify: true };
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: target.deployment, namespace: target.namespace, labels },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/managed-by': 'mission-control-constructs', 'app.kubernetes.io/name': target.appName } },
      namespaceSelector: { matchNames: [target.namespace] },
      endpoints: [endpoint],
    },
  };
}
