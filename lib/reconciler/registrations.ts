import type { KubeObject } from '../core/kube-object';
import { OperatorScope, type DataPlaneSpec } from '../core/model/platform';

/** What a DataPlaneRegistration says, plus where its kubeconfig lives. */
export interface Registration {
  readonly dataPlane: DataPlaneSpec;
  readonly kubeconfigSecret: { readonly name: string; readonly key: string };
}

/**
 * Reads a registration into the data-plane model the core's validation and placement take.
 * Operator settings do not matter to placement, so they stay at their defaults.
 */
export function registrationFrom(obj: KubeObject): Registration {
  const spec = (obj.spec ?? {}) as { region?: string; zones?: string[]; namespace?: string; kubeconfigSecretRef?: { name: string; key?: string }; inControlPlaneCluster?: boolean };
  return {
    dataPlane: {
      path: `${obj.metadata.namespace}/${obj.metadata.name}`,
      name: obj.metadata.name,
      region: spec.region ?? '',
      zones: [...(spec.zones ?? [])],
      namespace: spec.namespace ?? 'k8ssandra-operator',
      scope: OperatorScope.NAMESPACE,
      watchNamespaces: [],
      k8ssandraOperator: {},
      cassOperator: {},
      crds: { type: 'none' },
      inControlPlaneCluster: spec.inControlPlaneCluster ?? false,
    },
    kubeconfigSecret: { name: spec.kubeconfigSecretRef?.name ?? '', key: spec.kubeconfigSecretRef?.key ?? 'kubeconfig' },
  };
}
