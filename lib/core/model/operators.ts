import type { LogLevel, ResourceRequirements, Toleration } from './resources';

/**
 * How many clusters and DCs a plane's operators are sized for (see the README's operator
 * sizing): raise it above what the app declares for clusters created outside the app or for
 * growth, so that the operators are not resized (and restarted) as clusters are added.
 */
export interface OperatorLoad {
  /** Cassandra clusters (K8ssandraClusters). */
  readonly clusters: number;
  /** Datacenters (CassandraDatacenters). */
  readonly datacenters: number;
}

/** Settings every operator Deployment shares. */
export interface OperatorDeploymentProps {
  /**
   * Container image, pinned by tag or digest. A tag naming a release (`v1.32.6`) is the
   * release the version rules between the operators judge; a digest alone names none.
   * @default - the pinned upstream image for `version`
   */
  readonly image?: string;
  /**
   * Registry to pull every image from instead of docker.io (mirrors, air-gapped clusters).
   * Applies to the operator image and, through the ImageConfig, to the images it starts.
   * @default - each image's own registry
   */
  readonly registry?: string;
  /**
   * Compute resources of the operator container.
   * @default - requests 100m CPU / 64Mi, limits 500m CPU / 128Mi (upstream's figures)
   */
  readonly resources?: ResourceRequirements;
  /**
   * Log verbosity.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * Names of image pull Secrets in the operator's namespace (references only).
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Node selector for the operator pods.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Tolerations for the operator pods.
   * @default - none
   */
  readonly tolerations?: Toleration[];
}

/** The control-plane operator (this project's reconciler). */
export interface MissionControlOperatorProps extends OperatorDeploymentProps {
  /**
   * Number of replicas. One is active at a time (Lease-based leader election); the others
   * take over within the 15 s lease when it fails.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Set to allow fewer than 2 replicas, accepting that the control plane stops reconciling
   * while its only pod is rescheduled.
   * @default false
   */
  readonly allowSingleReplica?: boolean;
  /**
   * Compute resources of the operator container. The CPU limit leaves room for the initial
   * reconcile after a restart or failover, which is CPU-bound (1 000 clusters take about five
   * times longer under 500m than under 2 CPUs, see BENCHMARKS.md); in steady state the operator
   * uses about 0.01 CPU. 128Mi holds 1 000 clusters, measured with Node sizing its heap from
   * that limit as it does in the pod.
   * @default - requests 100m CPU / 64Mi, limits 2 CPU / 128Mi
   */
  readonly resources?: ResourceRequirements;
}

/** k8ssandra-operator in one data plane. */
export interface K8ssandraOperatorProps extends OperatorDeploymentProps {
  /**
   * Upstream release. A data plane's must be the control-plane k8ssandra-operator's minor or
   * the one before, and never newer.
   * @default 'v1.32.5'
   */
  readonly version?: string;
  /**
   * Number of replicas. The operator runs with `--leader-elect` so that the old and new pod
   * of a rollout never both reconcile, but upstream installs and supports one replica (the
   * flag is off in its manifests), so only 1 is accepted.
   * @default 1
   */
  readonly replicas?: number;
}

/** cass-operator in one data plane. */
export interface CassOperatorProps extends OperatorDeploymentProps {
  /**
   * Upstream release; must be one tested with the k8ssandra-operator version.
   * @default 'v1.30.3'
   */
  readonly version?: string;
  /**
   * Number of replicas; cass-operator runs with leader election, so more than one is safe.
   * @default 1
   */
  readonly replicas?: number;
}
