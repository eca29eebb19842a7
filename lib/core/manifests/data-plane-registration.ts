import { DATA_PLANE_REGISTRATION_KIND, GROUP_VERSION } from '../api-group';
import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import type { DataPlaneSpec } from '../model/platform';

/** Name of the Secret (in the control plane) holding a data plane's kubeconfig. */
export const kubeconfigSecretName = (dataPlane: string): string => `data-plane-${dataPlane}-kubeconfig`;
export const KUBECONFIG_SECRET_KEY = 'kubeconfig';

/**
 * Registers a data plane with the control-plane operator. Kept beside upstream's ClientConfig
 * because it carries what a ClientConfig cannot: the region and zones (default racks), the
 * namespace the DCs land in, whether the data plane shares the control plane's cluster (it
 * then has no ClientConfig and its DCs no k8sContext), and a kubeconfig in the operator's own
 * namespace, so the operator needs no access to the k8ssandra-operator's Secrets. It uses
 * that kubeconfig to reach the data plane for DC-local tasks and their status. The Secret is
 * created out of band (it holds a credential, which never goes into synthesised output); it
 * may hold the same kubeconfig as the ClientConfig's, for the same `mission-control-access`
 * identity.
 */
export function dataPlaneRegistration(controlPlaneNamespace: string, dp: DataPlaneSpec): KubeObject {
  return {
    apiVersion: GROUP_VERSION,
    kind: DATA_PLANE_REGISTRATION_KIND,
    metadata: { name: dp.name, namespace: controlPlaneNamespace, labels: componentLabels(dp.name, 'data-plane-registration') },
    spec: {
      region: dp.region,
      zones: [...dp.zones],
      namespace: dp.namespace,
      kubeconfigSecretRef: { name: kubeconfigSecretName(dp.name), key: KUBECONFIG_SECRET_KEY },
      inControlPlaneCluster: dp.inControlPlaneCluster,
    },
  };
}
