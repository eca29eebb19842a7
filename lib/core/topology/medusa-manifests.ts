import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { MEDUSA_API_VERSION } from './k8ssandra-types';
import type { CassandraClusterSpec, MedusaSpec } from './model';
import { perDatacenterName, type BackupScheduleSpec, type BackupSpec, type RestoreSpec } from './operations';
import { medusaStorageProperties } from './placement';
import type { DataPlaneSpec } from '../model/platform';

const labels = (name: string, cluster: string, component: string) => ({ ...componentLabels(name, component), 'k8ssandra.io/cluster-name': cluster });

/** DCs a backup targets, grouped by the data plane hosting them, in data-plane order. */
type DataPlanes = readonly DataPlaneSpec[];

function byDataPlane(cluster: CassandraClusterSpec, dataPlanes: DataPlanes, datacenters: readonly string[]): Array<[DataPlaneSpec, string[]]> {
  const targets = datacenters.length > 0 ? datacenters : cluster.datacenters.map((dc) => dc.name);
  return dataPlanes
    .map((dp): [DataPlaneSpec, string[]] => [
      dp,
      cluster.datacenters.filter((dc) => dc.dataPlane === dp.name && targets.includes(dc.name)).map((dc) => dc.name),
    ])
    .filter(([, dcs]) => dcs.length > 0);
}

/** One MedusaBackupSchedule per DC, in the data plane and namespace of the DC. */
export function placeBackupSchedule(schedule: BackupScheduleSpec, cluster: CassandraClusterSpec, dataPlanes: DataPlanes): Map<string, KubeObject[]> {
  return new Map(
    byDataPlane(cluster, dataPlanes, schedule.datacenters).map(([dp, dcs]) => [
      dp.name,
      dcs.map((dc) => ({
        apiVersion: MEDUSA_API_VERSION,
        kind: 'MedusaBackupSchedule',
        metadata: { name: perDatacenterName(schedule.name, dc), namespace: dp.namespace, labels: labels(schedule.name, cluster.name, 'backup-schedule') },
        spec: {
          cronSchedule: schedule.cronSchedule,
          backupSpec: { cassandraDatacenter: dc, backupType: schedule.backupType },
          ...(schedule.disabled ? { disabled: true } : {}),
          concurrencyPolicy: 'Forbid',
        },
      })),
    ]),
  );
}

/** One MedusaBackupJob per DC; each creates a MedusaBackup of the same name. */
export function placeBackup(backup: BackupSpec, cluster: CassandraClusterSpec, dataPlanes: DataPlanes): Map<string, KubeObject[]> {
  return new Map(
    byDataPlane(cluster, dataPlanes, backup.datacenters).map(([dp, dcs]) => [
      dp.name,
      dcs.map((dc) => ({
        apiVersion: MEDUSA_API_VERSION,
        kind: 'MedusaBackupJob',
        metadata: { name: perDatacenterName(backup.name, dc), namespace: dp.namespace, labels: labels(backup.name, cluster.name, 'backup') },
        spec: { cassandraDatacenter: dc, backupType: backup.backupType },
      })),
    ]),
  );
}

export function placeRestore(restore: RestoreSpec, cluster: CassandraClusterSpec, dataPlanes: DataPlanes): Map<string, KubeObject[]> {
  return new Map(
    byDataPlane(cluster, dataPlanes, [restore.datacenter]).map(([dp]) => [
      dp.name,
      [
        {
          apiVersion: MEDUSA_API_VERSION,
          kind: 'MedusaRestoreJob',
          metadata: { name: restore.name, namespace: dp.namespace, labels: labels(restore.name, cluster.name, 'restore') },
          spec: { cassandraDatacenter: restore.datacenter, backup: restore.backup },
        },
      ],
    ]),
  );
}

/**
 * The shared MedusaConfiguration, in the namespace of the K8ssandraClusters that reference
 * it. The prefix stays with each cluster.
 */
export function medusaConfiguration(medusa: MedusaSpec, namespace: string): KubeObject | undefined {
  if (!medusa.sharedConfiguration) return undefined;
  const { prefix: _prefix, ...storageProperties } = medusaStorageProperties(medusa);
  return {
    apiVersion: MEDUSA_API_VERSION,
    kind: 'MedusaConfiguration',
    metadata: { name: medusa.sharedConfiguration, namespace, labels: componentLabels(medusa.sharedConfiguration, 'backup-storage') },
    spec: { storageProperties },
  };
}
