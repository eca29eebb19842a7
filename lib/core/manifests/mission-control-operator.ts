import { API_GROUP } from '../api-group';
import { withRegistry } from '../image';
import type { KubeObject } from '../kube-object';
import { componentLabels, selectorLabels } from '../labels';
import type { MissionControlOperatorProps } from '../model/operators';
import { DEFAULT_DATA_PLANE_NAMESPACE } from '../model/platform';
import { LogLevel } from '../model/resources';
import { MISSION_CONTROL_OPERATOR_IMAGE, MISSION_CONTROL_OPERATOR_VERSION } from '../versions';
import { fieldRefEnv, operatorDeployment, service } from './operator-deployment';
import { grant, rule, serviceAccount } from './rbac';
import type { OperatorResources } from '../sizing/operator-sizing';

export const MISSION_CONTROL_OPERATOR_NAME = 'mission-control-operator';
export const OPERATOR_METRICS_PORT = 8080;
export const OPERATOR_HEALTH_PORT = 8081;
/** See MissionControlOperatorProps.resources for the figures behind them; the floor of its sizing. */
export const MISSION_CONTROL_OPERATOR_RESOURCES: OperatorResources = {
  requests: { cpu: '100m', memory: '64Mi' },
  limits: { cpu: '2', memory: '128Mi' },
};

/**
 * Exactly what lib/reconciler does in its own namespace. Every read goes through an informer
 * (list + watch, never get); writes are server-side apply (patch): the finalizer on
 * MissionControlClusters (finalizers.ts) and the status of our three kinds. It sets no owner
 * references (so no finalizers subresource). Core/v1 Events on its clusters and tasks are
 * created, and a repeat of the last one patched to count up (event-recorder.ts); it never reads
 * them. The Lease is read, created and renewed or released by update (leader-election.ts).
 */
export function missionControlOperatorRules() {
  return [
    rule(API_GROUP, ['missioncontrolclusters'], ['list', 'patch', 'watch']),
    rule(API_GROUP, ['missioncontroltasks', 'dataplaneregistrations'], ['list', 'watch']),
    rule(API_GROUP, ['missioncontrolclusters/status', 'missioncontroltasks/status', 'dataplaneregistrations/status'], ['patch']),
    rule('', ['secrets'], ['list', 'watch']),
    rule('', ['events'], ['create', 'patch']),
    rule('coordination.k8s.io', ['leases'], ['create', 'get', 'update']),
  ];
}

/** The control-plane reconciler: Deployment, identity, RBAC, metrics Service, PDB, NetworkPolicy. */
export function missionControlOperator(
  namespace: string,
  props: MissionControlOperatorProps,
  k8ssandraNamespace = DEFAULT_DATA_PLANE_NAMESPACE,
  sizedResources: OperatorResources = MISSION_CONTROL_OPERATOR_RESOURCES,
): KubeObject[] {
  const name = MISSION_CONTROL_OPERATOR_NAME;
  const labels = { ...componentLabels(name, 'operator'), 'app.kubernetes.io/version': MISSION_CONTROL_OPERATOR_VERSION };
  const replicas = props.replicas ?? 2;
  const selector = selectorLabels(name);
  const deployment = operatorDeployment({
    name,
    namespace,
    labels,
    serviceAccountName: name,
    image: withRegistry(props.image ?? MISSION_CONTROL_OPERATOR_IMAGE, props.registry),
    replicas,
    containerName: 'operator',
    args: [
      '--namespace=$(POD_NAMESPACE)',
      // Where it writes K8ssandraClusters when no data plane shares its cluster.
      `--k8ssandra-namespace=${k8ssandraNamespace}`,
      '--leader-elect',
      `--metrics-bind-address=:${OPERATOR_METRICS_PORT}`,
      `--health-probe-bind-address=:${OPERATOR_HEALTH_PORT}`,
      `--log-level=${props.logLevel ?? LogLevel.INFO}`,
    ],
    env: [fieldRefEnv('POD_NAME', 'metadata.name'), fieldRefEnv('POD_NAMESPACE', 'metadata.namespace')],
    ports: [
      { name: 'metrics', containerPort: OPERATOR_METRICS_PORT },
      { name: 'health', containerPort: OPERATOR_HEALTH_PORT },
    ],
    healthPort: 'health',
    props,
    defaultResources: sizedResources,
    terminationGracePeriodSeconds: 30,
  });
  // Spread replicas over nodes so one node loss never takes the only leader candidate.
  const podSpec = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  podSpec.topologySpreadConstraints = [
    { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
  ];
  const objects: KubeObject[] = [
    serviceAccount(name, namespace, labels),
    ...grant(name, namespace, labels, missionControlOperatorRules(), { name, namespace }),
    service(`${name}-metrics`, namespace, labels, selector, [{ name: 'metrics', port: OPERATOR_METRICS_PORT, targetPort: 'metrics' }]),
    deployment,
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        // Only metrics are served to the network; probes come from the kubelet.
        ingress: [{ ports: [{ protocol: 'TCP', port: OPERATOR_METRICS_PORT }] }],
      },
    },
  ];
  if (replicas >= 2) {
    objects.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace, labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    });
  }
  return objects;
}
