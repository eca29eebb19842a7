import * as pulumi from '@pulumi/pulumi';
import type { CassandraCluster } from './cassandra-cluster';
import { MissionControlComponent } from './component';
import { createPlacedObjects } from './placed-objects';
import { plainArgs, withoutRepeatsOfNotPlain } from './plain-values';
import { Phase } from './program';
import { problem, show, showKind, type Problem } from '../core/problems';
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
import {
  backupInputProblems,
  backupScheduleInputProblems,
  cassandraTaskInputProblems,
  k8ssandraTaskInputProblems,
  restoreInputProblems,
} from '../core/validation/operation-input-problems';

/**
 * Every operation takes the cluster it acts on. Its other props are plain values, checked
 * with the program's other components; an Output is refused.
 */
export interface OperationArgs {
  /** The cluster the operation acts on. */
  readonly cluster: CassandraCluster;
}

interface Steps<S, A> {
  input: (path: string, args: unknown) => Problem[];
  resolve: (owner: OperationOwner, args: A) => S;
  validate: (spec: S, cluster: CassandraCluster) => Problem[];
  manifests: (spec: S, cluster: CassandraCluster) => Manifests;
}

/** A CassandraCluster component, also one of another copy of this library; a cdk8s one is not. */
const isCluster = (x: unknown): x is CassandraCluster => x !== null && typeof x === 'object' && 'spec' in x && '_target' in x;

function clusterProblem(name: string, cluster: unknown): Problem {
  const message = cluster === undefined || cluster === null ? `cluster is required but missing (${show(cluster)})` : `cluster must be a CassandraCluster component, not ${showKind(cluster)}`;
  return problem(`${name}/cluster`, message, 'pass the CassandraCluster component (mission-control-constructs/pulumi) the operation acts on');
}

/**
 * An operation's objects, placed like the cdk8s constructs place them: in the control plane
 * (reconciled) or the DCs' data planes (static), each with its cluster's provider. The
 * default object name is `<cluster name>-<component name>`, as with cdk8s and its id; pass
 * `name` for another.
 */
abstract class Operation<S, A extends OperationArgs> extends MissionControlComponent {
  public readonly spec: S | undefined;
  /** Names of the emitted objects, `<folder>:<kind>:<namespace>/<name>`; empty if the program is invalid. */
  public readonly objectNames: pulumi.Output<string[]>;
  private placedNames: string[] = [];

  protected constructor(type: string, name: string, args: A, opts: pulumi.ComponentResourceOptions, steps: Steps<S, A>) {
    super(type, name, opts);
    const plain = plainArgs(name, args);
    const cluster: unknown = plain.args?.cluster;
    const given = isCluster(cluster) ? cluster : undefined;
    this.spec = given ? steps.resolve({ path: name, id: name, cluster: given.spec.name }, plain.args) : undefined;
    this.objectNames = pulumi.output(this.getData().then(() => this.placedNames, () => []));
    this.declare(type, name, opts, {
      problems: () => {
        const input = steps.input(name, plain.args);
        const own = given && this.spec !== undefined ? [...input, ...steps.validate(this.spec, given)] : [clusterProblem(name, cluster), ...input];
        return withoutRepeatsOfNotPlain(plain.problems, own);
      },
      create: {
        [Phase.OPERATION]: () => {
          const manifests = steps.manifests(this.spec!, given!);
          this.placedNames = createPlacedObjects(this, this.names, given!.controlPlane, manifests, given!._dataPlaneNames).names;
          this.registerOutputs({ objectNames: this.objectNames });
        },
      },
    });
  }
}

/** A node operation on one datacenter (see the cdk8s `CassandraTask`). */
export class CassandraTask extends Operation<ReturnType<typeof resolveCassandraTask>, OperationArgs & CassandraTaskOptions> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:CassandraTask';
  constructor(name: string, args: OperationArgs & CassandraTaskOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(CassandraTask.TYPE, name, args, opts, {
      input: cassandraTaskInputProblems,
      resolve: (owner, given) => resolveCassandraTask(owner, given),
      validate: (spec, cluster) => validateTask(spec, cluster.spec),
      manifests: (spec, cluster) => taskManifests(spec, cluster._target),
    });
  }
}

/** A node operation across datacenters (see the cdk8s `K8ssandraTask`). */
export class K8ssandraTask extends Operation<ReturnType<typeof resolveK8ssandraTask>, OperationArgs & K8ssandraTaskOptions> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:K8ssandraTask';
  constructor(name: string, args: OperationArgs & K8ssandraTaskOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(K8ssandraTask.TYPE, name, args, opts, {
      input: k8ssandraTaskInputProblems,
      resolve: (owner, given) => resolveK8ssandraTask(owner, given),
      validate: (spec, cluster) => validateTask(spec, cluster.spec),
      manifests: (spec, cluster) => taskManifests(spec, cluster._target),
    });
  }
}

/** Scheduled Medusa backups, in the DCs' data planes with either delivery. */
export class BackupSchedule extends Operation<ReturnType<typeof resolveBackupSchedule>, OperationArgs & BackupScheduleOptions> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:BackupSchedule';
  constructor(name: string, args: OperationArgs & BackupScheduleOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(BackupSchedule.TYPE, name, args, opts, {
      input: backupScheduleInputProblems,
      resolve: (owner, given) => resolveBackupSchedule(owner, given),
      validate: (spec, cluster) => validateBackupSchedule(spec, cluster.spec),
      manifests: (spec, cluster) => backupScheduleManifests(spec, cluster._target),
    });
  }
}

/** A one-off Medusa backup. */
export class Backup extends Operation<ReturnType<typeof resolveBackup>, OperationArgs & BackupOptions> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:Backup';
  constructor(name: string, args: OperationArgs & BackupOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(Backup.TYPE, name, args, opts, {
      input: backupInputProblems,
      resolve: (owner, given) => resolveBackup(owner, given),
      validate: (spec, cluster) => validateBackup(spec, cluster.spec),
      manifests: (spec, cluster) => backupManifests(spec, cluster._target),
    });
  }
}

/** Restores one DC from a Medusa backup; the DC is stopped while it runs. */
export class Restore extends Operation<ReturnType<typeof resolveRestore>, OperationArgs & RestoreOptions> {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:Restore';
  constructor(name: string, args: OperationArgs & RestoreOptions, opts: pulumi.ComponentResourceOptions = {}) {
    super(Restore.TYPE, name, args, opts, {
      input: restoreInputProblems,
      resolve: (owner, given) => resolveRestore(owner, given),
      validate: (spec, cluster) => validateRestore(spec, cluster.spec),
      manifests: (spec, cluster) => restoreManifests(spec, cluster._target),
    });
  }
}
