import * as pulumi from '@pulumi/pulumi';
import { assertProblemsOfInput, type ControlPlane } from './control-plane';
import type { DataPlane } from './data-plane';
import { resourceName } from './kube-resource';
import { orderedResources } from './ordered-resources';
import type { KubeObject } from '../core/kube-object';
import { CONTROL_PLANE_FOLDER, dataPlaneFolder } from '../core/model/platform';
import type { Manifests } from '../core/topology/delivery';
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

/** Arguments of a Cassandra cluster component. */
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
 * Creates core-placed objects with the right cluster's provider, after that cluster's
 * platform objects (operators and their webhooks must exist before custom resources).
 */
export function createPlacedObjects(
  owner: pulumi.ComponentResource,
  controlPlane: ControlPlane,
  manifests: Manifests,
): { resources: pulumi.CustomResource[]; names: string[] } {
  // Objects several clusters share (a MedusaConfiguration) are created once.
  const shared = (o: KubeObject) => o.kind !== 'MedusaConfiguration' || controlPlane._claimShared(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
  const inControlPlane = manifests.controlPlane.filter(shared);
  const names = inControlPlane.map((o) => resourceName(CONTROL_PLANE_FOLDER, o));
  const created = orderedResources(CONTROL_PLANE_FOLDER, inControlPlane, { parent: owner, provider: controlPlane.provider }, controlPlane.allResources);
  for (const [name, objects] of manifests.dataPlanes) {
    const dataPlane = controlPlane._dataPlane(name);
    if (!dataPlane) throw new Error(`data plane "${name}" is not registered with control plane "${controlPlane.spec.path}"`);
    created.push(...orderedResources(dataPlaneFolder(name), objects, { parent: owner, provider: dataPlane.provider }, dataPlane.resources));
    names.push(...objects.map((o) => resourceName(dataPlaneFolder(name), o)));
  }
  return { resources: created, names };
}

/**
 * A Cassandra cluster spanning one or more data planes, as a Pulumi component: the same
 * objects the cdk8s `CassandraCluster` synthesises. Reconciled delivery creates a
 * MissionControlCluster in the control plane; static delivery the cluster's one
 * K8ssandraCluster there. Validated when constructed, with every
 * problem in one error; values that are Outputs are not supported here.
 */
export class CassandraCluster extends pulumi.ComponentResource {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:CassandraCluster';

  /** The resolved cluster, with defaults applied. */
  public readonly spec: CassandraClusterSpec;
  /** The control plane the cluster is created in. */
  public readonly controlPlane: ControlPlane;
  /** Every Kubernetes object this component created, in apply order. */
  public readonly resources: pulumi.CustomResource[];
  /** Object name of the cluster. */
  public readonly clusterName: pulumi.Output<string>;
  /** Names of the emitted objects, `<folder>:<kind>:<namespace>/<name>`. */
  public readonly objectNames: pulumi.Output<string[]>;

  constructor(name: string, args: CassandraClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CassandraCluster.TYPE, name, {}, opts);
    const { controlPlane, datacenters, ...options } = args ?? ({} as CassandraClusterArgs);
    this.controlPlane = controlPlane;
    const given: DatacenterArgs[] = Array.isArray(datacenters) ? datacenters : [];
    const dcs = given.map(({ dataPlane, ...dc } = {} as DatacenterArgs) => ({ ...dc, dataPlane: dataPlane?.spec?.name ?? '' }));
    this.spec = resolveCassandraCluster(name, args?.name ?? name, { ...options, datacenters: dcs }, controlPlane?.spec.defaultDelivery);
    // Without the control plane (plain JavaScript), the DCs' own data planes are all there is to check against.
    const dataPlanes = controlPlane?.dataPlanes ?? given.flatMap((dc) => (dc?.dataPlane?.spec ? [dc.dataPlane.spec] : []));
    assertProblemsOfInput([...clusterInputProblems(name, args, given, PULUMI_CLUSTER_PROPS), ...validateCluster(this.spec, dataPlanes)]);
    const placed = createPlacedObjects(this, controlPlane, clusterManifests(this.spec, controlPlane.spec, controlPlane.dataPlanes));
    this.resources = placed.resources;
    this.clusterName = pulumi.output(this.spec.name);
    this.objectNames = pulumi.output(placed.names);
    this.registerOutputs({ clusterName: this.clusterName, objectNames: this.objectNames });
  }

  /** @internal Where operations of this cluster go. */
  get _target() {
    return operationTarget(this.spec, this.controlPlane.spec, this.controlPlane.dataPlanes);
  }
}
