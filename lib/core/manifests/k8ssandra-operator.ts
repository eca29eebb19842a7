import { withRegistry } from '../image';
import type { KubeObject } from '../kube-object';
import { componentLabels, selectorLabels } from '../labels';
import { CONFIG_HASH_ANNOTATION } from './config-hash';
import type { K8ssandraOperatorProps } from '../model/operators';
import { K8SSANDRA_OPERATOR_VERSION, k8ssandraOperatorImage } from '../versions';
import { webhookCertificate } from './cert-manager';
import { fieldRefEnv, operatorDeployment, service, zapLogLevel } from './operator-deployment';
import { CRUD, grant, leaderElectionRules, READ, rule, serviceAccount, STATUS_WRITE, type PolicyRule } from './rbac';
import { webhookConfiguration } from './webhooks';
import type { OperatorResources } from '../sizing/operator-sizing';

export const K8SSANDRA_OPERATOR_NAME = 'k8ssandra-operator';
/** The Service of the operator's admission webhooks. */
export const K8SSANDRA_OPERATOR_WEBHOOK_SERVICE = 'k8ssandra-operator-webhook-service';
const SERVING_CERT = 'k8ssandra-operator-serving-cert';
const WEBHOOK_SECRET = 'k8ssandra-operator-webhook-server-cert';
/** LeaderElectionID in upstream's main.go; the Lease lives in the operator's namespace. */
export const K8SSANDRA_OPERATOR_LEADER_ELECTION_ID = 'dcabfccc.k8ssandra.io';

