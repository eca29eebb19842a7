import { IN_CLUSTER_SERVER, type ArgoCdDeliveryOptions, type ArgoCdDestination } from './argocd-options';
import type { DeliveredFolder } from './delivery-order';
import { folderPath } from './delivery-path';
import { SYNC_WAVE_ANNOTATION } from './sync-wave';
import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';

export const ARGOCD_DEFAULTS = { targetRevision: 'HEAD', project: 'default', namespace: 'argocd', namePrefix: '' } as const;

/** The destination of one folder: the user's, else Argo CD's own cluster for local folders. */
export function argoCdDestination(options: ArgoCdDeliveryOptions, folder: DeliveredFolder): ArgoCdDestination | undefined {
  const given = options.destinations?.[folder.folder];
  if (given) return given.server !== undefined ? { server: given.server } : { name: given.name };
  return folder.inControlPlaneCluster ? { server: IN_CLUSTER_SERVER } : undefined;
}

/**
 * One Application per cluster folder. Its sync wave is the folder's install stage, so a parent
 * Application syncing these (app of apps) creates the data planes' Applications first and
 * waits for them to be healthy. No resources finalizer: deleting an Application must never
 * delete a Cassandra cluster.
 */
export function argoCdApplications(options: ArgoCdDeliveryOptions, folders: readonly DeliveredFolder[]): KubeObject[] {
  const namespace = options.namespace ?? ARGOCD_DEFAULTS.namespace;
  const automated = options.automated ?? true;
  return folders.map((folder) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${options.namePrefix ?? ARGOCD_DEFAULTS.namePrefix}${folder.folder}`,
      namespace,
      labels: componentLabels(folder.folder, 'delivery'),
      annotations: { [SYNC_WAVE_ANNOTATION]: String(folder.stage) },
    },
    spec: {
      project: options.project ?? ARGOCD_DEFAULTS.project,
      source: {
        repoURL: options.repoURL,
        targetRevision: options.targetRevision ?? ARGOCD_DEFAULTS.targetRevision,
        path: folderPath(options.pathPrefix, folder.folder),
      },
      destination: argoCdDestination(options, folder) ?? {},
      syncPolicy: {
        ...(automated ? { automated: { prune: options.prune ?? true, selfHeal: options.selfHeal ?? true } } : {}),
        syncOptions: ['ServerSideApply=true', ...(options.syncOptions ?? [])],
      },
    },
  }));
}
