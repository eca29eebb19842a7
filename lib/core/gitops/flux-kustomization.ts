import type { DeliveredFolder } from './delivery-order';
import { folderPath } from './delivery-path';
import type { FluxDeliveryOptions } from './flux-options';
import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';

export const FLUX_DEFAULTS = { namespace: 'flux-system', namePrefix: '', interval: '10m', sourceKind: 'GitRepository' } as const;

/**
 * One Kustomization per cluster folder; a folder depends on every folder of an earlier stage,
 * so the control plane waits for all data planes. Flux applies server-side, as the large
 * upstream CRDs need. Remote clusters are reached through a kubeconfig Secret, by name.
 */
export function fluxKustomizations(options: FluxDeliveryOptions, folders: readonly DeliveredFolder[]): KubeObject[] {
  const namespace = options.namespace ?? FLUX_DEFAULTS.namespace;
  const prefix = options.namePrefix ?? FLUX_DEFAULTS.namePrefix;
  const source = options.sourceRef;
  return folders.map((folder) => {
    const kubeConfig = options.kubeConfigs?.[folder.folder];
    const dependsOn = folders.filter((other) => other.stage < folder.stage).map((other) => ({ name: `${prefix}${other.folder}` }));
    return {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: `${prefix}${folder.folder}`, namespace, labels: componentLabels(folder.folder, 'delivery') },
      spec: {
        interval: options.interval ?? FLUX_DEFAULTS.interval,
        sourceRef: { kind: source.kind ?? FLUX_DEFAULTS.sourceKind, name: source.name, ...(source.namespace ? { namespace: source.namespace } : {}) },
        path: `./${folderPath(options.pathPrefix, folder.folder)}`,
        prune: options.prune ?? true,
        wait: options.wait ?? true,
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
        ...(kubeConfig ? { kubeConfig: { secretRef: { name: kubeConfig.secretName, ...(kubeConfig.key ? { key: kubeConfig.key } : {}) } } } : {}),
      },
    };
  });
}
