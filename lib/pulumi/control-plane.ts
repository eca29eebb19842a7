import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { MissionControlComponent } from './component';
import { upstreamCrds } from './crd-directories';
import type { DataPlane } from './data-plane';
import { kubeResource, type Placement } from './kube-resource';
import { OperatorRollout, type RolloutStage } from './operator-rollout';
import { orderedResources, prerequisitesOf } from './ordered-resources';
import { plainArgs, withoutRepeatsOfNotPlain } from './plain-values';
import { Phase } from './program';
import { planeProvider } from './provider';
import { resolveControlPlane, type ControlPlaneOptions } from '../core/defaults';
import { clientConfig } from '../core/manifests/client-config';
import { dataPlaneRegistration } from '../core/manifests/data-plane-registration';
import { k8ssandraClusterAccess } from '../core/manifests/k8ssandra-cluster-access';
import { controlPlaneBaseObjects, controlPlaneK8ssandraObjects, controlPlaneK8ssandraParts } from '../core/manifests/planes';
import { CONTROL_PLANE_FOLDER, type ControlPlaneSpec, type DataPlaneSpec } from '../core/model/platform';
import { applyRank, DEPLOYMENT_RANK } from '../core/output/apply-order';
import { problem, show, type Problem } from '../core/problems';
import { platformLoads, type PlatformLoads } from '../core/sizing/operator-load';
import { k8ssandraControlPlane } from '../core/topology/k8ssandra-control-plane';
import type { CassandraClusterSpec } from '../core/topology/model';
import { controlPlaneInputProblems } from '../core/validation/input-problems';
import { CASS_OPERATOR_VERSION, K8SSANDRA_OPERATOR_VERSION } from '../core/versions';
import { CrdSource, crdFiles } from '../crds/crd-source';

/**
 * Arguments of the control plane component. Every prop is a plain value, validated when the
 * program's components are checked; an Output is refused (see the README's Pulumi section).
 */
export interface ControlPlaneArgs extends ControlPlaneOptions {
  /**
   * Provider for the control-plane cluster. May instead be given as `opts.provider` or
   * `opts.providers.kubernetes`, or be inherited from the parent; given twice, it must be
   * the same object. The default provider is refused.
   * @default - the Kubernetes provider of the resource options or the parent
   */
  readonly provider?: k8s.Provider;
  /**
   * Where the upstream CRDs come from when the control plane installs its own
   * k8ssandra-operator (no data plane shares its cluster).
   * @default CrdSource.upstreamRelease()
   */
  readonly crds?: CrdSource;
}

/**
 * The control-plane cluster as a Pulumi component: the same objects the cdk8s `ControlPlane`
 * synthesises, created with this cluster's provider in apply order. Its children are
 * registered once the program's components are checked together (see `ready`). Every data
 * plane's operator Deployments wait for its operators (the control-plane operator and, when
 * it installs one, its k8ssandra-operator): operator upgrades go control plane first.
 */
export class ControlPlane extends MissionControlComponent {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:ControlPlane';

  /** The resolved model the core validates and builds from. */
  public readonly spec: ControlPlaneSpec;
  /** The provider of the control-plane cluster, wherever it was given. */
  public readonly provider: k8s.Provider;
  /** Namespace of the control-plane operator, as an Output for other resources to use. */
  public readonly namespace: pulumi.Output<string>;
  private readonly crds: CrdSource;
  private readonly declaredDataPlanes: DataPlane[] = [];
  private readonly declaredClusters: Array<{ readonly spec: CassandraClusterSpec }> = [];
  private readonly baseResources: pulumi.CustomResource[] = [];
  /** The control-plane k8ssandra-operator and its surroundings, created with the first data planes. */
  private readonly multiCluster: pulumi.Resource[] = [];
  /** Whether the multi-cluster wiring is created, and with a local data plane's operator or its own. */
  private wiring: 'none' | 'local' | 'own' = 'none';
  private readonly sharedObjects = new Set<string>();
  private readonly rollout = new OperatorRollout();
  /** The control-plane operator's access to the K8ssandraClusters' namespace. */
  private access: pulumi.Resource[] = [];

