import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { CRUD, grant, READ, rule, serviceAccount } from './rbac';

export const CONTROL_PLANE_ACCESS_NAME = 'mission-control-access';
export const CONTROL_PLANE_ACCESS_TOKEN_SECRET = `${CONTROL_PLANE_ACCESS_NAME}-token`;

/**
 * What the control plane writes into and reads from a data plane: the cluster share, tasks,
 * Medusa jobs, the superuser Secret copy, and datacenter status. Nothing else.
 */
export function controlPlaneAccessRules() {
  return [
    rule('k8ssandra.io', ['k8ssandraclusters'], CRUD),
    rule('k8ssandra.io', ['k8ssandraclusters/status'], ['get']),
    rule('control.k8ssandra.io', ['cassandratasks', 'k8ssandratasks'], CRUD),
    rule('control.k8ssandra.io', ['cassandratasks/status', 'k8ssandratasks/status'], ['get']),
    rule('medusa.k8ssandra.io', ['medusabackupjobs', 'medusabackupschedules', 'medusaconfigurations', 'medusarestorejobs'], CRUD),
    rule('medusa.k8ssandra.io', ['medusabackups'], READ),
    rule('cassandra.datastax.com', ['cassandradatacenters'], READ),
    // Server-side apply of the superuser Secret copy; no list/watch of other Secrets.
    rule('', ['secrets'], ['create', 'get', 'patch', 'update']),
  ];
}

/**
 * The identity the control plane uses in this data plane. The token Secret is empty in the
 * output: the cluster's token controller fills it, so no credential is ever in Git.
 */
export function controlPlaneAccess(namespace: string): KubeObject[] {
  const labels = componentLabels(CONTROL_PLANE_ACCESS_NAME, 'control-plane-access');
  return [
    serviceAccount(CONTROL_PLANE_ACCESS_NAME, namespace, labels),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/service-account-token',
      metadata: {
        name: CONTROL_PLANE_ACCESS_TOKEN_SECRET,
        namespace,
        labels,
        annotations: { 'kubernetes.io/service-account.name': CONTROL_PLANE_ACCESS_NAME },
      },
    },
    ...grant(CONTROL_PLANE_ACCESS_NAME, namespace, labels, controlPlaneAccessRules(), { name: CONTROL_PLANE_ACCESS_NAME, namespace }),
  ];
}
