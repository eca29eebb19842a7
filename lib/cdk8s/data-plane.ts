import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { addObjects } from './add-objects';
import { appLoads } from './app-loads';
import { ensureAppValidation } from './app-validation';
import { DATA_PLANE_BRAND, hasBrand } from './brand';
import type { ControlPlane } from './control-plane';
import { CassOperator, K8ssandraOperator } from './operators';
import { registerProblemSource, type ProblemSource } from './platform-validation';
import { withSyncWaves } from './sync-waves';
import { resolveDataPlane, type DataPlaneOptions } from '../core/defaults';
import { dataPlaneParts } from '../core/manifests/planes';
import { dataPlaneFolder, type DataPlaneSpec } from '../core/model/platform';
import type { Problem } from '../core/problems';
import { dataPlaneSizing } from '../core/sizing/plane-sizing';
import { dataPlaneInputProblems } from '../core/validation/input-problems';
import { CrdSource, dataPlaneCrdFiles } from '../crds/crd-source';

/** Props of a data plane chart. */
export interface DataPlaneProps extends DataPlaneOptions {
  /** The control plane this data plane registers with. */
  readonly controlPlane: ControlPlane;
  /**
   * Where the upstream CRDs come from.
   * @default CrdSource.upstreamRelease()
   */
  readonly crds?: CrdSource;
}

/**
 * One region's Kubernetes cluster: k8ssandra-operator (data-plane mode, or control-plane mode
 * when it shares the control plane's cluster) and cass-operator as upstream installs them,
 * the ImageConfig they need, and the identity the control plane uses to reach it.
 * Synthesised to the `data-plane-<name>/` folder.
 */
export class DataPlane extends Chart implements ProblemSource {
  /** Whether `x` is a DataPlane, also one from another copy of this library. */
  static isDataPlane(x: unknown): x is DataPlane {
    return hasBrand(x, DATA_PLANE_BRAND);
  }

  /** The resolved model the core validates and builds from. */
  public readonly spec: DataPlaneSpec;
  /** The control plane this data plane registers with. */
  public readonly controlPlane: ControlPlane;
  /** Where the upstream CRDs installed in this data plane come from. */
  public readonly crds: CrdSource;
  /** k8ssandra-operator of this data plane. */
  public readonly k8ssandraOperator: K8ssandraOperator;
  /** cass-operator of this data plane. */
  public readonly cassOperator: CassOperator;
  private readonly inputProblems: Problem[];

  constructor(scope: Construct, id: string, props: DataPlaneProps) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, DATA_PLANE_BRAND, { value: true });
    this.inputProblems = dataPlaneInputProblems(this.node.path, props);
    this.crds = props?.crds ?? CrdSource.upstreamRelease();
    this.controlPlane = props?.controlPlane;
    this.spec = resolveDataPlane(this.node.path, props, this.crds.spec);
    registerProblemSource(this);
    ensureAppValidation(this);
    const parts = dataPlaneParts(this.spec);
    addObjects(this, parts.namespace);
    addObjects(this, parts.imageConfig);
    // Sized at synthesis: the clusters placed here are declared after the data plane.
    const sized = () => dataPlaneSizing(this.spec, appLoads(this, this.controlPlane?.spec?.sizeFor));
    this.k8ssandraOperator = new K8ssandraOperator(this, 'K8ssandraOperator', parts.k8ssandraOperator, () => sized().k8ssandraOperator);
    this.cassOperator = new CassOperator(this, 'CassOperator', parts.cassOperator, () => sized().cassOperator);
    addObjects(this, parts.controlPlaneAccess);
    addObjects(this, parts.monitoring);
    // Without a control plane (plain JavaScript) the missing prop is reported at synthesis.
    this.controlPlane?._registerDataPlane(this.spec);
  }

  /** Problems of the props as given; the platform's are found by the app-wide pass. */
  problems(): Problem[] {
    return [...this.inputProblems];
  }

  /** Data-plane name, as given in the props. */
  get name(): string {
    return this.spec.name;
  }

  /** Region of the data-plane cluster. */
  get region(): string {
    return this.spec.region;
  }

  /** Availability zones of the data-plane cluster; racks map to them. */
  get zones(): readonly string[] {
    return this.spec.zones;
  }

  /** Output folder name. */
  get folderName(): string {
    return dataPlaneFolder(this.spec.name);
  }

  /** Upstream CRD references or files for this data plane's folder. */
  crdFiles() {
    return dataPlaneCrdFiles(this.spec);
  }

  /** The chart's objects, with Argo CD sync waves when the app's delivery asks for them. */
  override toJson(): any[] {
    return withSyncWaves(this, super.toJson());
  }
}
