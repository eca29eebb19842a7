import type { MonitoringOptions } from './monitoring';
import type { CassOperatorProps, K8ssandraOperatorProps, MissionControlOperatorProps, OperatorLoad } from './operators';
import type { Delivery } from '../topology/model';

/** Which namespaces the data-plane operators watch. */
export enum OperatorScope {
  /** Only the operators' own namespace: Roles instead of ClusterRoles. */
  NAMESPACE = 'namespace',
  /** All namespaces, or those in `watchNamespaces`: ClusterRoles. */
  CLUSTER = 'cluster',
}

/** Where a data plane's upstream CRDs come from. */
export type CrdSourceSpec =
  | { readonly type: 'upstreamRelease' }
  | { readonly type: 'directory'; readonly path: string }
  | { readonly type: 'none' };

/** The control plane, with the construct path used in error messages. */
export interface ControlPlaneSpec {
  /** Construct path (cdk8s) or resource name (Pulumi), for error messages. */
  readonly path: string;
  /** Region of the control-plane cluster, e.g. 'us-east-1'. */
  readonly region: string;
  /**
   * Accept a region the library's table of cloud regions does not list.
   * @default false
   */
  readonly allowUnlistedRegion?: boolean;
  /** Namespace of the control-plane operator, its registrations and clusters ('mission-control' unless the options chose another). */
  readonly namespace: string;
  /** Settings of the control-plane operator; `{}` means the pinned defaults. */
  readonly operator: MissionControlOperatorProps;
  /**
   * Delivery of clusters that do not choose their own; undefined = reconciled.
   * @default Delivery.RECONCILED
   */
  readonly defaultDelivery?: Delivery;
  /**
   * The control-plane-mode k8ssandra-operator installed in the control-plane folder when no
   * data plane shares the control plane's cluster (then that data plane's operator is it).
   */
  readonly k8ssandra: {
    /** Namespace of that k8ssandra-operator ('k8ssandra-operator' unless the options chose another). */
    readonly namespace: string;
    /** Settings of that k8ssandra-operator; `{}` means the pinned defaults. */
    readonly operator: K8ssandraOperatorProps;
  };
  /**
   * Monitoring of the control plane's operators.
   * @default - none
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * Load the control plane's operators are sized for, when more than the app declares.
   * @default - the clusters and DCs the app declares
   */
  readonly sizeFor?: OperatorLoad;
}

/** One data plane: one region's Kubernetes cluster. */
export interface DataPlaneSpec {
  /** Construct path (cdk8s) or resource name (Pulumi), for error messages. */
  readonly path: string;
  /** Data-plane name: DNS-1035 label, used in folder, registration and Secret names. */
  readonly name: string;
  /** Region of the data-plane cluster, e.g. 'eu-west-1'. */
  readonly region: string;
  /**
   * Accept a region the library's table of cloud regions does not list.
   * @default false
   */
  readonly allowUnlistedRegion?: boolean;
  /** Availability zones of the cluster (values of `topology.kubernetes.io/zone`). */
  readonly zones: readonly string[];
  /** Namespace of the operators ('k8ssandra-operator' unless the options chose another). */
  readonly namespace: string;
  /** Which namespaces the operators watch (`OperatorScope.NAMESPACE` unless the options chose another). */
  readonly scope: OperatorScope;
  /** With `OperatorScope.CLUSTER`, the namespaces to watch; empty = all. */
  readonly watchNamespaces: readonly string[];
  /** Settings of k8ssandra-operator; `{}` means the pinned defaults. */
  readonly k8ssandraOperator: K8ssandraOperatorProps;
  /** Settings of cass-operator; `{}` means the pinned defaults. */
  readonly cassOperator: CassOperatorProps;
  /** Where the upstream CRDs installed in this data plane come from. */
  readonly crds: CrdSourceSpec;
  /** Whether this data plane runs in the control plane's own Kubernetes cluster. */
  readonly inControlPlaneCluster: boolean;
  /**
   * Monitoring of the data plane's operators.
   * @default - none
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * Load the data plane's operators are sized for, when more than the app places there.
   * @default - the clusters and DCs the app places in this data plane
   */
  readonly sizeFor?: OperatorLoad;
}

/** A whole platform: everything the validators look at together. */
export interface PlatformSpec {
  /** Every control plane of the app. */
  readonly controlPlanes: readonly ControlPlaneSpec[];
  /** Every data plane of the app, in declaration order. */
  readonly dataPlanes: readonly DataPlaneSpec[];
}

/** Output folder (one per target cluster) of the control plane. */
export const CONTROL_PLANE_FOLDER = 'control-plane';
/** Output folder of a data plane. */
export const dataPlaneFolder = (name: string): string => `data-plane-${name}`;

export const DEFAULT_CONTROL_PLANE_NAMESPACE = 'mission-control';
export const DEFAULT_DATA_PLANE_NAMESPACE = 'k8ssandra-operator';
