import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { cassOperator, type CassOperatorInput } from './cass-operator';
import { clientConfig } from './client-config';
import { configHash } from './config-hash';
import { controlPlaneAccess } from './control-plane-access';
import { dataPlaneRegistration } from './data-plane-registration';
import { imageConfig } from './image-config';
import { k8ssandraClusterAccess } from './k8ssandra-cluster-access';
import { k8ssandraOperator, type K8ssandraOperatorInput } from './k8ssandra-operator';
import { missionControlCrds } from './mission-control-crds';
import { missionControlOperator } from './mission-control-operator';
import { namespace } from './namespace';
import type { K8ssandraOperatorProps, MissionControlOperatorProps } from '../model/operators';
import { OperatorScope, type ControlPlaneSpec, type DataPlaneSpec } from '../model/platform';
import { controlPlaneK8ssandraMonitoring, controlPlaneMonitoring, dataPlaneMonitoring } from '../monitoring/plane-monitoring';
import { UNLOADED, type PlatformLoads } from '../sizing/operator-load';
import type { OperatorResources } from '../sizing/operator-sizing';
import { controlPlaneSizing, dataPlaneSizing } from '../sizing/plane-sizing';
import { k8ssandraControlPlane, remoteDataPlanes } from '../topology/k8ssandra-control-plane';
import { CASS_OPERATOR_VERSION } from '../versions';

/**
 * The control plane in parts, so front ends can give each part its own construct or
 * component while the content comes from here alone.
 */
export interface ControlPlaneParts {
  readonly namespace: KubeObject[];
  readonly crds: KubeObject[];
  readonly operator: { readonly namespace: string; readonly k8ssandraNamespace: string } & MissionControlOperatorProps;
  /** The control-plane operator's requests and limits where its props set none. */
  readonly operatorResources: OperatorResources;
  /** ServiceMonitor, PrometheusRule and dashboard of the control-plane operator, when asked for. */
  readonly monitoring: KubeObject[];
}

export function controlPlaneParts(cp: ControlPlaneSpec, loads: PlatformLoads = UNLOADED): ControlPlaneParts {
  return {
    namespace: [namespace(cp.namespace, componentLabels(cp.namespace, 'control-plane'), 'restricted')],
    crds: missionControlCrds(),
    operator: { namespace: cp.namespace, k8ssandraNamespace: cp.k8ssandra.namespace, ...cp.operator },
    operatorResources: controlPlaneSizing(loads).missionControlOperator,
    monitoring: controlPlaneMonitoring(cp),
  };
}

/** The control plane's own k8ssandra-operator, for a control-plane cluster that hosts no DCs. */
export interface ControlPlaneK8ssandraParts {
  readonly namespace: KubeObject[];
  readonly imageConfig: KubeObject[];
  readonly k8ssandraOperator: K8ssandraOperatorInput;
  /** Its ServiceMonitor and PrometheusRule, when the control plane's monitoring asks for them. */
  readonly monitoring: KubeObject[];
}

/** Upstream's operator refuses to start without the ImageConfig in its namespace. */
function imageConfigFor(ns: string, props: K8ssandraOperatorProps): KubeObject[] {
  return [imageConfig({
    namespace: ns,
    labels: componentLabels('image-config', 'config', 'k8ssandra'),
    registry: props.registry,
    pullSecrets: [...(props.imagePullSecrets ?? [])],
    // No cass-operator runs here; the operand images follow the platform's default pair.
    cassOperatorVersion: CASS_OPERATOR_VERSION,
  })];
}

/**
 * Undefined when a data plane shares the control plane's cluster: its k8ssandra-operator
 * then runs in control-plane mode, and a second one in the same cluster would fight it.
 * No cass-operator: this cluster hosts no DCs.
 */
export function controlPlaneK8ssandraParts(cp: ControlPlaneSpec, dataPlanes: readonly DataPlaneSpec[], loads: PlatformLoads = UNLOADED): ControlPlaneK8ssandraParts | undefined {
  const k8ssandra = k8ssandraControlPlane(cp, dataPlanes);
  if (k8ssandra.dataPlane) return undefined;
  const ns = k8ssandra.namespace;
  const images = imageConfigFor(ns, cp.k8ssandra.operator);
  return {
    // Baseline like a data plane's: upstream's operator pods do not meet 'restricted'.
    namespace: [namespace(ns, componentLabels(ns, 'k8ssandra-control-plane'), 'baseline')],
    imageConfig: images,
    k8ssandraOperator: {
      namespace: ns,
      watchNamespace: undefined,
      clusterScoped: false,
      controlPlane: true,
      props: cp.k8ssandra.operator,
      configHash: configHash(images),
      sizedResources: controlPlaneSizing(loads).k8ssandraOperator,
    },
    monitoring: controlPlaneK8ssandraMonitoring(cp),
  };
}

