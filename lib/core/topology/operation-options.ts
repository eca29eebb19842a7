import { TaskScope, type BackupScheduleSpec, type BackupSpec, type BackupType, type RestoreSpec, type TaskCommand, type TaskSpec } from './operations';
import { list, text } from '../validation/required';

/** Settings every task shares. */
export interface TaskOptions {
  /**
   * metadata.name of the task objects.
   * @default - `<cluster name>-<id>`
   */
  readonly name?: string;
  /** The command and its arguments, e.g. `{ command: 'cleanup', keyspace: 'orders' }`. */
  readonly command: TaskCommand;
  /**
   * Seconds a finished task is kept before the operator deletes it; 0 keeps it for good.
   * Kept at 0 for output under GitOps: a finished task deleted by the operator would
   * otherwise be re-created, and so re-run, by the GitOps controller on its next sync.
   * @default 0
   */
  readonly ttlSecondsAfterFinished?: number;
}

/** A task on one datacenter. */
export interface CassandraTaskOptions extends TaskOptions {
  /** The datacenter the task runs in. */
  readonly datacenter: string;
}

/** A task across datacenters. */
export interface K8ssandraTaskOptions extends TaskOptions {
  /**
   * Datacenters to run in, in order.
   * @default - every datacenter of the cluster
   */
  readonly datacenters?: string[];
  /**
   * 'Forbid' runs one DC at a time, in order, and stops at the first failure; 'Allow' runs
   * all at once. Upstream orders the DCs across every data plane.
   * @default 'Forbid'
   */
  readonly dcConcurrencyPolicy?: 'Forbid' | 'Allow';
}

/** A recurring backup. */
export interface BackupScheduleOptions {
  /**
   * Base name; each DC gets a MedusaBackupSchedule `<name>-<dc>`.
   * @default - `<cluster name>-<id>`
   */
  readonly name?: string;
  /** Five-field cron expression (or `@daily`, `@every 6h`), e.g. '0 2 * * *'. */
  readonly cronSchedule: string;
  /**
   * Datacenters to back up.
   * @default - every datacenter of the cluster
   */
  readonly datacenters?: string[];
  /**
   * 'differential' uploads only the files changed since the last backup; 'full' all of them.
   * @default 'differential'
   */
  readonly backupType?: BackupType;
  /** Pause the schedule without removing it. @default false */
  readonly disabled?: boolean;
}

/** A one-off backup. */
export interface BackupOptions {
  /**
   * Base name; each DC gets a MedusaBackupJob `<name>-<dc>`, which creates a MedusaBackup of
   * the same name (the name a Restore refers to).
   * @default - `<cluster name>-<id>`
   */
  readonly name?: string;
  /**
   * Datacenters to back up.
   * @default - every datacenter of the cluster
   */
  readonly datacenters?: string[];
  /**
   * 'differential' uploads only the files changed since the last backup; 'full' all of them.
   * @default 'differential'
   */
  readonly backupType?: BackupType;
}

/** A restore of one datacenter. */
export interface RestoreOptions {
  /**
   * metadata.name of the restore object.
   * @default - `<cluster name>-<id>`
   */
  readonly name?: string;
  /**
   * The datacenter to restore. A restore STOPS THE WHOLE DATACENTER: every node is shut down,
   * the data replaced and the DC started again, so it serves no traffic meanwhile.
   */
  readonly datacenter: string;
  /** Name of the MedusaBackup to restore (for a Backup: `<its name>-<dc>`). */
  readonly backup: string;
}

/** Where an operation sits: its path for messages, its default name parts. */
export interface OperationOwner {
  readonly path: string;
  readonly id: string;
  readonly cluster: string;
}

// The resolvers take the options as plain JavaScript may give them: what is missing or of the
// wrong kind is reported by the operation's input check, and resolves to an empty value here.
const nameOf = (owner: OperationOwner, name: unknown) => (typeof name === 'string' ? name : `${owner.cluster}-${owner.id}`);
const optionsOf = <T>(o: T | undefined): Partial<T> => (o !== null && typeof o === 'object' ? o : {});
/** No command: given as anything but an object, it reads as one that names none (and is reported). */
const commandOf = (c: unknown): TaskCommand => (c !== null && typeof c === 'object' && !Array.isArray(c) ? (c as TaskCommand) : ({} as TaskCommand));

export function resolveCassandraTask(owner: OperationOwner, options: CassandraTaskOptions): TaskSpec {
  const o = optionsOf(options);
  return {
    path: owner.path,
    name: nameOf(owner, o.name),
    cluster: owner.cluster,
    scope: TaskScope.DATACENTER,
    datacenters: [text(o.datacenter)],
    command: commandOf(o.command),
    ttlSecondsAfterFinished: o.ttlSecondsAfterFinished ?? 0,
    dcConcurrencyPolicy: 'Forbid',
  };
}

export function resolveK8ssandraTask(owner: OperationOwner, options: K8ssandraTaskOptions): TaskSpec {
  const o = optionsOf(options);
  return {
    path: owner.path,
    name: nameOf(owner, o.name),
    cluster: owner.cluster,
    scope: TaskScope.CLUSTER,
    datacenters: list(o.datacenters),
    command: commandOf(o.command),
    ttlSecondsAfterFinished: o.ttlSecondsAfterFinished ?? 0,
    dcConcurrencyPolicy: o.dcConcurrencyPolicy ?? 'Forbid',
  };
}

export function resolveBackupSchedule(owner: OperationOwner, options: BackupScheduleOptions): BackupScheduleSpec {
  const o = optionsOf(options);
  return {
    path: owner.path,
    name: nameOf(owner, o.name),
    cluster: owner.cluster,
    datacenters: list(o.datacenters),
    cronSchedule: text(o.cronSchedule),
    backupType: o.backupType ?? 'differential',
    disabled: o.disabled ?? false,
  };
}

export function resolveBackup(owner: OperationOwner, options: BackupOptions): BackupSpec {
  const o = optionsOf(options);
  return { path: owner.path, name: nameOf(owner, o.name), cluster: owner.cluster, datacenters: list(o.datacenters), backupType: o.backupType ?? 'differential' };
}

export function resolveRestore(owner: OperationOwner, options: RestoreOptions): RestoreSpec {
  const o = optionsOf(options);
  return { path: owner.path, name: nameOf(owner, o.name), cluster: owner.cluster, datacenter: text(o.datacenter), backup: text(o.backup) };
}
