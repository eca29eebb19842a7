import type { CassOperatorProps, K8ssandraOperatorProps, MissionControlOperatorProps } from './operators';
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
  readonly region: string;
  /** Accept a region the library's table of cloud regions does not list. */
  readonly allowUnlistedRegion?: boolean;
  readonly namespace: string;
  readonly operator: MissionControlOperatorProps;
  /** Delivery of clusters that do not choose their own; undefined = reconciled. */
  readonly defaultDelivery?: Delivery;
  /**
   * The control-plane-mode k8ssandra-operator installed in the control-plane folder when no
   * data plane shares the control plane's cluster (then that data plane's operator is it).
   */
  readonly k8ssandra: {
    readonly namespace: string;
    readonly operator: K8ssandraOperatorProps;
  };
}

/** One data plane: one region's Kubernetes cluster. */
export interface DataPlaneSpec {
  readonly path: string;
  readonly name: string;
  readonly region: string;
  /** Accept a region the library's table of cloud regions does not list. */
  readonly allowUnlistedRegion?: boolean;
  readonly zones: readonly string[];
  readonly namespace: string;
  readonly scope: OperatorScope;
  readonly watchNamespaces: readonly string[];
  readonly k8ssandraOperator: K8ssandraOperatorProps;
  readonly cassOperator: CassOperatorProps;
  readonly crds: CrdSourceSpec;
  /** Whether this data plane runs in the control plane's own Kubernetes cluster. */
  readonly inControlPlaneCluster: boolean;
}

/** A whole platform: everything the validators look at together. */
export interface PlatformSpec {
  readonly controlPlanes: readonly ControlPlaneSpec[];
  readonly dataPlanes: readonly DataPlaneSpec[];
}

/** Output folder (one per target cluster) of the control plane. */
export const CONTROL_PLANE_FOLDER = 'control-plane';
/** Output folder of a data plane. */
export const dataPlaneFolder = (name: string): string => `data-plane-${name}`;

export const DEFAULT_CONTROL_PLANE_NAMESPACE = 'mission-control';
export const DEFAULT_DATA_PLANE_NAMESPACE = 'k8ssandra-operator';
