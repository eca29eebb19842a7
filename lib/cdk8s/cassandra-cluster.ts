import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ensureAppValidation } from './app-validation';
import { CASSANDRA_CLUSTER_BRAND, hasBrand } from './brand';
import { renderInto } from './cluster-output';
import { ControlPlane } from './control-plane';
import type { DataPlane } from './data-plane';
import { registerProblemSource, type ProblemSource } from './platform-validation';
import { constructScope, scopeProblem } from './scope';
import type { DataPlaneSpec } from '../core/model/platform';
import { problem, show, ValidationError, type Problem } from '../core/problems';
import { clusterManifests } from '../core/topology/delivery';
import { medusaConfiguration } from '../core/topology/medusa-manifests';
import type { CassandraClusterSpec } from '../core/topology/model';
import { resolveCassandraCluster, type CassandraClusterOptions, type DatacenterOptions } from '../core/topology/options';
import { validateCluster } from '../core/topology/validate-cluster';
import { clusterInputProblems } from '../core/validation/input-problems';

const CREATE = (id: string) => `new CassandraCluster(controlPlane, ${show(id)}, props)`;

/** One datacenter, placed in a data plane of the platform. */
export interface DatacenterProps extends Omit<DatacenterOptions, 'dataPlane'> {
  /** The data plane (region) hosting the DC. */
  readonly dataPlane: DataPlane;
}

/** Props of a Cassandra cluster. */
export interface CassandraClusterProps extends CassandraClusterOptions {
  /**
   * Object name of the MissionControlCluster / K8ssandraCluster: a DNS-1035 label.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Datacenters, in creation order (upstream creates them one after the other).
   * @default - none; add them with addDatacenter()
   */
  readonly datacenters?: DatacenterProps[];
}

/** Something placed from a cluster's DCs, redone when a DC is added. */
export interface ClusterDependent {
  /** @internal */
  _render(): void;
}

/**
 * A Cassandra cluster spanning one or more data planes, declared in the control plane.
 * Reconciled delivery writes one MissionControlCluster to the control plane; static delivery
 * writes the cluster's one K8ssandraCluster there, for the control-plane k8ssandra-operator.
 */
export class CassandraCluster extends Construct implements ProblemSource {
  /** Whether `x` is a CassandraCluster, also one from another copy of this library. */
  static isCassandraCluster(x: unknown): x is CassandraCluster {
    return hasBrand(x, CASSANDRA_CLUSTER_BRAND);
  }

  private readonly placedIn: ControlPlane | undefined;
  private readonly props: CassandraClusterProps;
  private readonly dcs: DatacenterOptions[] = [];
  /** The datacenters as given, for the required-prop check. */
  private readonly givenDcs: unknown[] = [];
  private readonly dataPlaneCharts = new Map<string, DataPlane>();
  private readonly dependents: ClusterDependent[] = [];
  private readonly objectName: string;

  constructor(scope: ControlPlane, id: string, props: CassandraClusterProps) {
    super(constructScope(scope, id, 'CassandraCluster', 'ControlPlane', CREATE(id)), id);
    Object.defineProperty(this, CASSANDRA_CLUSTER_BRAND, { value: true });
    // Elsewhere (plain JavaScript, or a chart mistaken for the control plane) the cluster
    // places nothing and reports where it belongs with the app's other problems.
    this.placedIn = ControlPlane.isControlPlane(scope) ? scope : undefined;
    this.props = props ?? {};
    this.objectName = this.props.name ?? id;
    for (const dc of this.props.datacenters ?? []) this.addDc(dc);
    registerProblemSource(this);
    ensureAppValidation(this);
    this.render();
  }

  /** The control plane the cluster is created in. */
  get controlPlane(): ControlPlane {
    if (!this.placedIn) throw new ValidationError([this.misplaced()], 'the cluster has no control plane');
    return this.placedIn;
  }

  /** @internal The control plane, or nothing for a cluster created elsewhere. */
  get _controlPlane(): ControlPlane | undefined {
    return this.placedIn;
  }

  /** Object name of the cluster. */
  get name(): string {
    return this.objectName;
  }

