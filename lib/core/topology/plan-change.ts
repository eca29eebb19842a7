import type { KubeObject } from '../kube-object';

/** How the plan names the control plane's own cluster, where DCs have no k8sContext. */
export const LOCAL_CONTEXT = 'the control plane cluster';

/** How a change lands on a running cluster. */
export enum ChangeSeverity {
  /** Rejected upstream, or breaks the cluster: split it up or undo it. */
  FORBIDDEN = 'forbidden',
  /** Applied with a rolling restart or data movement: schedule it. */
  RISKY = 'risky',
  SAFE = 'safe',
}

/** One change between two syntheses, to a cluster or to a plane of the platform. */
export interface PlannedChange {
  /** How the change lands on the running cluster. */
  readonly severity: ChangeSeverity;
  /**
   * Cluster object name, for changes to a cluster.
   * @default - not set for platform changes
   */
  readonly cluster?: string;
  /**
   * Output folder of the plane (`control-plane`, `data-plane-<name>`), for platform changes.
   * @default - not set for cluster changes
   */
  readonly plane?: string;
  /** What changed, e.g. 'datacenters/dc1/serverVersion' or 'operators/cass-operator'. */
  readonly path: string;
  /** What the change does to the running cluster, and what to do about it. */
  readonly message: string;
}

export interface Plan {
  /** Every change found between the two syntheses. */
  readonly changes: readonly PlannedChange[];
  /** Number of forbidden changes; the CLI exits 1 when it is not 0. */
  readonly forbidden: number;
  /** Number of risky changes. */
  readonly risky: number;
  /** Number of safe changes. */
  readonly safe: number;
}

/** Synthesised objects per output folder. */
export type Folders = Readonly<Record<string, readonly KubeObject[]>>;

/** How `planChanges` judges a change. */
export interface PlanOptions {
  /**
   * Accept a change that upgrades operators in several data planes at once: each upgrade is
   * then judged on its own. Upgrading the control plane together with data planes, or a data
   * plane before the control plane, stays risky.
   * @default false
   */
  readonly allowParallelDataPlaneUpgrades?: boolean;
}
