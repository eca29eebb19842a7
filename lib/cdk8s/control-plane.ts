import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { addObjects } from './add-objects';
import { appLoads, sizedAtSynthesis } from './app-loads';
import { ensureAppValidation } from './app-validation';
import { CONTROL_PLANE_BRAND, hasBrand } from './brand';
import { renderInto } from './cluster-output';
import { MissionControlOperator } from './operators';
import { registerProblemSource, type ProblemSource } from './platform-validation';
import { withSyncWaves } from './sync-waves';
import { resolveControlPlane, type ControlPlaneOptions } from '../core/defaults';
import { dataPlaneRegistration } from '../core/manifests/data-plane-registration';
import { k8ssandraClusterAccess } from '../core/manifests/k8ssandra-cluster-access';
import { clientConfigs, controlPlaneK8ssandraObjects, controlPlaneK8ssandraParts, controlPlaneParts } from '../core/manifests/planes';
import { CONTROL_PLANE_FOLDER, type ControlPlaneSpec, type DataPlaneSpec } from '../core/model/platform';
import type { Problem } from '../core/problems';
import { controlPlaneSizing } from '../core/sizing/plane-sizing';
import { k8ssandraControlPlane } from '../core/topology/k8ssandra-control-plane';
import { controlPlaneInputProblems } from '../core/validation/input-problems';
import { CASS_OPERATOR_VERSION, K8SSANDRA_OPERATOR_VERSION } from '../core/versions';
import { CrdSource, crdFiles, type CrdFiles } from '../crds/crd-source';

/** Props of the control plane chart. */
export interface ControlPlaneProps extends ControlPlaneOptions {
  /**
   * Where the upstream CRDs come from when the control plane installs its own
   * k8ssandra-operator (no data plane shares its cluster).
   * @default CrdSource.upstreamRelease()
   */
  readonly crds?: CrdSource;
}

/**
 * The control-plane cluster: the control-plane operator, our CRDs, one registration per data
 * plane, and upstream's multi-cluster wiring: one ClientConfig per data plane in a cluster of
 * its own and, unless a data plane shares this cluster, the k8ssandra-operator in
 * control-plane mode. Synthesised to the `control-plane/` folder.
 */
export class ControlPlane extends Chart implements ProblemSource {
  /** True for any ControlPlane, also across copies of this library. */
  static isControlPlane(x: unknown): x is ControlPlane {
    return hasBrand(x, CONTROL_PLANE_BRAND);
  }

  /** The resolved model the core validates and builds from. */
  public readonly spec: ControlPlaneSpec;
  /** Output folder name. */
  public readonly folderName = CONTROL_PLANE_FOLDER;
  /** The control-plane operator's install: Deployment, RBAC, NetworkPolicy and PodDisruptionBudget. */
  public readonly operator: MissionControlOperator;
  /** Where the upstream CRDs installed in the control-plane folder come from. */
  public readonly crds: CrdSource;
  private readonly registered: DataPlaneSpec[] = [];
  private readonly deliveries: Array<{ _render(): void }> = [];
  private readonly inputProblems: Problem[];

  constructor(scope: Construct, id: string, props: ControlPlaneProps) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, CONTROL_PLANE_BRAND, { value: true });
    this.inputProblems = controlPlaneInputProblems(this.node.path, props);
    this.spec = resolveControlPlane(this.node.path, props);
    this.crds = props?.crds ?? CrdSource.upstreamRelease();
    registerProblemSource(this);
    ensureAppValidation(this);
    const parts = controlPlaneParts(this.spec);
    addObjects(this, parts.namespace);
    addObjects(this, parts.crds);
    // Sized at synthesis: the clusters are declared after the control plane.
    this.operator = new MissionControlOperator(this, 'Operator', parts.operator, () => controlPlaneSizing(appLoads(this, this.spec.sizeFor)).missionControlOperator);
    addObjects(this, parts.monitoring);
    this.renderMultiCluster();
  }

  /** Problems of the props as given; the platform's are found by the app-wide pass. */
  problems(): Problem[] {
    return [...this.inputProblems];
  }

  /** The data planes registered so far, in declaration order. */
  get dataPlanes(): readonly DataPlaneSpec[] {
    return this.registered;
  }

  /** Whether this folder installs the control-plane k8ssandra-operator itself. */
  get hostsK8ssandraOperator(): boolean {
    return !k8ssandraControlPlane(this.spec, this.registered).dataPlane;
  }

  /** Upstream CRD references or files, when this folder installs k8ssandra-operator. */
  crdFiles(): CrdFiles {
    if (!this.hostsK8ssandraOperator) return { remoteResources: [], verbatimFiles: [] };
    return crdFiles(this.crds.spec, this.spec.k8ssandra.operator.version ?? K8SSANDRA_OPERATOR_VERSION, CASS_OPERATOR_VERSION);
  }

  /** @internal Called by DataPlane: adds its registration object. */
  _registerDataPlane(dp: DataPlaneSpec): void {
    // A duplicate name is reported by validation with every other problem; a second
    // registration object would only crash construction with a less helpful error.
    const duplicate = this.registered.some((other) => other.name === dp.name);
    this.registered.push(dp);
    if (!duplicate) addObjects(this, [dataPlaneRegistration(this.spec.namespace, dp)]);
    this.renderMultiCluster();
    for (const delivery of this.deliveries) delivery._render();
  }

  /** @internal Called by a GitOps delivery: re-rendered whenever a data plane registers. */
  _registerDelivery(delivery: { _render(): void }): void {
    this.deliveries.push(delivery);
  }

  /** The chart's objects, with Argo CD sync waves when the app's delivery asks for them. */
  override toJson(): any[] {
    return withSyncWaves(this, super.toJson());
  }

  /** Redone per registration: which operator is the control-plane one depends on the data planes. */
  private renderMultiCluster(): void {
    const k8ssandra = controlPlaneK8ssandraParts(this.spec, this.registered);
    const own = k8ssandra
      ? sizedAtSynthesis(controlPlaneK8ssandraObjects(k8ssandra), k8ssandra.k8ssandraOperator.props, () => controlPlaneSizing(appLoads(this, this.spec.sizeFor)).k8ssandraOperator)
      : [];
    renderInto(this, 'K8ssandraOperator', own);
    renderInto(this, 'K8ssandraClusterAccess', k8ssandraClusterAccess(this.spec.namespace, k8ssandraControlPlane(this.spec, this.registered).namespace));
    renderInto(this, 'ClientConfigs', clientConfigs(this.spec, this.dedupedDataPlanes()));
  }

  private dedupedDataPlanes(): DataPlaneSpec[] {
    return this.registered.filter((dp, i) => this.registered.findIndex((o) => o.name === dp.name) === i);
  }
}