  /** The resolved model, as the core validates and places it. */
  get spec(): CassandraClusterSpec {
    return resolveCassandraCluster(this.node.path, this.objectName, { ...this.props, datacenters: this.dcs }, this.placedIn?.spec.defaultDelivery);
  }

  /** The platform's data planes, as registered with the control plane. */
  get dataPlanes(): readonly DataPlaneSpec[] {
    return this.placedIn?.dataPlanes ?? [];
  }

  /** The chart of a data plane hosting one of the cluster's DCs. */
  dataPlaneChart(name: string): DataPlane | undefined {
    return this.dataPlaneCharts.get(name);
  }

  /** Adds a datacenter after the others. */
  addDatacenter(dc: DatacenterProps): void {
    this.addDc(dc);
    this.render();
    for (const d of this.dependents) d._render();
  }

  /** @internal Tasks and backups re-place themselves when DCs change. */
  _addDependent(dependent: ClusterDependent): void {
    this.dependents.push(dependent);
  }

  /** Problems of the resolved cluster against its control plane and data planes; empty when valid. */
  problems(): Problem[] {
    const input = clusterInputProblems(this.node.path, this.props, this.givenDcs);
    // Without a control plane, the DCs' data planes and the platform's defaults are unknown.
    if (!this.placedIn) return [this.misplaced(), ...input];
    const spec = this.spec;
    const problems = [...input, ...validateCluster(spec, this.dataPlanes)];
    problems.push(...this.sharedMedusaConflicts(spec));
    return problems;
  }

  private misplaced(): Problem {
    return scopeProblem(this, 'CassandraCluster', 'ControlPlane', CREATE(this.node.id));
  }

  private addDc(dc: DatacenterProps): void {
    this.givenDcs.push(dc);
    const { dataPlane, ...rest } = dc ?? {};
    // A missing data plane (plain JavaScript) is reported by problems(); '' places nothing.
    if (dataPlane) this.dataPlaneCharts.set(dataPlane.name, dataPlane);
    this.dcs.push({ ...rest, dataPlane: dataPlane?.name ?? '' } as DatacenterOptions);
  }

  /** Id of this cluster's child in each data plane chart. */
  private get outputId(): string {
    return `CassandraCluster-${this.objectName}`;
  }

  private render(): void {
    if (!this.placedIn) return;
    const spec = this.spec;
    const manifests = clusterManifests(spec, this.placedIn.spec, this.dataPlanes);
    // A MedusaConfiguration shared by several clusters is written once, by the first of them.
    const objects = manifests.controlPlane.filter((o) => o.kind !== 'MedusaConfiguration' || !this.emittedByOther(o.metadata.name));
    renderInto(this, 'Resources', objects);
    for (const [name, chart] of this.dataPlaneCharts) renderInto(chart, this.outputId, manifests.dataPlanes.get(name) ?? []);
  }

  private emittedByOther(configName: string): boolean {
    return this.controlPlane.node
      .findAll()
      .some((c) => ApiObject.isApiObject(c) && c.kind === 'MedusaConfiguration' && c.metadata.name === configName && !c.node.path.startsWith(`${this.node.path}/`));
  }

  /** Clusters sharing a MedusaConfiguration must agree on its storage settings. */
  private sharedMedusaConflicts(spec: CassandraClusterSpec): Problem[] {
    const shared = spec.medusa?.sharedConfiguration;
    if (!shared) return [];
    const mine = JSON.stringify(medusaConfiguration(spec.medusa!, '')?.spec);
    const others = this.controlPlane.node.findAll().filter((c): c is CassandraCluster => CassandraCluster.isCassandraCluster(c) && c !== this);
    return others
      .filter((o) => {
        const m = o.spec.medusa;
        return m?.sharedConfiguration === shared && JSON.stringify(medusaConfiguration(m, '')?.spec) !== mine;
      })
      .map((o) =>
        problem(`${this.node.path}/medusa`, `MedusaConfiguration ${JSON.stringify(shared)} is also declared by ${o.node.path} with different storage settings`, 'use the same storageProvider, bucketName, storageSecretRef, region and host in every cluster sharing it (prefix may differ)'),
      );
  }
}
