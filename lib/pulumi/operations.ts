import * as pulumi from '@pulumi/pulumi';
import type { CassandraCluster } from './cassandra-cluster';
import { createPlacedObjects } from './cassandra-cluster';
import { assertNoProblems, type Problem } from '../core/problems';
import type { Manifests } from '../core/topology/delivery';
import { backupManifests, backupScheduleManifests, restoreManifests, taskManifests } from '../core/topology/operation-delivery';
import {
  resolveBackup,
  resolveBackupSchedule,
  resolveCassandraTask,
  resolveK8ssandraTask,
  resolveRestore,
  type BackupOptions,
  type BackupScheduleOptions,
  type CassandraTaskOptions,
  type K8ssandraTaskOptions,
  type OperationOwner,
  type RestoreOptions,
} from '../core/topology/operation-options';
import { validateBackup, validateBackupSchedule, validateRestore, validateTask } from '../core/topology/validate-operations';

/** Every operation takes the cluster it acts on. */
interface OperationArgs {
  readonly cluster: CassandraCluster;
}

/**
 * An operation's objects, placed like the cdk8s constructs place them: in the control plane
 * (reconciled) or the DCs' data planes (static), each with its cluster's provider.
 */
abstract class Operation<S> extends pulumi.ComponentResource {
  public readonly spec: S;
  public readonly resources: pulumi.CustomResource[];
  public readonly objectNames: pulumi.Output<string[]>;

  protected constructor(
    type: string,
    name: string,
    cluster: CassandraCluster,
    opts: pulumi.ComponentResourceOptions,
    steps: { resolve: (owner: OperationOwner) => S; validate: (spec: S) => Problem[]; manifests: (spec: S) => Manifests },
  ) {
    super(type, name, {}, opts);
    this.spec = steps.resolve({ path: name, id: name, cluster: cluster.spec.name });
    assertNoProblems(steps.validate(this.spec));
    const placed = createPlacedObjects(this, cluster.controlPlane, steps.manifests(this.spec));
    this.resources = placed.resources;
    this.objectNames = pulumi.output(placed.names);
    this.registerOutputs({ objectNames: this.objectNames });
  }
}

/** A node operation on one datacenter (see the cdk8s `CassandraTask`). */
export class CassandraTask extends Operation<ReturnType<typeof resolveCassandraTask>> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:CassandraTask';
  constructor(name: string, args: OperationArgs & CassandraTaskOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(CassandraTask.TYPE, name, args.cluster, opts, {
      resolve: (owner) => resolveCassandraTask(owner, args),
      validate: (spec) => validateTask(spec, args.cluster.spec),
      manifests: (spec) => taskManifests(spec, args.cluster._target),
    });
  }
}

/** A node operation across datacenters (see the cdk8s `K8ssandraTask`). */
export class K8ssandraTask extends Operation<ReturnType<typeof resolveK8ssandraTask>> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:K8ssandraTask';
  constructor(name: string, args: OperationArgs & K8ssandraTaskOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(K8ssandraTask.TYPE, name, args.cluster, opts, {
      resolve: (owner) => resolveK8ssandraTask(owner, args),
      validate: (spec) => validateTask(spec, args.cluster.spec),
      manifests: (spec) => taskManifests(spec, args.cluster._target),
    });
  }
}

/** Scheduled Medusa backups, in the DCs' data planes with either delivery. */
export class BackupSchedule extends Operation<ReturnType<typeof resolveBackupSchedule>> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:BackupSchedule';
  constructor(name: string, args: OperationArgs & BackupScheduleOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(BackupSchedule.TYPE, name, args.cluster, opts, {
      resolve: (owner) => resolveBackupSchedule(owner, args),
      validate: (spec) => validateBackupSchedule(spec, args.cluster.spec),
      manifests: (spec) => backupScheduleManifests(spec, args.cluster._target),
    });
  }
}

/** A one-off Medusa backup. */
export class Backup extends Operation<ReturnType<typeof resolveBackup>> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:Backup';
  constructor(name: string, args: OperationArgs & BackupOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(Backup.TYPE, name, args.cluster, opts, {
      resolve: (owner) => resolveBackup(owner, args),
      validate: (spec) => validateBackup(spec, args.cluster.spec),
      manifests: (spec) => backupManifests(spec, args.cluster._target),
    });
  }
}

/** Restores one DC from a Medusa backup; the DC is stopped while it runs. */
export class Restore extends Operation<ReturnType<typeof resolveRestore>> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:Restore';
  constructor(name: string, args: OperationArgs & RestoreOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(Restore.TYPE, name, args.cluster, opts, {
      resolve: (owner) => resolveRestore(owner, args),
      validate: (spec) => validateRestore(spec, args.cluster.spec),
      manifests: (spec) => restoreManifests(spec, args.cluster._target),
    });
  }
}
