import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { cassOperator, type CassOperatorInput } from './cass-operator';
import { configHash } from './config-hash';
import { controlPlaneAccess } from './control-plane-access';
import { dataPlaneRegistration } from './data-plane-registration';
import { imageConfig } from './image-config';
import { k8ssandraOperator, type K8ssandraOperatorInput } from './k8ssandra-operator';
import { missionControlCrds } from './mission-control-crds';
import { missionControlOperator } from './mission-control-operator';
import { namespace } from './namespace';
import type { MissionControlOperatorProps } from '../model/operators';
import { OperatorScope, type ControlPlaneSpec, type DataPlaneSpec } from '../model/platform';
import { CASS_OPERATOR_VERSION } from '../versions';

/**
 * The control plane in parts, so front ends can give each part its own construct or
 * component while the content comes from here alone.
 */
export interface ControlPlaneParts {
  readonly namespace: KubeObject[];
  readonly crds: KubeObject[];
  readonly operator: { readonly namespace: string } & MissionControlOperatorProps;
}

export function controlPlaneParts(cp: ControlPlaneSpec): ControlPlaneParts {
  return {
    namespace: [namespace(cp.namespace, componentLabels(cp.namespace, 'control-plane'), 'restricted')],
    crds: missionControlCrds(),
    operator: { namespace: cp.namespace, ...cp.operator },
  };
}

/** Everything the control-plane cluster gets, apart from clusters and tasks. */
export function controlPlaneObjects(cp: ControlPlaneSpec, dataPlanes: readonly DataPlaneSpec[]): KubeObject[] {
  const parts = controlPlaneParts(cp);
  const { namespace: ns, ...operator } = parts.operator;
  return [
    ...parts.namespace,
    ...parts.crds,
    ...missionControlOperator(ns, operator),
    ...dataPlanes.map((dp) => dataPlaneRegistration(cp.namespace, dp)),
  ];
}

/** `WATCH_NAMESPACE`: undefined = own namespace (downward API); "" = all; "a,b" = those. */
export function watchNamespace(dp: DataPlaneSpec): string | undefined {
  if (dp.scope === OperatorScope.NAMESPACE) return undefined;
  return [...dp.watchNamespaces].join(',');
}

export interface DataPlaneParts {
  readonly namespace: KubeObject[];
  readonly imageConfig: KubeObject[];
  readonly k8ssandraOperator: K8ssandraOperatorInput;
  readonly cassOperator: CassOperatorInput;
  readonly controlPlaneAccess: KubeObject[];
}

export function dataPlaneParts(dp: DataPlaneSpec): DataPlaneParts {
  const clusterScoped = dp.scope === OperatorScope.CLUSTER;
  const watch = watchNamespace(dp);
  const registry = dp.k8ssandraOperator.registry ?? dp.cassOperator.registry;
  const pullSecrets = [...new Set([...(dp.k8ssandraOperator.imagePullSecrets ?? []), ...(dp.cassOperator.imagePullSecrets ?? [])])];
  const images = [imageConfig({ namespace: dp.namespace, labels: componentLabels('image-config', 'config', 'k8ssandra'), registry, pullSecrets, cassOperatorVersion: dp.cassOperator.version ?? CASS_OPERATOR_VERSION })];
  // Both operators read the ImageConfig once, at start-up. Their webhook certificates need no
  // hash: controller-runtime's certificate watcher reloads the mounted Secret.
  const hash = configHash(images);
  return {
    namespace: [namespace(dp.namespace, componentLabels(dp.namespace, 'data-plane'), 'baseline')],
    imageConfig: images,
    k8ssandraOperator: { namespace: dp.namespace, watchNamespace: watch, clusterScoped, props: dp.k8ssandraOperator, configHash: hash },
    cassOperator: { namespace: dp.namespace, watchNamespace: watch, clusterScoped, props: dp.cassOperator, configHash: hash },
    controlPlaneAccess: controlPlaneAccess(dp.namespace),
  };
}

/** Everything one data-plane cluster gets except the upstream CRDs (see CrdSource). */
export function dataPlaneObjects(dp: DataPlaneSpec): KubeObject[] {
  const parts = dataPlaneParts(dp);
  return [
    ...parts.namespace,
    ...parts.imageConfig,
    ...k8ssandraOperator(parts.k8ssandraOperator),
    ...cassOperator(parts.cassOperator),
    ...parts.controlPlaneAccess,
  ];
}
