/** Metadata we set on every object; explicit names only, never generated ones. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** What the API server adds (uid, generation, managedFields, ...) when an object is read back. */
  [field: string]: unknown;
}

/** A plain Kubernetes object as it is written to YAML or sent to an API server. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}
