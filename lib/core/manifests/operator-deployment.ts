import type { KubeObject } from '../kube-object';
import { selectorLabels } from '../labels';
import { RESTRICTED_POD_SECURITY_CONTEXT, restrictedContainerSecurityContext } from './pod-security';
import type { OperatorDeploymentProps } from '../model/operators';
import { LogLevel } from '../model/resources';
import { quantityValue } from '../quantity';
import type { OperatorResources } from '../sizing/operator-sizing';

/** The upstream operators' own figures (their kustomize manager.yaml). */
export const DEFAULT_OPERATOR_RESOURCES: OperatorResources = {
  requests: { cpu: '100m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '128Mi' },
};

export interface ContainerPort {
  name: string;
  containerPort: number;
}

export interface OperatorDeploymentInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Extra pod-template labels (e.g. upstream's webhook Service selector). */
  podLabels?: Record<string, string>;
  /** Pod-template annotations, e.g. the hash of start-up configuration. */
  podAnnotations?: Record<string, string>;
  serviceAccountName: string;
  image: string;
  replicas: number;
  containerName: string;
  command?: string[];
  args: string[];
  env: Array<Record<string, unknown>>;
  ports: ContainerPort[];
  healthPort: string;
  props: OperatorDeploymentProps;
  /** What `props.resources` is merged over. @default DEFAULT_OPERATOR_RESOURCES */
  defaultResources?: OperatorResources;
  /** Secret holding the webhook serving certificate, mounted where controller-runtime looks. */
  webhookCertSecret?: string;
  /**
   * Named container port whose listener makes the pod ready. For the webhook servers: upstream's
   * /readyz is a bare ping that answers before the webhook server listens, so in a surge
   * rollover the Service would send admission calls to a pod that refuses them, and the
   * fail-closed webhooks would reject writes for that moment.
   */
  readyWhenListening?: string;
  terminationGracePeriodSeconds?: number;
}

/** The directory controller-runtime reads webhook certificates from (under os.TempDir()). */
export const WEBHOOK_CERT_DIR = '/tmp/k8s-webhook-server/serving-certs';

/**
 * One operator Deployment, restricted-profile and probed. The root filesystem is read-only,
 * so /tmp is an emptyDir: controller-runtime and zap write there.
 */
export function operatorDeployment(input: OperatorDeploymentInput): KubeObject {
  const volumes: Array<Record<string, unknown>> = [{ name: 'tmp', emptyDir: {} }];
  const volumeMounts: Array<Record<string, unknown>> = [{ name: 'tmp', mountPath: '/tmp' }];
  if (input.webhookCertSecret) {
    volumes.push({ name: 'webhook-cert', secret: { secretName: input.webhookCertSecret, defaultMode: 0o444 } });
    volumeMounts.push({ name: 'webhook-cert', mountPath: WEBHOOK_CERT_DIR, readOnly: true });
  }
  const selector = selectorLabels(input.name);
  const podSpec: Record<string, unknown> = {
    serviceAccountName: input.serviceAccountName,
    automountServiceAccountToken: true,
    securityContext: RESTRICTED_POD_SECURITY_CONTEXT,
    terminationGracePeriodSeconds: input.terminationGracePeriodSeconds ?? 10,
    containers: [
      {
        name: input.containerName,
        image: input.image,
        imagePullPolicy: 'IfNotPresent',
        ...(input.command ? { command: input.command } : {}),
        args: input.args,
        env: input.env,
        ports: input.ports.map((p) => ({ ...p, protocol: 'TCP' })),
        livenessProbe: {
          httpGet: { path: '/healthz', port: input.healthPort },
          initialDelaySeconds: 15,
          periodSeconds: 20,
        },
        readinessProbe: {
          ...(input.readyWhenListening ? { tcpSocket: { port: input.readyWhenListening } } : { httpGet: { path: '/readyz', port: input.healthPort } }),
          initialDelaySeconds: 5,
          periodSeconds: 10,
        },
        resources: operatorResources(input.props, input.defaultResources ?? DEFAULT_OPERATOR_RESOURCES),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts,
      },
    ],
    volumes,
  };
  if (input.props.imagePullSecrets?.length) podSpec.imagePullSecrets = input.props.imagePullSecrets.map((name) => ({ name }));
  if (input.props.nodeSelector) podSpec.nodeSelector = input.props.nodeSelector;
  if (input.props.tolerations?.length) podSpec.tolerations = input.props.tolerations;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: selector },
      // Surge first, as upstream's default strategy does: the old pod keeps serving the
      // fail-closed webhooks until the new one is ready. Every operator runs with leader
      // election, so the overlap never has two pods reconciling.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: { ...input.labels, ...input.podLabels, ...selector },
          ...(input.podAnnotations ? { annotations: input.podAnnotations } : {}),
        },
        spec: podSpec,
      },
    },
  };
}

/**
 * The container's resources: what `props.resources` sets, the rest from `defaults`. A default
 * that would contradict a value the user set gives way to it (a request above the user's
 * limit is lowered to it, a limit below the user's request raised to it): Kubernetes refuses
 * a request above its limit.
 */
export function operatorResources(props: OperatorDeploymentProps, defaults: OperatorResources): { requests: Record<string, string>; limits: Record<string, string> } {
  const given = props.resources;
  const limits: Record<string, string> = { ...defaults.limits, ...given?.limits };
  const requests: Record<string, string> = { ...defaults.requests, ...given?.requests };
  for (const resource of ['cpu', 'memory'] as const) {
    const [request, limit] = [quantityValue(requests[resource]), quantityValue(limits[resource])];
    if (request === undefined || limit === undefined || request <= limit) continue;
    if (given?.requests?.[resource] === undefined) requests[resource] = limits[resource];
    else if (given?.limits?.[resource] === undefined) limits[resource] = requests[resource];
  }
  return { requests, limits };
}

/** A ClusterIP Service in front of named container ports. */
export function service(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  ports: Array<{ name: string; port: number; targetPort: number | string }>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: { type: 'ClusterIP', selector, ports: ports.map((p) => ({ ...p, protocol: 'TCP' })) },
  };
}

/** Downward-API environment variable. */
export function fieldRefEnv(name: string, fieldPath: string): Record<string, unknown> {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** controller-runtime's zap has no warn level worth using; warn maps to info. */
export function zapLogLevel(level: LogLevel = LogLevel.INFO): string {
  return level === LogLevel.DEBUG ? 'debug' : level === LogLevel.ERROR ? 'error' : 'info';
}
