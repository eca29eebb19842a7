import type { Manifests } from './delivery';
import { placeBackup, placeBackupSchedule, placeRestore } from './medusa-manifests';
import { Delivery, type CassandraClusterSpec } from './model';
import type { BackupScheduleSpec, BackupSpec, RestoreSpec, TaskSpec } from './operations';
import { missionControlTask, placeTask } from './task-manifests';
import type { DataPlaneSpec } from '../model/platform';

/** What every operation's delivery needs to know about where it goes. */
export interface OperationTarget {
  readonly cluster: CassandraClusterSpec;
  readonly controlPlaneNamespace: string;
  readonly dataPlanes: readonly DataPlaneSpec[];
}

const inControlPlane = (objects: Manifests['controlPlane']): Manifests => ({ controlPlane: objects, dataPlanes: new Map() });
const inDataPlanes = (dataPlanes: Manifests['dataPlanes']): Manifests => ({ controlPlane: [], dataPlanes });
const reconciled = (t: OperationTarget) => t.cluster.delivery === Delivery.RECONCILED;

/** A task: a MissionControlTask (reconciled) or upstream tasks in the DCs' data planes (static). */
export function taskManifests(task: TaskSpec, t: OperationTarget): Manifests {
  if (reconciled(t)) {
    // Our own API keeps the typed arguments; the reconciler turns them into upstream's.
    const { command, ...args } = task.command;
    return inControlPlane([missionControlTask(task, t.controlPlaneNamespace, command, args)]);
  }
  return inDataPlanes(placeTask(task, t.cluster, t.dataPlanes));
}

/**
 * Backup schedules always go to the data planes, in either delivery, so backups keep
 * running while the control plane is unreachable.
 */
export function backupScheduleManifests(schedule: BackupScheduleSpec, t: OperationTarget): Manifests {
  return inDataPlanes(placeBackupSchedule(schedule, t.cluster, t.dataPlanes));
}

export function backupManifests(backup: BackupSpec, t: OperationTarget): Manifests {
  if (reconciled(t)) return inControlPlane([missionControlTask(backup, t.controlPlaneNamespace, 'backup', { backupType: backup.backupType })]);
  return inDataPlanes(placeBackup(backup, t.cluster, t.dataPlanes));
}

export function restoreManifests(restore: RestoreSpec, t: OperationTarget): Manifests {
  if (reconciled(t)) {
    const ref = { name: restore.name, cluster: restore.cluster, datacenters: [restore.datacenter] };
    return inControlPlane([missionControlTask(ref, t.controlPlaneNamespace, 'restore', { backup: restore.backup })]);
  }
  return inDataPlanes(placeRestore(restore, t.cluster, t.dataPlanes));
}
