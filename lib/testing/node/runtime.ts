import type { Obj } from './kube-api';

/** One container's state, as the kubelet stand-in reports it in the pod's status. */
export interface ContainerStatus {
  /** Container name. */
  readonly name: string;
  /** Image reference of the container spec. */
  readonly image: string;
  /** Whether the container's process runs now. */
  readonly running: boolean;
  /** Whether it runs and passed its readiness probe (if any). */
  readonly ready: boolean;
  /** Times it was restarted after exiting. */
  readonly restartCount: number;
  /** When the current run started (ISO 8601). */
  readonly startedAt: string;
  /**
   * Exit code (null when killed by a signal) and time of the last exit.
   * @default - it has not exited
   */
  readonly lastExit?: { readonly code: number | null; readonly at: string };
}

/** A pod the kubelet stand-in started. */
export interface RunningPod {
  /** The pod's address (status.podIP). */
  readonly ip: string;
  /** Current state of every container, in spec order. */
  statuses(): ContainerStatus[];
  /** Probes readiness and restarts exited containers (restartPolicy Always). */
  tick(): Promise<void>;
  /** Stops every container (SIGTERM, SIGKILL after `graceMs`) and releases the pod's network. */
  stop(graceMs: number): Promise<void>;
  /**
   * Host-side Unix socket that reaches a container port, when the runtime exposes one.
   * @default - the runtime exposes none
   */
  portSocket?(port: number): string;
}

/** Something that can run pods on the simulated node: real processes, or the Cassandra simulator. */
export interface PodRuntime {
  /** Whether this runtime runs this pod's containers. */
  accepts(pod: Obj): boolean;
  /** Starts the pod. Throws `PodNotReadyToStart` while an input (Secret, ConfigMap) is missing. */
  start(pod: Obj, hostIp: string): Promise<RunningPod>;
}
