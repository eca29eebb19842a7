import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { grant, rule, serviceAccount, type PolicyRule } from './rbac';

export const CONTROL_PLANE_ACCESS_NAME = 'mission-control-access';
export const CONTROL_PLANE_ACCESS_TOKEN_SECRET = `${CONTROL_PLANE_ACCESS_NAME}-token`;

/** Read through a cache: controller-runtime's remote clients list and watch every kind they get. */
const READ = ['get', 'list', 'watch'];
const verbs = (...extra: string[]) => [...READ, ...extra].sort();

/**
 * What the control plane does in a data plane's namespace, and nothing more. Two callers use
 * this identity: the control-plane k8ssandra-operator, through the ClientConfig's kubeconfig
 * (its remote client and cache per context), and the control-plane operator of this project.
 * Paths are in the k8ssandra-operator v1.32.5 tree.
 *
 * k8ssandra-operator in control-plane mode, remote calls:
 * - cassandradatacenters: create/update (controllers/k8ssandra/datacenters.go), patch and
 *   delete on removal (cleanup.go), watched (k8ssandracluster_controller.go SetupWithManager).
 * - cassandratasks: create, delete (controllers/control/k8ssandratask_controller.go fan-out,
 *   datacenters.go rebuild task), watched (k8ssandratask_controller.go).
 * - reapers, stargates: create/update/delete (controllers/k8ssandra/reaper.go, stargate.go,
 *   cleanup.go), watched.
 * - medusabackupschedules: the purge schedule, create/update/delete (medusa_reconciler.go).
 * - configmaps: Medusa, Vector and per-node config create/update/patch, delete on cleanup
 *   (medusa_reconciler.go, vector.go, per_node_config.go, cleanup.go), watched.
 * - secrets: replicated superuser and role Secrets create/update/delete
 *   (controllers/replication/secret_controller.go), encryption-store passwords read
 *   (pkg/cassandra/encryption.go), watched.
 * - endpointslices: additional-seed slices create/update/delete (seeds.go), listed by
 *   contact_points_service.go, watched; endpoints: the legacy seed object, get/delete (seeds.go).
 * - pods: listed to call the management API (pkg/cassandra/management.go).
 * - services, deployments, cronjobs: list/delete when a DC is removed (cleanup.go,
 *   medusa_reconciler.go cleanupPurgeCronJob).
 * - servicemonitors: create/update/delete with telemetry (pkg/telemetry/prometheus_resourcer.go).
 *
 * This project's control-plane operator (lib/reconciler), on the kinds of WATCHED_KINDS
 * only: server-side apply (patch, and create for the first apply) of the CassandraTasks,
 * MedusaBackupJobs and MedusaRestoreJobs it plans per DC, their status through informers
 * (list, watch), and their deletion (an earlier task's objects under the same name, and a
 * cluster's with `deletionPolicy: Delete`). It reads nothing else here. Medusa jobs are its
 * alone, so their rule has no get.
 */
export function controlPlaneAccessRules(): PolicyRule[] {
  return [
    rule('', ['configmaps'], verbs('create', 'delete', 'patch', 'update')),
    rule('', ['endpoints'], verbs('delete')),
    rule('', ['pods'], verbs()),
    rule('', ['secrets'], verbs('create', 'delete', 'update')),
    rule('', ['services'], verbs('delete')),
    rule('apps', ['deployments'], verbs('delete')),
    rule('batch', ['cronjobs'], verbs('delete')),
    rule('cassandra.datastax.com', ['cassandradatacenters'], verbs('create', 'delete', 'patch', 'update')),
    rule('control.k8ssandra.io', ['cassandratasks'], verbs('create', 'delete', 'patch')),
    rule('discovery.k8s.io', ['endpointslices'], verbs('create', 'delete', 'update')),
    rule('medusa.k8ssandra.io', ['medusabackupjobs', 'medusarestorejobs'], ['create', 'delete', 'list', 'patch', 'watch']),
    rule('medusa.k8ssandra.io', ['medusabackups'], verbs()),
    rule('medusa.k8ssandra.io', ['medusabackupschedules'], verbs('create', 'delete', 'update')),
    rule('monitoring.coreos.com', ['servicemonitors'], verbs('create', 'delete', 'update')),
    rule('reaper.k8ssandra.io', ['reapers'], verbs('create', 'delete', 'update')),
    rule('stargate.k8ssandra.io', ['stargates'], verbs('create', 'delete', 'update')),
  ];
}

/**
 * The identity the control plane uses in this data plane, granted in the data plane's
 * namespace: the DCs live there, and the control plane watches only that namespace (see
 * validate-topology.ts). The token Secret is empty in the output: the cluster's token
 * controller fills it, so no credential is ever in Git.
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
