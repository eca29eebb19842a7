import { Construct } from 'constructs';
import { ensureAppValidation } from './app-validation';
import { CassandraCluster } from './cassandra-cluster';
import { renderInto } from './cluster-output';
import { registerProblemSource } from './platform-validation';
import { constructScope, scopeProblem } from './scope';
import { show, ValidationError, type Problem } from '../core/problems';
import type { Manifests } from '../core/topology/delivery';
import { operationTarget, taskManifests, type OperationTarget } from '../core/topology/operation-delivery';
import {
  type OperationOwner,
  resolveCassandraTask,
  resolveK8ssandraTask,
  type CassandraTaskOptions,
  type K8ssandraTaskOptions,
} from '../core/topology/operation-options';
import type { TaskSpec } from '../core/topology/operations';
import { validateTask } from '../core/topology/validate-operations';
import { cassandraTaskInputProblems, k8ssandraTaskInputProblems } from '../core/validation/operation-input-problems';

const create = (kind: string, id: string) => `new ${kind}(cluster, ${show(id)}, props), with the CassandraCluster it works on`;

/** Shared placement of tasks and backups: each object goes to the cluster whose operator runs it. */
export abstract class ClusterOperation extends Construct {
  private readonly placedIn: CassandraCluster | undefined;

  protected constructor(cluster: CassandraCluster, id: string) {
    super(constructScope(cluster, id, new.target.name, 'CassandraCluster', create(new.target.name, id)), id);
    // In another scope (plain JavaScript) the operation places nothing and reports where it belongs.
    this.placedIn = CassandraCluster.isCassandraCluster(cluster) ? cluster : undefined;
  }

  /** The cluster the operation works on. */
  get cluster(): CassandraCluster {
    if (!this.placedIn) throw new ValidationError([this.misplaced()], `the ${this.constructor.name} has no cluster`);
    return this.placedIn;
  }

  /** Problems of the props as given and of the resolved operation against its cluster; empty when valid. */
  abstract problems(): Problem[];

  /** Objects for the control plane and per data plane, where each one is run. */
  protected abstract build(): Manifests;

  protected get owner(): OperationOwner {
    return { path: this.node.path, id: this.node.id, cluster: this.cluster.name };
  }

  protected get target(): OperationTarget {
    return operationTarget(this.cluster.spec, this.cluster.controlPlane.spec, this.cluster.dataPlanes);
  }

  /** The props' problems, and the resolved operation's once there is a cluster to resolve it against. */
  protected checked(input: readonly Problem[], resolved: () => Problem[]): Problem[] {
    return this.placedIn ? [...input, ...resolved()] : [this.misplaced(), ...input];
  }

  /** @internal */
  _render(): void {
    // A cluster outside a control plane, or none, reports itself; there is nowhere to place to.
    if (!this.placedIn?._controlPlane) return;
    const out = this.build();
    renderInto(this, 'Resources', out.controlPlane);
    const id = `CassandraCluster-${this.cluster.name}-${this.node.id}`;
    for (const [dpName, objects] of out.dataPlanes) {
      const chart = this.cluster.dataPlaneChart(dpName);
      if (chart) renderInto(chart, id, objects);
    }
  }

  protected register(): void {
    registerProblemSource(this);
    ensureAppValidation(this);
    this.placedIn?._addDependent(this);
    this._render();
  }

  private misplaced(): Problem {
    return scopeProblem(this, this.constructor.name, 'CassandraCluster', create(this.constructor.name, this.node.id));
  }
}

/** Props of a task on one datacenter. */
export interface CassandraTaskProps extends CassandraTaskOptions {}

/**
 * A node operation on one datacenter: a CassandraTask in the DC's data plane (static), or
 * a MissionControlTask (reconciled). Tasks run once; keep them out of long-lived output
 * once done.
 */
export class CassandraTask extends ClusterOperation {
  private readonly props: CassandraTaskProps;

  constructor(cluster: CassandraCluster, id: string, props: CassandraTaskProps) {
    super(cluster, id);
    this.props = props;
    this.register();
  }

  /** The resolved task. */
  get spec(): TaskSpec {
    return resolveCassandraTask(this.owner, this.props);
  }

  /** Problems of the props as given and of the resolved task against its cluster; empty when valid. */
  problems(): Problem[] {
    return this.checked(cassandraTaskInputProblems(this.node.path, this.props), () => validateTask(this.spec, this.cluster.spec));
  }

  protected build() {
    return taskManifests(this.spec, this.target);
  }
}

/** Props of a task across datacenters. */
export interface K8ssandraTaskProps extends K8ssandraTaskOptions {}

/**
 * A node operation across datacenters: one K8ssandraTask in the control plane, which
 * upstream fans out to every DC (static), or a MissionControlTask (reconciled).
 */
export class K8ssandraTask extends ClusterOperation {
  private readonly props: K8ssandraTaskProps;

  constructor(cluster: CassandraCluster, id: string, props: K8ssandraTaskProps) {
    super(cluster, id);
    this.props = props;
    this.register();
  }

  /** The resolved task. */
  get spec(): TaskSpec {
    return resolveK8ssandraTask(this.owner, this.props);
  }

  /** Problems of the props as given and of the resolved task against its cluster; empty when valid. */
  problems(): Problem[] {
    return this.checked(k8ssandraTaskInputProblems(this.node.path, this.props), () => validateTask(this.spec, this.cluster.spec));
  }

  protected build() {
    return taskManifests(this.spec, this.target);
  }
}
