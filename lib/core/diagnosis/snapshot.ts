import type { KubeObject } from '../kube-object';

/** What was read from one Kubernetes cluster's plane; every list is empty when it could not be read. */
export interface PlaneSnapshot {
  /** The plane's name: `control-plane`, or the data plane's registration name. */
  readonly name: string;
  /** The kubectl context the printed commands use for this plane. */
  readonly context: string;
  /** Namespace of k8ssandra-operator and cass-operator in this cluster. */
  readonly operatorNamespace: string;
  /** Why the plane could not be read at all; absent when it answered. */
  readonly error?: string;
  /** Kinds that could not be listed (e.g. forbidden to the identity used), with the reason. */
  readonly unreadable: readonly string[];
  readonly deployments: readonly KubeObject[];
  readonly pods: readonly KubeObject[];
  readonly services: readonly KubeObject[];
  readonly endpointSlices: readonly KubeObject[];
  readonly datacenters: readonly KubeObject[];
  readonly cassandraTasks: readonly KubeObject[];
  readonly medusaBackupJobs: readonly KubeObject[];
  readonly medusaRestoreJobs: readonly KubeObject[];
}

/** A data plane as its registration names it, with what was read from its cluster. */
export interface DataPlaneSnapshot extends PlaneSnapshot {
  /** True when the data plane is the control plane's own cluster (its DCs have an empty `k8sContext`). */
  readonly inControlPlaneCluster: boolean;
  /** The DataPlaneRegistration, if there is one. */
  readonly registration?: KubeObject;
  /** The ClientConfig the control-plane k8ssandra-operator loads for it, if there is one. */
  readonly clientConfig?: KubeObject;
}

/** The control plane: its own plane plus the objects only it holds. */
export interface ControlPlaneSnapshot extends PlaneSnapshot {
  /** Namespace of the control-plane operator, its MissionControlClusters and registrations. */
  readonly namespace: string;
  readonly missionControlClusters: readonly KubeObject[];
  readonly missionControlTasks: readonly KubeObject[];
  readonly k8ssandraClusters: readonly KubeObject[];
  readonly k8ssandraTasks: readonly KubeObject[];
}

/** Live state of a whole platform at one moment, as `diagnose` reads it. */
export interface PlatformSnapshot {
  readonly controlPlane: ControlPlaneSnapshot;
  readonly dataPlanes: readonly DataPlaneSnapshot[];
  /** When it was read (ms since the epoch): ages and "recent" are measured from here. */
  readonly readAt: number;
}
