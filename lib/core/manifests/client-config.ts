import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import type { DataPlaneSpec } from '../model/platform';

export const CLIENT_CONFIG_API_VERSION = 'config.k8ssandra.io/v1beta1';

/**
 * Name of the Secret (in the control-plane k8ssandra-operator's namespace) whose
 * `kubeconfig` key holds the kubeconfig of a data plane, with one context named after the
 * data plane. Created out of band: it holds a credential.
 */
export const clientConfigSecretName = (dataPlane: string): string => `${dataPlane}-kubeconfig`;

/**
 * How the control-plane k8ssandra-operator reaches a remote data plane. Upstream reads
 * ClientConfigs from the namespaces it watches, only at start-up, and loads the Secret from
 * the ClientConfig's own namespace. `contextName` is explicit and equal to the data plane's
 * name, which is every DC's `k8sContext` there.
 */
export function clientConfig(dp: DataPlaneSpec, namespace: string): KubeObject {
  return {
    apiVersion: CLIENT_CONFIG_API_VERSION,
    kind: 'ClientConfig',
    metadata: {
      name: dp.name,
      namespace,
      labels: componentLabels(dp.name, 'client-config', 'k8ssandra'),
    },
    spec: {
      contextName: dp.name,
      kubeConfigSecret: { name: clientConfigSecretName(dp.name) },
    },
  };
}