/** The objects of the control plane's own k8ssandra-operator, in declaration order. */
export function controlPlaneK8ssandraObjects(parts: ControlPlaneK8ssandraParts): KubeObject[] {
  return [...parts.namespace, ...parts.imageConfig, ...k8ssandraOperator(parts.k8ssandraOperator), ...parts.monitoring];
}

/** One ClientConfig per data plane in a cluster of its own, in the k8ssandra-operator's namespace. */
export function clientConfigs(cp: ControlPlaneSpec, dataPlanes: readonly DataPlaneSpec[]): KubeObject[] {
  const { namespace: ns } = k8ssandraControlPlane(cp, dataPlanes);
  return remoteDataPlanes(dataPlanes).map((dp) => clientConfig(dp, ns));
}

/** The control plane's own objects, whatever the data planes: namespace, CRDs, operator. */
export function controlPlaneBaseObjects(cp: ControlPlaneSpec, loads: PlatformLoads = UNLOADED): KubeObject[] {
  const parts = controlPlaneParts(cp, loads);
  const { namespace: ns, k8ssandraNamespace, ...operator } = parts.operator;
  return [...parts.namespace, ...parts.crds, ...missionControlOperator(ns, operator, k8ssandraNamespace, parts.operatorResources), ...parts.monitoring];
}

/** Everything the control-plane cluster gets, apart from clusters, tasks and upstream CRDs. */
export function controlPlaneObjects(cp: ControlPlaneSpec, dataPlanes: readonly DataPlaneSpec[], loads: PlatformLoads = UNLOADED): KubeObject[] {
  const ns = cp.namespace;
  const k8ssandra = controlPlaneK8ssandraParts(cp, dataPlanes, loads);
  return [
    ...controlPlaneBaseObjects(cp, loads),
    ...(k8ssandra ? controlPlaneK8ssandraObjects(k8ssandra) : []),
    ...k8ssandraClusterAccess(ns, k8ssandraControlPlane(cp, dataPlanes).namespace),
    ...clientConfigs(cp, dataPlanes),
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
  /** ServiceMonitors, PrometheusRules and dashboard of both operators, when asked for. */
  readonly monitoring: KubeObject[];
}

/**
 * A data plane's operators. Its k8ssandra-operator runs in data-plane mode, except in the
 * data plane sharing the control plane's cluster, where it is the platform's one operator in
 * control-plane mode.
 */
export function dataPlaneParts(dp: DataPlaneSpec, loads: PlatformLoads = UNLOADED): DataPlaneParts {
  const clusterScoped = dp.scope === OperatorScope.CLUSTER;
  const watch = watchNamespace(dp);
  const registry = dp.k8ssandraOperator.registry ?? dp.cassOperator.registry;
  const pullSecrets = [...new Set([...(dp.k8ssandraOperator.imagePullSecrets ?? []), ...(dp.cassOperator.imagePullSecrets ?? [])])];
  const images = [imageConfig({ namespace: dp.namespace, labels: componentLabels('image-config', 'config', 'k8ssandra'), registry, pullSecrets, cassOperatorVersion: dp.cassOperator.version ?? CASS_OPERATOR_VERSION })];
  // Both operators read the ImageConfig once, at start-up. Their webhook certificates need no
  // hash: controller-runtime's certificate watcher reloads the mounted Secret.
  const hash = configHash(images);
  const sized = dataPlaneSizing(dp, loads);
  return {
    namespace: [namespace(dp.namespace, componentLabels(dp.namespace, 'data-plane'), 'baseline')],
    imageConfig: images,
    k8ssandraOperator: {
      namespace: dp.namespace,
      watchNamespace: watch,
      clusterScoped,
      controlPlane: dp.inControlPlaneCluster,
      props: dp.k8ssandraOperator,
      configHash: hash,
      sizedResources: sized.k8ssandraOperator,
    },
    cassOperator: { namespace: dp.namespace, watchNamespace: watch, clusterScoped, props: dp.cassOperator, configHash: hash, sizedResources: sized.cassOperator },
    controlPlaneAccess: controlPlaneAccess(dp.namespace),
    monitoring: dataPlaneMonitoring(dp),
  };
}

/** Everything one data-plane cluster gets except the upstream CRDs (see CrdSource). */
export function dataPlaneObjects(dp: DataPlaneSpec, loads: PlatformLoads = UNLOADED): KubeObject[] {
  const parts = dataPlaneParts(dp, loads);
  return [
    ...parts.namespace,
    ...parts.imageConfig,
    ...k8ssandraOperator(parts.k8ssandraOperator),
    ...cassOperator(parts.cassOperator),
    ...parts.controlPlaneAccess,
    ...parts.monitoring,
  ];
}
