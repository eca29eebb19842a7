import { OperatorScope, type ControlPlaneSpec, type DataPlaneSpec } from '../model/platform';

/**
 * The one k8ssandra-operator in control-plane mode. Upstream allows exactly one: it runs the
 * K8ssandraCluster, K8ssandraTask, ClientConfig and ReplicatedSecret controllers and reaches
 * the other clusters through ClientConfigs. It lives in the control plane's Kubernetes
 * cluster: the operator of the data plane sharing that cluster when there is one (a cluster
 * never gets a second k8ssandra-operator), else an install of its own in the control-plane
 * folder.
 */
export interface K8ssandraControlPlane {
  /**
   * The data plane whose operator it is; undefined = installed by the control plane.
   * @default - none: the control plane installs its own
   */
  readonly dataPlane?: DataPlaneSpec;
  /** Its namespace: K8ssandraClusters, ClientConfigs and MedusaConfigurations go there. */
  readonly namespace: string;
  /**
   * Namespaces it watches; undefined = all. Its caches in remote clusters are limited to
   * the same namespaces (upstream builds them from its own WATCH_NAMESPACE).
   */
  readonly watchNamespaces: readonly string[] | undefined;
}

/** The data plane sharing the control plane's cluster, if any (validation allows one). */
export function localDataPlane(dataPlanes: readonly DataPlaneSpec[]): DataPlaneSpec | undefined {
  return dataPlanes.find((dp) => dp.inControlPlaneCluster);
}

/** Data planes in clusters of their own, reached through a ClientConfig each. */
export function remoteDataPlanes(dataPlanes: readonly DataPlaneSpec[]): DataPlaneSpec[] {
  return dataPlanes.filter((dp) => !dp.inControlPlaneCluster);
}

function watched(dp: Pick<DataPlaneSpec, 'namespace' | 'scope' | 'watchNamespaces'>): readonly string[] | undefined {
  if (dp.scope === OperatorScope.NAMESPACE) return [dp.namespace];
  return dp.watchNamespaces.length > 0 ? [...dp.watchNamespaces] : undefined;
}

export function k8ssandraControlPlane(cp: Pick<ControlPlaneSpec, 'k8ssandra'>, dataPlanes: readonly DataPlaneSpec[]): K8ssandraControlPlane {
  const local = localDataPlane(dataPlanes);
  if (local) return { dataPlane: local, namespace: local.namespace, watchNamespaces: watched(local) };
  return { namespace: cp.k8ssandra.namespace, watchNamespaces: [cp.k8ssandra.namespace] };
}

/**
 * The k8sContext of a DC: empty in the control plane's own cluster, else the context name
 * of the data plane's ClientConfig, which is the data plane's name.
 */
export function k8sContextOf(dp: DataPlaneSpec): string | undefined {
  return dp.inControlPlaneCluster ? undefined : dp.name;
}
