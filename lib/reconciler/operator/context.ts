import type { Logger } from 'pino';
import type { DataPlanes } from './data-planes';
import type { EventRecorder } from './event-recorder';
import type { WrittenObjects } from './written-objects';
import type { KubeObject } from '../../core/kube-object';
import type { DataPlaneSpec } from '../../core/model/platform';
import type { KubeClient } from '../../kube/client';
import { registrationFrom } from '../registrations';
import type { Informer } from '../runtime/informer';

/** What both reconcilers share: the control plane, its caches and the data planes. */
export interface OperatorContext {
  readonly controlPlane: KubeClient;
  readonly namespace: string;
  /** Where K8ssandraClusters go when no data plane shares this cluster. */
  readonly k8ssandraNamespace?: string;
  readonly clusters: Informer;
  readonly tasks: Informer;
  readonly registrations: Informer;
  /** The control-plane namespace's Secrets (kubeconfigs, superuser credentials). */
  readonly secrets: Informer;
  /**
   * The K8ssandraClusters the operator wrote, cached in the one namespace it watches for them,
   * and its latest writes of them until that cache shows them.
   */
  readonly k8ssandraClusters: { readonly informer: Informer; readonly namespace: string; readonly written: WrittenObjects };
  /** The operator's latest writes of clusters and tasks, until their caches show them. */
  readonly written: { readonly clusters: WrittenObjects; readonly tasks: WrittenObjects };
  /** Events on MissionControlClusters and MissionControlTasks, for `kubectl describe`. */
  readonly events: EventRecorder;
  readonly dataPlanes: DataPlanes;
  readonly logger: Logger;
  /** ISO timestamp for conditions; injectable for tests. */
  readonly now: () => string;
  /** How soon to look again at something still in progress. */
  readonly progressRequeueMs: number;
}

/** The platform's data planes as the core's validation and placement take them. */
export function dataPlaneSpecs(ctx: OperatorContext): DataPlaneSpec[] {
  return ctx.registrations.store
    .list()
    .map((o: KubeObject) => registrationFrom(o).dataPlane)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
