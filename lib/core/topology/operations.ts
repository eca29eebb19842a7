/** Day-2 operations on a cluster: node tasks and Medusa backups, as plain specs. */

/** Keyspace and tables a command works on. */
export interface KeyspaceScope {
  /**
   * Keyspace the command works on.
   * @default - every keyspace
   */
  readonly keyspace?: string;
  /** Tables of `keyspace`. @default - every table */
  readonly tables?: string[];
}

/** A node command with the arguments it takes (cass-operator's supported commands). */
export type TaskCommand =
  | {
    readonly command: 'restart';
    /** Only this rack. @default - every rack, one after the other */
    readonly rack?: string;
    /** Restart a healthy rack all at once instead of pod by pod. @default false */
    readonly fast?: boolean;
  }
  | ({ readonly command: 'cleanup'; /** Threads per node. @default - server default */ readonly jobs?: number } & KeyspaceScope)
  | {
    readonly command: 'rebuild';
    /** DC to stream the data from; another DC of the same cluster. */
    readonly sourceDatacenter: string;
    /** @default - every keyspace */
    readonly keyspace?: string;
  }
  | {
    readonly command: 'replacenode';
    /** Pod whose node is replaced, e.g. 'prod-dc1-1a-sts-2'. */
    readonly podName: string;
  }
  | ({ readonly command: 'upgradesstables'; /** @default - server default */ readonly jobs?: number } & KeyspaceScope)
  | ({
    readonly command: 'compact';
    /** @default false */
    readonly splitOutput?: boolean;
    /** Token range start; set together with `endToken`. @default - whole ring */
    readonly startToken?: string;
    /** @default - whole ring */
    readonly endToken?: string;
  } & KeyspaceScope)
  | ({
    readonly command: 'scrub';
    /** @default false */
    readonly noValidate?: boolean;
    /** @default false */
    readonly noSnapshot?: boolean;
    /** @default false */
    readonly skipCorrupted?: boolean;
  } & KeyspaceScope)
  | ({ readonly command: 'flush' } & KeyspaceScope)
  | ({ readonly command: 'garbagecollect'; /** @default - server default */ readonly jobs?: number } & KeyspaceScope)
  | { readonly command: 'refresh' }
  | {
    readonly command: 'move';
    /** New token per pod name (single-token nodes only). */
    readonly newTokens: Readonly<Record<string, string>>;
  };

export type TaskCommandName = TaskCommand['command'];

export const TASK_COMMANDS: readonly TaskCommandName[] = ['restart', 'cleanup', 'rebuild', 'replacenode', 'upgradesstables', 'compact', 'scrub', 'flush', 'garbagecollect', 'refresh', 'move'];

/** Which upstream task kind carries the command in GitOps output. */
export enum TaskScope {
  /** A CassandraTask for one DC, run by cass-operator in the DC's data plane. */
  DATACENTER = 'datacenter',
  /** A K8ssandraTask over several DCs, run by k8ssandra-operator. */
  CLUSTER = 'cluster',
}

/** A task, resolved. */
export interface TaskSpec {
  /** Construct path (cdk8s) or resource name (Pulumi), for error messages. */
  readonly path: string;
  /** metadata.name of every emitted object. */
  readonly name: string;
  /** Object name of the cluster. */
  readonly cluster: string;
  /** Which upstream task kind carries the command in GitOps output. */
  readonly scope: TaskScope;
  /** Target DCs; empty for a cluster task = every DC. */
  readonly datacenters: readonly string[];
  /** The command and its arguments. */
  readonly command: TaskCommand;
  /** Seconds a finished task is kept before the operator deletes it; 0 (the default of the options) keeps it. */
  readonly ttlSecondsAfterFinished: number;
  /** For cluster tasks: one DC at a time ('Forbid') or all at once ('Allow'). */
  readonly dcConcurrencyPolicy: 'Forbid' | 'Allow';
}

export type BackupType = 'differential' | 'full';

/** A recurring Medusa backup of some DCs. */
export interface BackupScheduleSpec {
  /** Construct path (cdk8s) or resource name (Pulumi), for error messages. */
  readonly path: string;
  /** Base name; each DC gets a MedusaBackupSchedule `<name>-<dc>`. */
  readonly name: string;
  /** Object name of the cluster. */
  readonly cluster: string;
  /** Empty = every DC. */
  readonly datacenters: readonly string[];
  /** Five-field cron expression (or `@daily`, `@every 6h`). */
  readonly cronSchedule: string;
  /** `'differential'` (the default of the options) or `'full'`. */
  readonly backupType: BackupType;
  /** Whether the schedule is paused (`false` unless the options said so). */
  readonly disabled: boolean;
}

/** A one-off Medusa backup. */
export interface BackupSpec {
  /** Construct path (cdk8s) or resource name (Pulumi), for error messages. */
  readonly path: string;
  /** Backup name; each DC gets a MedusaBackupJob `<name>-<dc>`. */
  readonly name: string;
  /** Object name of the cluster. */
  readonly cluster: string;
  /** Empty = every DC. */
  readonly datacenters: readonly string[];
  /** `'differential'` (the default of the options) or `'full'`. */
  readonly backupType: BackupType;
}

/** A restore of one DC from a MedusaBackup. */
export interface RestoreSpec {
  /** Construct path (cdk8s) or resource name (Pulumi), for error messages. */
  readonly path: string;
  /** Name of the MedusaRestoreJob. */
  readonly name: string;
  /** Object name of the cluster. */
  readonly cluster: string;
  /** The DC to restore; it is stopped while the restore runs. */
  readonly datacenter: string;
  /** Name of the MedusaBackup to restore. */
  readonly backup: string;
}

/** The name of the object a backup or schedule creates for one DC. */
export const perDatacenterName = (name: string, dc: string): string => `${name}-${dc}`;
