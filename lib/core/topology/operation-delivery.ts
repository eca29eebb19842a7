import type { Manifests } from './delivery';
import { k8ssandraControlPlane } from './k8ssandra-control-plane';
import { placeBackup, placeBackupSchedule, placeRestore } from './medusa-manifests';
import { Delivery, type CassandraClusterSpec } from './model';
import type { BackupScheduleSpec, BackupSpec, RestoreSpec, TaskSpec } from './operations';
import { missionControlTask, placeTask } from './task-manifests';
import type { ControlPlaneSpec, DataPlaneSpec } from '../model/platform';

/** What every operation's delivery needs to know about where it goes. */
export interface OperationTarget {
  readonly cluster: CassandraClusterSpec;
  readonly controlPlaneNamespace: string;
  /** Namespace of the K8ssandraCluster (the control-plane k8ssandra-operator's). */
  readonly k8ssandraNamespace: string;
  readonly dataPlanes: readonly DataPlaneSpec[];
}

export function operationTarget(cluster: CassandraClusterSpec, controlPlane: ControlPlaneSpec, dataPlanes: readonly DataPlaneSpec[]): OperationTarget {
  return { cluster, controlPlaneNamespace: controlPlane.namespace, k8ssandraNamespace: k8ssandraControlPlane(controlPlane, dataPlanes).namespace, dataPlanes };
}

const inControlPlane = (objects: Manifests['controlPlane']): Manifests => ({ controlPlane: objects, dataPlanes: new Map() });
const inDataPlanes = (dataPlanes: Manifests['dataPlanes']): Manifests => ({ controlPlane: [], dataPlanes });
const reconciled = (t: OperationTarget) => t.cluster.delivery === Delivery.RECONCILED;

/** A task: a MissionControlTask (reconciled), or the upstream task where upstream runs it (static). */
export function taskManifests(task: TaskSpec, t: OperationTarget): Manifests {
  if (reconciled(t)) {
    // Our own API keeps the typed arguments; the reconciler turns them into upstream's.
    const { command, ...args } = task.command;
    return inControlPlane([missionControlTask(task, t.controlPlaneNamespace, command, args)]);
  }
  return placeTask(task, t.cluster, t.k8ssandraNamespace, t.dataPlanes);
}

/**
 * Backup schedules always go next to their CassandraDatacenter, in either delivery: the
 * data-plane k8ssandra-operator reconciles them there (Medusa controllers run in both
 * modes), so backups keep running while the control plane is unreachable.
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