/** Where and how k8ssandra-operator is installed: what the platform decides, beside the user's props. */
export interface K8ssandraOperatorInput {
  /** Namespace of the operator's Deployment and namespaced RBAC. */
  namespace: string;
  /** `WATCH_NAMESPACE`: undefined means the operator's own namespace (downward API). */
  watchNamespace: string | undefined;
  /** Whether the operator's RBAC is cluster-wide (ClusterRoles), as watching several namespaces needs. */
  clusterScoped: boolean;
  /**
   * `K8SSANDRA_CONTROL_PLANE`: true for the one operator of the platform that reconciles
   * K8ssandraClusters (see k8ssandra-control-plane.ts); every other one runs in data-plane
   * mode and only serves the objects the control plane writes into its cluster.
   */
  controlPlane: boolean;
  /** The user's settings of the operator: version, image, resources, log level, replicas. */
  props: K8ssandraOperatorProps;
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

/** CRUD on a kind plus its status and finalizers subresources, as kubebuilder generates. */
function withSubresources(group: string, resources: string[], verbs = CRUD): PolicyRule[] {
  return [
    rule(group, resources, verbs),
    rule(group, resources.map((r) => `${r}/status`), STATUS_WRITE),
    rule(group, resources.map((r) => `${r}/finalizers`), ['update']),
  ];
}

/** The manager rules of upstream's generated role.yaml, no broader. */
export function k8ssandraOperatorRules(): PolicyRule[] {
  return [
    rule('', ['configmaps', 'endpoints', 'endpoints/restricted', 'secrets', 'services'], CRUD),
    rule('', ['events'], ['create', 'patch']),
    rule('', ['pods'], READ),
    rule('apps', ['deployments', 'statefulsets'], CRUD),
    rule('batch', ['cronjobs'], CRUD),
    rule('cassandra.datastax.com', ['cassandradatacenters'], CRUD),
    rule('config.k8ssandra.io', ['clientconfigs'], CRUD),
    ...withSubresources('control.k8ssandra.io', ['cassandratasks', 'k8ssandratasks']),
    rule('discovery.k8s.io', ['endpointslices', 'endpointslices/restricted'], CRUD),
    rule('monitoring.coreos.com', ['servicemonitors'], CRUD),
    ...withSubresources('k8ssandra.io', ['k8ssandraclusters']),
    ...withSubresources('medusa.k8ssandra.io', ['medusabackupjobs', 'medusabackups', 'medusabackupschedules', 'medusaconfigurations', 'medusatasks']),
    // Upstream never creates restore jobs itself; users do.
    ...withSubresources('medusa.k8ssandra.io', ['medusarestorejobs'], ['delete', 'get', 'list', 'patch', 'update', 'watch']),
    ...withSubresources('reaper.k8ssandra.io', ['reapers']),
    ...withSubresources('replication.k8ssandra.io', ['replicatedsecrets']),
    ...withSubresources('stargate.k8ssandra.io', ['stargates']),
  ];
}

/**
 * k8ssandra-operator, in control-plane or data-plane mode. In data-plane mode it still runs
 * the Medusa, Reaper and Stargate controllers next to the DCs, so backups and restores keep
 * working while the control plane is down.
 */
export function k8ssandraOperator(input: K8ssandraOperatorInput): KubeObject[] {
  const { namespace, props } = input;
  const version = props.version ?? K8SSANDRA_OPERATOR_VERSION;
  const labels = { ...componentLabels(K8SSANDRA_OPERATOR_NAME, 'operator', 'k8ssandra'), 'app.kubernetes.io/version': version };
  const sa = { name: K8SSANDRA_OPERATOR_NAME, namespace };
  const scopeNamespace = input.clusterScoped ? undefined : namespace;
  const clusterName = (base: string) => (input.clusterScoped ? `${base}-${namespace}` : base);
  const env: Array<Record<string, unknown>> = [
    input.watchNamespace === undefined ? fieldRefEnv('WATCH_NAMESPACE', 'metadata.namespace') : { name: 'WATCH_NAMESPACE', value: input.watchNamespace },
    { name: 'K8SSANDRA_CONTROL_PLANE', value: String(input.controlPlane) },
    fieldRefEnv('SERVICE_ACCOUNT_NAME', 'spec.serviceAccountName'),
    fieldRefEnv('OPERATOR_NAMESPACE', 'metadata.namespace'),
  ];
  if (props.registry) env.push({ name: 'DEFAULT_REGISTRY', value: props.registry });
  if (props.imagePullSecrets?.length) env.push({ name: 'IMAGE_PULL_SECRETS', value: props.imagePullSecrets.join(',') });

  return [
    serviceAccount(K8SSANDRA_OPERATOR_NAME, namespace, labels),
    ...grant(clusterName(K8SSANDRA_OPERATOR_NAME), scopeNamespace, labels, k8ssandraOperatorRules(), sa),
    // Upstream ships this Role bound to a ServiceAccount that does not exist; bound correctly here.
    ...grant(`${K8SSANDRA_OPERATOR_NAME}-leader-election`, namespace, labels, leaderElectionRules(K8SSANDRA_OPERATOR_LEADER_ELECTION_ID), sa),
    service(K8SSANDRA_OPERATOR_WEBHOOK_SERVICE, namespace, labels, selectorLabels(K8SSANDRA_OPERATOR_NAME), [{ name: 'webhook', port: 443, targetPort: 9443 }]),
    service(`${K8SSANDRA_OPERATOR_NAME}-metrics`, namespace, labels, selectorLabels(K8SSANDRA_OPERATOR_NAME), [{ name: 'metrics', port: 8080, targetPort: 'metrics' }]),
    ...webhookCertificate({
      prefix: K8SSANDRA_OPERATOR_NAME,
      namespace,
      labels,
      serviceName: K8SSANDRA_OPERATOR_WEBHOOK_SERVICE,
      certificateName: SERVING_CERT,
      secretName: WEBHOOK_SECRET,
    }),
    operatorDeployment({
      name: K8SSANDRA_OPERATOR_NAME,
      namespace,
      labels,
      // Upstream's pod label, kept for tooling that looks for it; nothing of ours selects on it.
      podLabels: { 'control-plane': K8SSANDRA_OPERATOR_NAME },
      ...(input.configHash ? { podAnnotations: { [CONFIG_HASH_ANNOTATION]: input.configHash } } : {}),
      serviceAccountName: K8SSANDRA_OPERATOR_NAME,
      image: withRegistry(props.image ?? k8ssandraOperatorImage(version), props.registry),
      replicas: props.replicas ?? 1,
      containerName: 'k8ssandra-operator',
      command: ['/manager'],
      // Upstream's manager.yaml leaves --leader-elect commented out; the flag is in main.go and
      // keeps the surge overlap of a rollout down to one reconciling pod.
      args: ['--leader-elect', '--health-probe-bind-address=:8081', '--metrics-bind-address=:8080', `--zap-log-level=${zapLogLevel(props.logLevel)}`],
      env,
      ports: [
        { name: 'webhook', containerPort: 9443 },
        { name: 'metrics', containerPort: 8080 },
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
      name: `${K8SSANDRA_OPERATOR_NAME}-validating-webhook-configuration-${namespace}`,
      labels,
      namespace,
      serviceName: K8SSANDRA_OPERATOR_WEBHOOK_SERVICE,
      certificateName: SERVING_CERT,
      webhooks: [
        { name: 'vk8ssandracluster.kb.io', path: '/validate-k8ssandra-io-v1alpha1-k8ssandracluster', apiGroup: 'k8ssandra.io', apiVersion: 'v1alpha1', resource: 'k8ssandraclusters' },
        { name: 'vmedusabackupschedule.kb.io', path: '/validate-medusa-k8ssandra-io-v1alpha1-medusabackupschedule', apiGroup: 'medusa.k8ssandra.io', apiVersion: 'v1alpha1', resource: 'medusabackupschedules' },
      ],
    }),
    webhookConfiguration({
      kind: 'MutatingWebhookConfiguration',
      name: `${K8SSANDRA_OPERATOR_NAME}-mutating-webhook-configuration-${namespace}`,
      labels,
      namespace,
      serviceName: K8SSANDRA_OPERATOR_WEBHOOK_SERVICE,
      certificateName: SERVING_CERT,
      webhooks: [
        {
          name: 'mpod.kb.io',
          path: '/mutate-v1-pod-secrets-inject',
          apiGroup: '',
          apiVersion: 'v1',
          resource: 'pods',
          // Without it a down operator blocks every Pod in the cluster (fail-closed webhook).
          objectSelector: { matchLabels: { 'app.kubernetes.io/created-by': 'cass-operator' } },
        },
      ],
    }),
  ];
}
