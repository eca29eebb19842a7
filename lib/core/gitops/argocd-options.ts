/** Where Argo CD sends one cluster folder: exactly one of `server` and `name`. */
export interface ArgoCdDestination {
  /**
   * API server URL of the target cluster as registered in Argo CD. Give this or `name`.
   * @default - none; `name` identifies the cluster
   */
  readonly server?: string;
  /**
   * Name of the target cluster as registered in Argo CD. Give this or `server`.
   * @default - none; `server` identifies the cluster
   */
  readonly name?: string;
}

/** Argo CD's address for the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Options of the Argo CD Applications, one per cluster folder. */
export interface ArgoCdDeliveryOptions {
  /** Repository holding the synthesised output (`https://`, `ssh://` or `git@host:path`). */
  readonly repoURL: string;
  /**
   * Path of the output directory inside the repository (`.` for the repository root); each
   * Application's path is `<pathPrefix>/<cluster folder>`.
   */
  readonly pathPrefix: string;
  /**
   * Branch, tag or commit to sync.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Argo CD project of the Applications.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * Namespace Argo CD watches for Applications.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * Prefix of the Application names, which are `<namePrefix><cluster folder>`.
   * @default '' (the folder name)
   */
  readonly namePrefix?: string;
  /**
   * Target cluster per cluster folder (`control-plane`, `data-plane-<name>`). Every data
   * plane outside the control plane's cluster needs one.
   * @default - `https://kubernetes.default.svc` (Argo CD's own cluster) for the control plane
   * and a data plane with `inControlPlaneCluster`
   */
  readonly destinations?: Readonly<Record<string, ArgoCdDestination>>;
  /**
   * Sync options added after `ServerSideApply=true`, e.g. `RespectIgnoreDifferences=true`.
   * @default []
   */
  readonly syncOptions?: readonly string[];
  /**
   * Sync automatically. The sync waves between Applications only order anything when the
   * Applications sync themselves once their parent has created them.
   * @default true
   */
  readonly automated?: boolean;
  /**
   * Delete objects removed from the output (automated sync). Retained clusters carry
   * `Prune=false` and are never pruned.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Revert changes made in the cluster outside Git (automated sync).
   * @default true
   */
  readonly selfHeal?: boolean;
  /**
   * Give every object of every cluster folder the `argocd.argoproj.io/sync-wave` of its
   * apply rank (Argo CD ignores the kustomization's order).
   * @default true
   */
  readonly syncWaves?: boolean;
  /**
   * Write the `argocd-health/` kustomize component beside the Applications: Argo CD health
   * checks for K8ssandraCluster, CassandraDatacenter, MissionControlCluster and Application.
   * @default true
   */
  readonly healthChecks?: boolean;
}
