import { Construct } from 'constructs';
import type { CassandraCluster } from './cassandra-cluster';
import { renderInto } from './cluster-output';
import { registerProblemSource } from './platform-validation';
import type { Problem } from '../core/problems';
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

/** Shared placement of tasks and backups: each object goes to the cluster whose operator runs it. */
export abstract class ClusterOperation extends Construct {
  /** The cluster the operation works on. */
  public readonly cluster: CassandraCluster;

  protected constructor(cluster: CassandraCluster, id: string) {
    super(cluster, id);
    this.cluster = cluster;
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

  /** @internal */
  _render(): void {
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
    this.cluster._addDependent(this);
    this._render();
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
    return [...cassandraTaskInputProblems(this.node.path, this.props), ...validateTask(this.spec, this.cluster.spec)];
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
    return [...k8ssandraTaskInputProblems(this.node.path, this.props), ...validateTask(this.spec, this.cluster.spec)];
  }

  protected build() {
    return taskManifests(this.spec, this.target);
  }
}
