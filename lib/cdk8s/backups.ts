import type { CassandraCluster } from './cassandra-cluster';
import { ClusterOperation } from './tasks';
import type { Problem } from '../core/problems';
import { backupManifests, backupScheduleManifests, restoreManifests } from '../core/topology/operation-delivery';
import {
  resolveBackup,
  resolveBackupSchedule,
  resolveRestore,
  type BackupOptions,
  type BackupScheduleOptions,
  type RestoreOptions,
} from '../core/topology/operation-options';
import type { BackupScheduleSpec, BackupSpec, RestoreSpec } from '../core/topology/operations';
import { validateBackup, validateBackupSchedule, validateRestore } from '../core/topology/validate-operations';
import { backupInputProblems, backupScheduleInputProblems, restoreInputProblems } from '../core/validation/operation-input-problems';

/** Props of a recurring backup. */
export interface BackupScheduleProps extends BackupScheduleOptions {}

/**
 * Scheduled Medusa backups: one MedusaBackupSchedule per DC, in the DC's data plane with
 * either delivery, so backups keep running while the control plane is unreachable.
 * The cluster needs `medusa` storage.
 */
export class BackupSchedule extends ClusterOperation {
  private readonly props: BackupScheduleProps;

  constructor(cluster: CassandraCluster, id: string, props: BackupScheduleProps) {
    super(cluster, id);
    this.props = props;
    this.register();
  }

  /** The resolved schedule, with defaults applied. */
  get spec(): BackupScheduleSpec {
    return resolveBackupSchedule(this.owner, this.props);
  }

  /** Problems of the props as given and of the resolved schedule against its cluster (e.g. no `medusa`); empty when valid. */
  problems(): Problem[] {
    return this.checked(backupScheduleInputProblems(this.node.path, this.props), () => validateBackupSchedule(this.spec, this.cluster.spec));
  }

  protected build() {
    return backupScheduleManifests(this.spec, this.target);
  }
}

/** Props of a one-off backup. */
export interface BackupProps extends BackupOptions {}

/** A one-off Medusa backup: MedusaBackupJobs (static) or a MissionControlTask (reconciled). */
export class Backup extends ClusterOperation {
  private readonly props: BackupProps;

  constructor(cluster: CassandraCluster, id: string, props: BackupProps = {}) {
    super(cluster, id);
    this.props = props;
    this.register();
  }

  /** The resolved backup, with defaults applied. */
  get spec(): BackupSpec {
    return resolveBackup(this.owner, this.props);
  }

  /** Problems of the props as given and of the resolved backup against its cluster (e.g. no `medusa`); empty when valid. */
  problems(): Problem[] {
    return this.checked(backupInputProblems(this.node.path, this.props), () => validateBackup(this.spec, this.cluster.spec));
  }

  protected build() {
    return backupManifests(this.spec, this.target);
  }
}

/** Props of a restore. */
export interface RestoreProps extends RestoreOptions {}

/** Restores one DC from a Medusa backup: a MedusaRestoreJob (static) or a MissionControlTask (reconciled). */
export class Restore extends ClusterOperation {
  private readonly props: RestoreProps;

  constructor(cluster: CassandraCluster, id: string, props: RestoreProps) {
    super(cluster, id);
    this.props = props;
    this.register();
  }

  /** The resolved restore. */
  get spec(): RestoreSpec {
    return resolveRestore(this.owner, this.props);
  }

  /** Problems of the props as given and of the resolved restore against its cluster; empty when valid. */
  problems(): Problem[] {
    return this.checked(restoreInputProblems(this.node.path, this.props), () => validateRestore(this.spec, this.cluster.spec));
  }

  protected build() {
    return restoreManifests(this.spec, this.target);
  }
}