  constructor(name: string, args: ControlPlaneArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ControlPlane.TYPE, name, opts);
    const plain = plainArgs(name, args);
    const given = plain.args ?? ({} as ControlPlaneArgs);
    const provider = planeProvider('ControlPlane', name, args?.provider, opts, this);
    this.spec = resolveControlPlane(name, given);
    this.provider = provider.provider!;
    this.crds = given.crds ?? CrdSource.upstreamRelease();
    this.namespace = pulumi.output(this.spec.namespace);
    this.declare(ControlPlane.TYPE, name, opts, {
      plane: { role: 'control-plane', spec: this.spec, provider: provider.provider },
      problems: () => withoutRepeatsOfNotPlain(plain.problems, [...provider.problems, ...controlPlaneInputProblems(name, given)]),
      create: { [Phase.PLANE]: () => this.createBase(), [Phase.WIRING]: () => this.createOperator() },
    });
  }

  /** The data planes declared with this control plane, in declaration order. */
  get dataPlanes(): readonly DataPlaneSpec[] {
    return this.declaredDataPlanes.map((dp) => dp.spec);
  }

  /** What custom resources in this cluster wait for: its operators, webhooks and CRDs. */
  get allResources(): pulumi.Resource[] {
    const local = this.declaredDataPlanes.find((dp) => dp.spec.inControlPlaneCluster);
    return [...this.baseResources, ...this.multiCluster, ...(local?._resources ?? [])];
  }

  private placement(names = this.names): Placement {
    return { plane: CONTROL_PLANE_FOLDER, names, opts: { parent: this, provider: this.provider } };
  }

  private createBase(): void {
    const objects = controlPlaneBaseObjects(this.spec).filter((o) => applyRank(o) < DEPLOYMENT_RANK);
    this.baseResources.push(...orderedResources(this.placement(), objects));
    this.registerOutputs({ namespace: this.namespace });
  }

  /**
   * The control-plane operator's Deployment (and what ranks after it) once the operator can
   * read what it watches: its access to the K8ssandraClusters' namespace, which needs that
   * namespace and the CRDs of the plane holding them. The provider waits for the Deployment to
   * be ready, and the operator is ready only once every watch has synced, so creating it
   * earlier would wait on objects that wait on it.
   */
  private createOperator(): void {
    if (this.wiring === 'none' && this.declaredDataPlanes.length > 0) this.createK8ssandraControlPlane();
    const objects = controlPlaneBaseObjects(this.spec, this._loads()).filter((o) => applyRank(o) >= DEPLOYMENT_RANK);
    const operator = orderedResources(this.placement(), objects, [...this.baseResources, ...this.access]);
    this.rollout.addControlPlane(operator);
    this.baseResources.push(...operator);
  }

  /** @internal A data plane's place in the operator rollout: what its operator Deployments wait for. */
  _joinRollout(inControlPlaneCluster: boolean): RolloutStage {
    return this.rollout.join(inControlPlaneCluster);
  }

  /** @internal The component of a declared data plane, by its name. */
  _dataPlane(name: string): DataPlane | undefined {
    return this.declaredDataPlanes.find((dp) => dp.spec.name === name);
  }

  /** @internal Claims an object several clusters emit (a shared MedusaConfiguration): true once. */
  _claimShared(key: string): boolean {
    if (this.sharedObjects.has(key)) return false;
    this.sharedObjects.add(key);
    return true;
  }

  /** @internal Declares a data plane: the control plane's objects take every declared one into account. */
  _declareDataPlane(dp: DataPlane): void {
    this.declaredDataPlanes.push(dp);
  }

  /** @internal Declares a cluster: the operators are sized for every declared one. */
  _declareCluster(cluster: { readonly spec: CassandraClusterSpec }): void {
    this.declaredClusters.push(cluster);
  }

  /**
   * @internal What each plane's operators serve: the clusters declared so far. Asked when the
   * operators are created, after the program's batch is checked, so a cluster declared in the
   * same synchronous stretch of the program counts.
   */
  _loads(): PlatformLoads {
    return platformLoads(this.dataPlanes, this.declaredClusters.map((c) => c.spec), this.spec.sizeFor);
  }

  /**
   * @internal A data plane sharing this cluster declared after the control plane installed
   * its own k8ssandra-operator, in an earlier check of the program: too late to use its.
   */
  _lateLocalProblems(dp: DataPlaneSpec): Problem[] {
    if (!dp.inControlPlaneCluster || this.wiring !== 'own') return [];
    return [
      problem(dp.path, `data plane ${show(dp.name)} shares the control plane's cluster but is declared after the control plane installed its own k8ssandra-operator, in an earlier part of the program`, "declare the data plane sharing the control plane's cluster together with the control plane, before the program awaits anything"),
    ];
  }

  /**
   * @internal Creates a data plane's registration in this cluster (parented to the data plane,
   * with this cluster's provider) and its ClientConfig when it is remote; with the first data
   * planes, the control-plane k8ssandra-operator's side of the wiring.
   */
  _registerDataPlane(dp: DataPlane, names: Placement['names']): void {
    if (this.wiring === 'none') this.createK8ssandraControlPlane();
    // Every data plane of this check has created its resources by now, and the control plane's operators are all known.
    this.rollout.settle();
    const at: Placement = { plane: CONTROL_PLANE_FOLDER, names, opts: { parent: dp, provider: this.provider } };
    kubeResource(at, dataPlaneRegistration(this.spec.namespace, dp.spec), { dependsOn: [...this.baseResources, ...this.multiCluster] });
    if (!dp.spec.inControlPlaneCluster) {
      kubeResource(at, clientConfig(dp.spec, k8ssandraControlPlane(this.spec, this.dataPlanes).namespace), { dependsOn: this.allResources });
    }
  }

  private createK8ssandraControlPlane(): void {
    const k8ssandra = controlPlaneK8ssandraParts(this.spec, this.dataPlanes, this._loads());
    const after: pulumi.Resource[] = [...this.baseResources];
    // The access objects need the namespace and CRDs of whichever k8ssandra-operator serves the
    // control plane, not that operator running: it waits for the control-plane operator.
    let prerequisites: pulumi.Resource[];
    if (k8ssandra) {
      this.wiring = 'own';
      const files = crdFiles(this.crds.spec, this.spec.k8ssandra.operator.version ?? K8SSANDRA_OPERATOR_VERSION, CASS_OPERATOR_VERSION);
      const crds = upstreamCrds(this.names, CONTROL_PLANE_FOLDER, files.remoteResources, { parent: this, provider: this.provider });
      const objects = controlPlaneK8ssandraObjects(k8ssandra);
      const own = orderedResources(this.placement(), objects, [...after, ...crds]);
      this.rollout.addControlPlane(own);
      this.multiCluster.push(...crds, ...own);
      prerequisites = [...crds, ...prerequisitesOf(own)];
    } else {
      this.wiring = 'local';
      prerequisites = prerequisitesOf(this.declaredDataPlanes.find((dp) => dp.spec.inControlPlaneCluster)?._resources ?? []);
    }
    const access = k8ssandraClusterAccess(this.spec.namespace, k8ssandraControlPlane(this.spec, this.dataPlanes).namespace);
    this.access = orderedResources(this.placement(), access, [...after, ...prerequisites]);
    this.multiCluster.push(...this.access);
  }
}
