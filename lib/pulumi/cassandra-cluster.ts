import * as pulumi from '@pulumi/pulumi';
import { MissionControlComponent } from './component';
import type { ControlPlane } from './control-plane';
import type { DataPlane } from './data-plane';
import { createPlacedObjects } from './placed-objects';
import { plainArgs, withoutRepeatsOfNotPlain } from './plain-values';
import { Phase } from './program';
import { clusterManifests } from '../core/topology/delivery';
import type { CassandraClusterSpec } from '../core/topology/model';
import { operationTarget } from '../core/topology/operation-delivery';
import { resolveCassandraCluster, type CassandraClusterOptions, type DatacenterOptions } from '../core/topology/options';
import { validateCluster } from '../core/topology/validate-cluster';
import { clusterInputProblems } from '../core/validation/input-problems';
import type { RequiredProp } from '../core/validation/required';

const PULUMI_CLUSTER_PROPS: readonly RequiredProp[] = [
  { key: 'controlPlane', kind: 'object', fix: 'pass the ControlPlane the cluster is declared in' },
  { key: 'datacenters', kind: 'list', fix: "list the datacenters, e.g. [{ name: 'dc1', dataPlane, size: 3 }]" },
];

/** One datacenter, placed in a data plane of the platform. */
export interface DatacenterArgs extends Omit<DatacenterOptions, 'dataPlane'> {
  /** The data plane (region) hosting the DC. */
  readonly dataPlane: DataPlane;
}

/**
 * Arguments of a Cassandra cluster component. Every prop is a plain value, validated when
 * the program's components are checked; an Output (a Secret name taken from a Secret
 * resource, say) is refused: name the Secret yourself and pass that name.
 */
export interface CassandraClusterArgs extends CassandraClusterOptions {
  /** The control plane the cluster is declared in. */
  readonly controlPlane: ControlPlane;
  /**
   * Object name of the MissionControlCluster / K8ssandraCluster: a DNS-1035 label.
   * @default - the component name
   */
  readonly name?: string;
  /** Datacenters, in creation order (upstream creates them one after the other). */
  readonly datacenters: DatacenterArgs[];
}

/**
 * A Cassandra cluster spanning one or more data planes, as a Pulumi component: the same
 * objects the cdk8s `CassandraCluster` synthesises. Reconciled delivery creates a
 * MissionControlCluster in the control plane; static delivery the cluster's one
 * K8ssandraCluster there. Checked with the program's other components (see `ready`).
 */
export class CassandraCluster extends MissionControlComponent {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:CassandraCluster';

  /** The resolved cluster, with defaults applied. */
  public readonly spec: CassandraClusterSpec;
  /** The control plane the cluster is created in. */
  public readonly controlPlane: ControlPlane;
  /** Object name of the cluster. */
  public readonly clusterName: pulumi.Output<string>;
  /** Names of the emitted objects, `<folder>:<kind>:<namespace>/<name>`; empty if the program is invalid. */
  public readonly objectNames: pulumi.Output<string[]>;
  private placedNames: string[] = [];

  constructor(name: string, args: CassandraClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CassandraCluster.TYPE, name, opts);
    const plain = plainArgs(name, args);
    const { controlPlane, datacenters, ...options } = plain.args ?? ({} as CassandraClusterArgs);
    this.controlPlane = controlPlane;
    const given: DatacenterArgs[] = Array.isArray(datacenters) ? datacenters : [];
    const dcs = given.map(({ dataPlane, ...dc } = {} as DatacenterArgs) => ({ ...dc, dataPlane: dataPlane?.spec?.name ?? '' }));
    this.spec = resolveCassandraCluster(name, options.name ?? name, { ...options, datacenters: dcs }, controlPlane?.spec?.defaultDelivery);
    this.clusterName = pulumi.output(this.spec.name);
    controlPlane?._declareCluster?.(this);
    this.objectNames = pulumi.output(this.getData().then(() => this.placedNames, () => []));
    this.declare(CassandraCluster.TYPE, name, opts, {
      problems: () => {
        // Without the control plane (plain JavaScript), the DCs' own data planes are all there is to check against.
        const dataPlanes = controlPlane?.dataPlanes ?? given.flatMap((dc) => (dc?.dataPlane?.spec ? [dc.dataPlane.spec] : []));
        return withoutRepeatsOfNotPlain(plain.problems, [...clusterInputProblems(name, plain.args, given, PULUMI_CLUSTER_PROPS), ...validateCluster(this.spec, dataPlanes)]);
      },
      create: { [Phase.CLUSTER]: () => this.create() },
    });
  }

  /** @internal Where operations of this cluster go. */
  get _target() {
    return operationTarget(this.spec, this.controlPlane.spec, this.controlPlane.dataPlanes);
  }

  /** @internal The data planes hosting the cluster's DCs. */
  get _dataPlaneNames(): string[] {
    return [...new Set(this.spec.datacenters.map((dc) => dc.dataPlane))];
  }

  private create(): void {
    const manifests = clusterManifests(this.spec, this.controlPlane.spec, this.controlPlane.dataPlanes);
    this.placedNames = createPlacedObjects(this, this.names, this.controlPlane, manifests, this._dataPlaneNames).names;
    this.registerOutputs({ clusterName: this.clusterName, objectNames: this.objectNames });
  }
}
