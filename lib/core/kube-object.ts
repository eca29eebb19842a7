/** Metadata we set on every object; explicit names only, never generated ones. */
export interface ObjectMeta {
  /** Object name; always explicit. */
  name: string;
  /**
   * Namespace of a namespaced object.
   * @default - absent for cluster-scoped objects
   */
  namespace?: string;
  /**
   * Labels, e.g. the `app.kubernetes.io/*` set.
   * @default - none
   */
  labels?: Record<string, string>;
  /**
   * Annotations.
   * @default - none
   */
  annotations?: Record<string, string>;
  /** What the API server adds (uid, generation, managedFields, ...) when an object is read back. */
  [field: string]: unknown;
}

/** A plain Kubernetes object as it is written to YAML or sent to an API server. */
export interface KubeObject {
  /** Group and version, e.g. 'apps/v1' or 'v1'. */
  apiVersion: string;
  /** Kind, e.g. 'Deployment'. */
  kind: string;
  /** Name, namespace, labels and annotations. */
  metadata: ObjectMeta;
  [field: string]: unknown;
}
