/** The Flux source holding the synthesised output. */
export interface FluxSourceRef {
  /**
   * Kind of the Flux source object.
   * @default 'GitRepository'
   */
  readonly kind?: 'GitRepository' | 'OCIRepository' | 'Bucket' | 'ExternalArtifact';
  /** Name of the source object. */
  readonly name: string;
  /**
   * Namespace of the source object.
   * @default - the Kustomizations' namespace
   */
  readonly namespace?: string;
}

/** A kubeconfig Secret in the Kustomizations' namespace; referenced, never embedded. */
export interface FluxKubeConfigRef {
  /** Name of the Secret holding the cluster's kubeconfig. */
  readonly secretName: string;
  /**
   * Key of the kubeconfig in the Secret.
   * @default - Flux's default (`value`, else `value.yaml`)
   */
  readonly key?: string;
}

/** Options of the Flux Kustomizations, one per cluster folder. */
export interface FluxDeliveryOptions {
  /** The Flux source (GitRepository, OCIRepository, ...) that holds the synthesised output. */
  readonly sourceRef: FluxSourceRef;
  /**
   * Path of the output directory inside the source (`.` for its root); each Kustomization's
   * path is `./<pathPrefix>/<cluster folder>`.
   */
  readonly pathPrefix: string;
  /**
   * Namespace of the Kustomizations (and of the kubeconfig Secrets).
   * @default 'flux-system'
   */
  readonly namespace?: string;
  /**
   * Prefix of the Kustomization names, which are `<namePrefix><cluster folder>`.
   * @default '' (the folder name)
   */
  readonly namePrefix?: string;
  /**
   * Reconciliation interval (Go duration).
   * @default '10m'
   */
  readonly interval?: string;
  /**
   * Delete objects removed from the output. Retained clusters carry
   * `kustomize.toolkit.fluxcd.io/prune: disabled` and are never pruned.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Wait until every applied object is ready before a Kustomization reports Ready: what makes
   * `dependsOn` wait for the data planes' operators and webhooks, not only for their apply.
   * @default true
   */
  readonly wait?: boolean;
  /**
   * Kubeconfig per cluster folder (`control-plane`, `data-plane-<name>`). Every data plane
   * outside the control plane's cluster needs one.
   * @default - none for the control plane and a data plane with `inControlPlaneCluster`
   * (Flux's own cluster)
   */
  readonly kubeConfigs?: Readonly<Record<string, FluxKubeConfigRef>>;
}
