import { withRegistry } from '../image';
import type { KubeObject } from '../kube-object';
import { componentLabels, selectorLabels } from '../labels';
import { CONFIG_HASH_ANNOTATION } from './config-hash';
import type { CassOperatorProps } from '../model/operators';
import { CASS_OPERATOR_VERSION, cassOperatorImage } from '../versions';
import { webhookCertificate } from './cert-manager';
import { operatorDeployment, service, WEBHOOK_CERT_DIR, zapLogLevel } from './operator-deployment';
import { CRUD, grant, leaderElectionRules, READ, rule, serviceAccount, STATUS_WRITE } from './rbac';
import { webhookConfiguration } from './webhooks';
import type { OperatorResources } from '../sizing/operator-sizing';

export const CASS_OPERATOR_NAME = 'cass-operator-controller-manager';
/** The Service of the operator's admission webhooks. */
export const CASS_OPERATOR_WEBHOOK_SERVICE = 'cass-operator-webhook-service';
const SERVING_CERT = 'cass-operator-serving-cert';
const WEBHOOK_SECRET = 'cass-operator-webhook-server-cert';
/** LeaderElectionID in upstream's cmd/main.go; the Lease lives in the operator's namespace. */
export const CASS_OPERATOR_LEADER_ELECTION_ID = 'b569adb7.cassandra.datastax.com';

/** Where and how cass-operator is installed: what the platform decides, beside the user's props. */
export interface CassOperatorInput {
  /** Namespace of the operator's Deployment and namespaced RBAC. */
  namespace: string;
  /** `WATCH_NAMESPACE`: undefined means the operator's own namespace (downward API). */
  watchNamespace: string | undefined;
  /** Whether the operator's RBAC is cluster-wide (ClusterRoles), as watching several namespaces needs. */
  clusterScoped: boolean;
  /** The user's settings of the operator: version, image, resources, log level, replicas. */
  props: CassOperatorProps;
  /**
   * Requests and limits the operator gets where `props.resources` sets none (lib/core/sizing/).
   * @default - upstream's figures
   */
  sizedResources?: OperatorResources;
  /**
   * Hash of the ImageConfig, read only at start-up; a change rolls the pods.
   * @default - no hash annotation
   */
  configHash?: string;
}

/** The manager rules of upstream's role.yaml, no broader. */
export function cassOperatorRules() {
  return [
    rule('', ['configmaps'], READ),
    rule('', ['events'], ['create', 'get', 'list', 'patch', 'watch']),
    rule('', ['endpoints', 'endpoints/restricted'], ['delete', 'list', 'watch']),
    rule('', ['namespaces'], ['get']),
    rule('', ['persistentvolumeclaims', 'secrets', 'services'], CRUD),
    rule('', ['pods'], ['delete', 'get', 'list', 'patch', 'update', 'watch']),
    rule('apps', ['statefulsets'], CRUD),
    rule('cassandra.datastax.com', ['cassandradatacenters'], CRUD),
    rule('cassandra.datastax.com', ['cassandradatacenters/status'], STATUS_WRITE),
    rule('cassandra.datastax.com', ['cassandradatacenters/finalizers'], ['delete', 'update']),
    rule('control.k8ssandra.io', ['cassandratasks', 'scheduledtasks'], CRUD),
    rule('control.k8ssandra.io', ['cassandratasks/status', 'scheduledtasks/status'], STATUS_WRITE),
    rule('control.k8ssandra.io', ['cassandratasks/finalizers', 'scheduledtasks/finalizers'], ['update']),
    rule('discovery.k8s.io', ['endpointslices'], CRUD),
    rule('events.k8s.io', ['events'], ['create', 'patch']),
    rule('policy', ['poddisruptionbudgets'], CRUD),
  ];
}

