import type { MonitoringOptions } from './model/monitoring';
import type { CassOperatorProps, K8ssandraOperatorProps, MissionControlOperatorProps, OperatorLoad } from './model/operators';
import {
  DEFAULT_CONTROL_PLANE_NAMESPACE,
  DEFAULT_DATA_PLANE_NAMESPACE,
  OperatorScope,
  type ControlPlaneSpec,
  type CrdSourceSpec,
  type DataPlaneSpec,
} from './model/platform';
import type { Delivery } from './topology/model';
import { list, text } from './validation/required';

/** What a user writes for a control plane; defaults fill the rest. */
export interface ControlPlaneOptions {
  /** Region of the control-plane cluster, e.g. 'us-east-1'. */
  readonly region: string;
  /**
   * Accept a region that is not in the library's table of AWS, Google Cloud and Azure regions
   * although it looks like a near miss of one (e.g. a region opened after this release).
   * Regions that follow no provider's naming are accepted anyway.
   * @default false
   */
  readonly allowUnlistedRegion?: boolean;
  /**
   * Namespace of the control-plane operator, its registrations and clusters.
   * @default 'mission-control'
   */
  readonly namespace?: string;
  /**
   * The control-plane operator.
   * @default - pinned image, 2 replicas, upstream-sized resources
   */
  readonly operator?: MissionControlOperatorProps;
  /**
   * Delivery of the clusters created in this control plane that do not choose their own.
   * @default Delivery.RECONCILED
   */
  readonly defaultDelivery?: Delivery;
  /**
   * Namespace of the control-plane-mode k8ssandra-operator, its ClientConfigs and the
   * K8ssandraClusters, when no data plane shares the control plane's cluster. Remote data
   * planes must use the same namespace: the operator reaches them only in the namespaces it
   * watches at home.
   * @default 'k8ssandra-operator'
   */
  readonly k8ssandraNamespace?: string;
  /**
   * Settings of that k8ssandra-operator.
   * @default - v1.32.5, 1 replica, upstream-sized resources
   */
  readonly k8ssandraOperator?: K8ssandraOperatorProps;
  /**
   * Prometheus Operator objects and a Grafana dashboard for the control-plane operator and,
   * when this folder installs it, the control-plane k8ssandra-operator.
   * @default - no monitoring objects
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * How many clusters and DCs the control plane's operators (the control-plane operator and
   * the k8ssandra-operator in control-plane mode) are sized for, when that is more than the
   * app declares: clusters created outside this app, or growth planned ahead, so that adding
   * clusters does not resize (and restart) the operators. Explicit `resources` win over it.
   * @default - the clusters and DCs the app declares
   */
  readonly sizeFor?: OperatorLoad;
}

/** What a user writes for a data plane; defaults fill the rest. */
export interface DataPlaneOptions {
  /** Data-plane name: DNS-1035 label, used in folder, registration and Secret names. */
  readonly name: string;
  /** Region of the data-plane cluster, e.g. 'eu-west-1'. */
  readonly region: string;
  /**
   * Accept a region that is not in the library's table of AWS, Google Cloud and Azure regions
   * although it looks like a near miss of one (e.g. a region opened after this release).
   * Regions that follow no provider's naming are accepted anyway.
   * @default false
   */
  readonly allowUnlistedRegion?: boolean;
  /** Availability zones of the cluster (values of `topology.kubernetes.io/zone`); racks map to them. */
  readonly zones: string[];
  /**
   * Namespace of the operators (and, with namespace scope, of the Cassandra clusters).
   * @default 'k8ssandra-operator'
   */
  readonly namespace?: string;
  /**
   * Which namespaces the operators watch.
   * @default OperatorScope.NAMESPACE
   */
  readonly scope?: OperatorScope;
  /**
   * With `scope: CLUSTER`, the namespaces to watch.
   * @default - all namespaces
   */
  readonly watchNamespaces?: string[];
  /**
   * k8ssandra-operator settings.
   * @default - v1.32.5, 1 replica, upstream-sized resources
   */
  readonly k8ssandraOperator?: K8ssandraOperatorProps;
  /**
   * cass-operator settings.
   * @default - v1.30.3, 1 replica, upstream-sized resources
   */
  readonly cassOperator?: CassOperatorProps;
  /**
   * Whether this data plane runs in the control plane's own Kubernetes cluster.
   * @default false
   */
  readonly inControlPlaneCluster?: boolean;
  /**
   * Prometheus Operator objects and a Grafana dashboard for k8ssandra-operator and cass-operator.
   * @default - no monitoring objects
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * How many clusters and DCs this data plane's operators are sized for, when that is more
   * than the app places here: clusters created outside this app, or growth planned ahead, so
   * that adding DCs does not resize (and restart) the operators. Explicit `resources` win.
   * @default - the clusters and DCs the app places in this data plane
   */
  readonly sizeFor?: OperatorLoad;
}

/** Missing required options (plain JavaScript) resolve to empty values; validation reports them. */
export function resolveControlPlane(path: string, given: ControlPlaneOptions): ControlPlaneSpec {
  const options: Partial<ControlPlaneOptions> = given ?? {};
  return {
    path,
    region: text(options.region),
    ...(options.allowUnlistedRegion ? { allowUnlistedRegion: true } : {}),
    namespace: options.namespace ?? DEFAULT_CONTROL_PLANE_NAMESPACE,
    operator: options.operator ?? {},
    ...(options.defaultDelivery ? { defaultDelivery: options.defaultDelivery } : {}),
    k8ssandra: { namespace: options.k8ssandraNamespace ?? DEFAULT_DATA_PLANE_NAMESPACE, operator: options.k8ssandraOperator ?? {} },
    ...(options.monitoring ? { monitoring: options.monitoring } : {}),
    ...(options.sizeFor ? { sizeFor: options.sizeFor } : {}),
  };
}

export function resolveDataPlane(path: string, given: DataPlaneOptions, crds: CrdSourceSpec): DataPlaneSpec {
  const options: Partial<DataPlaneOptions> = given ?? {};
  return {
    path,
    name: text(options.name),
    region: text(options.region),
    ...(options.allowUnlistedRegion ? { allowUnlistedRegion: true } : {}),
    zones: list(options.zones),
    namespace: options.namespace ?? DEFAULT_DATA_PLANE_NAMESPACE,
    scope: options.scope ?? OperatorScope.NAMESPACE,
    watchNamespaces: [...(options.watchNamespaces ?? [])],
    k8ssandraOperator: options.k8ssandraOperator ?? {},
    cassOperator: options.cassOperator ?? {},
    crds,
    inControlPlaneCluster: options.inControlPlaneCluster ?? false,
    ...(options.monitoring ? { monitoring: options.monitoring } : {}),
    ...(options.sizeFor ? { sizeFor: options.sizeFor } : {}),
  };
}
