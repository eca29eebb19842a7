import { CASS_OPERATOR_NAME } from '../manifests/cass-operator';
import { K8SSANDRA_OPERATOR_NAME } from '../manifests/k8ssandra-operator';
import { MISSION_CONTROL_OPERATOR_NAME } from '../manifests/mission-control-operator';

/** One operator's metrics endpoint, as its Deployment and metrics Service expose it. */
export interface ScrapeTarget {
  /** Deployment name; its pods are named `<deployment>-<hash>-<hash>`. */
  readonly deployment: string;
  readonly namespace: string;
  /** `app.kubernetes.io/name` of the operator's objects. */
  readonly appName: string;
  /** The metrics Service; Prometheus names the scrape job after it. */
  readonly service: string;
  /** Name of the Service port serving /metrics. */
  readonly port: string;
  readonly scheme: 'http' | 'https';
  /** Whether the operator serves admission webhooks (controller-runtime webhook metrics). */
  readonly webhooks: boolean;
  /** Human name for alert text and dashboard rows. */
  readonly title: string;
}

export const missionControlOperatorTarget = (namespace: string): ScrapeTarget => ({
  deployment: MISSION_CONTROL_OPERATOR_NAME,
  namespace,
  appName: MISSION_CONTROL_OPERATOR_NAME,
  service: `${MISSION_CONTROL_OPERATOR_NAME}-metrics`,
  port: 'metrics',
  scheme: 'http',
  webhooks: false,
  title: 'control-plane operator',
});

export const k8ssandraOperatorTarget = (namespace: string): ScrapeTarget => ({
  deployment: K8SSANDRA_OPERATOR_NAME,
  namespace,
  appName: K8SSANDRA_OPERATOR_NAME,
  service: `${K8SSANDRA_OPERATOR_NAME}-metrics`,
  port: 'metrics',
  scheme: 'http',
  webhooks: true,
  title: 'k8ssandra-operator',
});

/** cass-operator serves metrics over HTTPS behind controller-runtime's authn/authz filter. */
export const cassOperatorTarget = (namespace: string): ScrapeTarget => ({
  deployment: CASS_OPERATOR_NAME,
  namespace,
  appName: 'cass-operator',
  service: 'cass-operator-metrics',
  port: 'https',
  scheme: 'https',
  webhooks: true,
  title: 'cass-operator',
});
