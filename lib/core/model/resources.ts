/** CPU and memory in Kubernetes quantity syntax, e.g. `{ cpu: '500m', memory: '256Mi' }`. */
export interface ResourceQuantities {
  /**
   * CPU, e.g. '500m' or '2'.
   * @default - none
   */
  readonly cpu?: string;
  /**
   * Memory, e.g. '256Mi' or '8Gi'.
   * @default - none
   */
  readonly memory?: string;
}

/** Container resource requests and limits. */
export interface ResourceRequirements {
  /**
   * What the scheduler reserves for the container.
   * @default - none
   */
  readonly requests?: ResourceQuantities;
  /**
   * What the container may use at most.
   * @default - none
   */
  readonly limits?: ResourceQuantities;
}

/** A toleration, as in a Pod spec. */
export interface Toleration {
  /**
   * Taint key to tolerate.
   * @default - every key (with `operator: 'Exists'`)
   */
  readonly key?: string;
  /**
   * `'Exists'` matches any value; `'Equal'` only `value`.
   * @default 'Equal'
   */
  readonly operator?: 'Exists' | 'Equal';
  /**
   * Taint value to match with `operator: 'Equal'`.
   * @default - the empty value
   */
  readonly value?: string;
  /**
   * Taint effect to tolerate.
   * @default - every effect
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /**
   * For `NoExecute`: how long the pod stays bound after the taint appears.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** Log verbosity shared by all operators; each maps it to its own flags. */
export enum LogLevel {
  DEBUG = 'debug',
  INFO = 'info',
  WARN = 'warn',
  ERROR = 'error',
}