/** cass-operator with its webhooks served (they start only when `--webhook-cert-path` is set). */
export function cassOperator(input: CassOperatorInput): KubeObject[] {
  const { namespace, props } = input;
  const version = props.version ?? CASS_OPERATOR_VERSION;
  const labels = { ...componentLabels('cass-operator', 'operator', 'k8ssandra'), 'app.kubernetes.io/version': version };
  const sa = { name: CASS_OPERATOR_NAME, namespace };
  const clusterName = (base: string) => `${base}-${namespace}`;
  const selector = selectorLabels(CASS_OPERATOR_NAME);
  return [
    serviceAccount(CASS_OPERATOR_NAME, namespace, labels),
    // StorageClasses are cluster-scoped: cass-operator needs to read them in every mode.
    ...grant(clusterName('cass-operator-storageclass-reader'), undefined, labels, [rule('storage.k8s.io', ['storageclasses'], READ)], sa),
    ...grant(input.clusterScoped ? clusterName('cass-operator-manager') : 'cass-operator-manager', input.clusterScoped ? undefined : namespace, labels, cassOperatorRules(), sa),
    ...grant('cass-operator-leader-election', namespace, labels, leaderElectionRules(CASS_OPERATOR_LEADER_ELECTION_ID), sa),
    service(CASS_OPERATOR_WEBHOOK_SERVICE, namespace, labels, selector, [{ name: 'webhook', port: 443, targetPort: 9443 }]),
    service('cass-operator-metrics', namespace, labels, selector, [{ name: 'https', port: 8443, targetPort: 'metrics' }]),
    ...webhookCertificate({ prefix: 'cass-operator', namespace, labels, serviceName: CASS_OPERATOR_WEBHOOK_SERVICE, certificateName: SERVING_CERT, secretName: WEBHOOK_SECRET }),
    operatorDeployment({
      name: CASS_OPERATOR_NAME,
      namespace,
      labels,
      serviceAccountName: CASS_OPERATOR_NAME,
      image: withRegistry(props.image ?? cassOperatorImage(version), props.registry),
      replicas: props.replicas ?? 1,
      ...(input.configHash ? { podAnnotations: { [CONFIG_HASH_ANNOTATION]: input.configHash } } : {}),
      containerName: 'manager',
      command: ['/manager'],
      args: [
        '--leader-elect',
        '--health-probe-bind-address=:8081',
        '--metrics-bind-address=:8443',
        `--webhook-cert-path=${WEBHOOK_CERT_DIR}`,
        `--zap-log-level=${zapLogLevel(props.logLevel)}`,
      ],
      env: [
        input.watchNamespace === undefined
          ? { name: 'WATCH_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }
          : { name: 'WATCH_NAMESPACE', value: input.watchNamespace },
      ],
      ports: [
        { name: 'webhook', containerPort: 9443 },
        { name: 'metrics', containerPort: 8443 },
        { name: 'health', containerPort: 8081 },
      ],
      healthPort: 'health',
      props,
      defaultResources: input.sizedResources,
      webhookCertSecret: WEBHOOK_SECRET,
      readyWhenListening: 'webhook',
    }),
    webhookConfiguration({
      kind: 'ValidatingWebhookConfiguration',
      name: clusterName('cass-operator-validating-webhook-configuration'),
      labels,
      namespace,
      serviceName: CASS_OPERATOR_WEBHOOK_SERVICE,
      certificateName: SERVING_CERT,
      webhooks: [{ name: 'vcassandradatacenter.kb.io', path: '/validate-cassandra-datastax-com-v1beta1-cassandradatacenter', apiGroup: 'cassandra.datastax.com', apiVersion: 'v1beta1', resource: 'cassandradatacenters' }],
    }),
    webhookConfiguration({
      kind: 'MutatingWebhookConfiguration',
      name: clusterName('cass-operator-mutating-webhook-configuration'),
      labels,
      namespace,
      serviceName: CASS_OPERATOR_WEBHOOK_SERVICE,
      certificateName: SERVING_CERT,
      webhooks: [{ name: 'mcassandradatacenter.kb.io', path: '/mutate-cassandra-datastax-com-v1beta1-cassandradatacenter', apiGroup: 'cassandra.datastax.com', apiVersion: 'v1beta1', resource: 'cassandradatacenters' }],
    }),
  ];
}
