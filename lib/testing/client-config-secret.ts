import { stringify } from 'yaml';
import type { ApiServerPlane } from './api-servers';
import { applyObjects } from './apply';
import { clientConfigSecretName } from '../core/manifests/client-config';
import { CONTROL_PLANE_ACCESS_NAME } from '../core/manifests/control-plane-access';
import { KUBECONFIG_SECRET_KEY, kubeconfigSecretName } from '../core/manifests/data-plane-registration';
import { statusMessage } from '../kube/http';

/** Options of {@link createClientConfigSecret}. */
export interface ClientConfigSecretOptions {
  /** The cluster of the control plane: where the ClientConfig and its Secret are. */
  readonly controlPlane: ApiServerPlane;
  /** The cluster of the remote data plane the kubeconfig reaches. */
  readonly dataPlane: ApiServerPlane;
  /** The data plane's name in the model: the ClientConfig's context and every DC's `k8sContext`. */
  readonly dataPlaneName: string;
  /**
   * Namespace of the control-plane k8ssandra-operator (the ClientConfig's) and of the data
   * plane (where `mission-control-access` lives).
   * @default 'k8ssandra-operator'
   */
  readonly namespace?: string;
  /**
   * Also create `data-plane-<name>-kubeconfig` in this namespace of the control plane, for the
   * `DataPlaneRegistration` the control-plane operator reads (the same kubeconfig).
   * @default none
   */
  readonly registrationNamespace?: string;
  /**
   * Lifetime of the service-account token in the kubeconfig, in seconds.
   * @default 86400 (a day: longer than any test)
   */
  readonly expirationSeconds?: number;
}

/**
 * A kubeconfig with one context named `context`: the server's URL and CA, and a bearer token.
 * Contexts, clusters and users carry the same name, as `kubectl k8ssandra register` writes them.
 */
export function tokenKubeconfig(context: string, server: string, caPem: string, token: string): string {
  return stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': [{ name: context, cluster: { 'server': server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    'users': [{ name: context, user: { token } }],
    'contexts': [{ name: context, context: { cluster: context, user: context } }],
    'current-context': context,
  });
}

/**
 * A kubeconfig for the data plane's API server with a token of its `mission-control-access`
 * ServiceAccount (TokenRequest), its one context named after the data plane: what the
 * ClientConfig's Secret and the control-plane operator's registration Secret hold. A data
 * plane sharing the control plane's cluster needs it for the registration only.
 */
export async function controlPlaneAccessKubeconfig(options: Pick<ClientConfigSecretOptions, 'dataPlane' | 'dataPlaneName' | 'namespace' | 'expirationSeconds'>): Promise<string> {
  const namespace = options.namespace ?? 'k8ssandra-operator';
  const res = await options.dataPlane.http.request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${CONTROL_PLANE_ACCESS_NAME}/token`, {
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: options.expirationSeconds ?? 86_400 } },
  });
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`TokenRequest for ${namespace}/${CONTROL_PLANE_ACCESS_NAME} in ${options.dataPlane.name}: HTTP ${res.status} ${statusMessage(res)}`);
  }
  const token = (res.body as { status: { token: string } }).status.token;
  return tokenKubeconfig(options.dataPlaneName, options.dataPlane.url, options.dataPlane.caCertPem, token);
}

/**
 * Step 3 of the README's install order, done out of band as an operator would: a token of the
 * `mission-control-access` ServiceAccount the library synthesises in the data plane (through
 * the TokenRequest API, so nothing depends on the token controller's timing), wrapped in a
 * kubeconfig for the data plane's API server, stored as the `<name>-kubeconfig` Secret the
 * data plane's ClientConfig names. The data-plane folder must be applied first. The URL is
 * the one the harness's relays make reachable from every operator sandbox.
 * Returns the kubeconfig.
 */
export async function createClientConfigSecret(options: ClientConfigSecretOptions): Promise<string> {
  const namespace = options.namespace ?? 'k8ssandra-operator';
  const kubeconfig = await controlPlaneAccessKubeconfig(options);
  const secret = (name: string, ns: string) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name, namespace: ns },
    stringData: { [KUBECONFIG_SECRET_KEY]: kubeconfig },
  });
  const objects = [secret(clientConfigSecretName(options.dataPlaneName), namespace)];
  if (options.registrationNamespace) objects.push(secret(kubeconfigSecretName(options.dataPlaneName), options.registrationNamespace));
  const report = await applyObjects(options.controlPlane, objects);
  if (report.rejected.length) throw new Error(`kubeconfig Secret in ${options.controlPlane.name}: ${report.rejected.map((r) => r.message).join('; ')}`);
  return kubeconfig;
}
