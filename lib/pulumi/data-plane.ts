import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { parseAllDocuments } from 'yaml';
import { MissionControlComponent } from './component';
import type { ControlPlane } from './control-plane';
import { upstreamCrds } from './crd-directories';
import { kubeResource, type Placement } from './kube-resource';
import { orderedResources } from './ordered-resources';
import { plainArgs, withoutRepeatsOfNotPlain } from './plain-values';
import { Phase } from './program';
import { planeProvider } from './provider';
import { resolveDataPlane, type DataPlaneOptions } from '../core/defaults';
import type { KubeObject } from '../core/kube-object';
import { CONTROL_PLANE_ACCESS_TOKEN_SECRET } from '../core/manifests/control-plane-access';
import { kubeconfigSecretName } from '../core/manifests/data-plane-registration';
import { dataPlaneObjects } from '../core/manifests/planes';
import { dataPlaneFolder, type DataPlaneSpec } from '../core/model/platform';
import { dataPlaneInputProblems } from '../core/validation/input-problems';
import { CrdSource, dataPlaneCrdFiles } from '../crds/crd-source';

/**
 * Arguments of a data plane component. Every prop is a plain value, validated when the
 * program's components are checked; an Output is refused (see the README's Pulumi section).
 */
export interface DataPlaneArgs extends DataPlaneOptions {
  /** The control plane this data plane registers with. */
  readonly controlPlane: ControlPlane;
  /**
   * Provider for this data plane's cluster. May instead be given as `opts.provider` or
   * `opts.providers.kubernetes`, or be inherited from the parent; given twice, it must be
   * the same object. The default provider is refused, and so is the control plane's
   * provider object unless `inControlPlaneCluster` is set.
   * @default - the Kubernetes provider of the resource options or the parent
   */
  readonly provider?: k8s.Provider;
  /**
   * Where the upstream CRDs come from. With `upstreamRelease()` they are applied through a
   * kustomize Directory pointing at the pinned tags; the provider applies server-side (its
   * default), which these CRDs need: they exceed the client-side annotation limit.
   * @default CrdSource.upstreamRelease()
   */
  readonly crds?: CrdSource;
}

/**
 * One region's cluster as a Pulumi component: the same objects the cdk8s `DataPlane`
 * synthesises, created with this cluster's provider after the upstream CRDs. Its children
 * are registered once the program's components are checked together (see `ready`).
 *
 * Its operator Deployments wait until the control plane's operators and the previous data
 * plane's are ready (the one sharing the control plane's cluster goes first, the others
 * follow in declaration order), so an operator upgrade rolls out one plane at a time and
 * stops at the first plane whose operators do not come up. Its CRDs, RBAC and configuration
 * do not wait. A first `pulumi up` installs the data planes' operators one after the other
 * too: a dependency cannot tell an install from an upgrade, and ordered upgrades are worth
 * the longer first install.
 */
export class DataPlane extends MissionControlComponent {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:DataPlane';

  /** The resolved model the core validates and builds from. */
  public readonly spec: DataPlaneSpec;
  /** The provider of this data plane's cluster, wherever it was given. */
  public readonly provider: k8s.Provider;
  /** Namespace of the data plane's operators and DCs, as an Output for other resources to use. */
  public readonly namespace: pulumi.Output<string>;
  /** Secret (in the control plane) that must hold this data plane's kubeconfig. */
  public readonly kubeconfigSecretName: pulumi.Output<string>;
  /** Secret (in this data plane) whose token the kubeconfig uses. */
  public readonly accessTokenSecretName: pulumi.Output<string>;
  /** @internal The upstream CRDs and this cluster's own objects, in apply order, once created. */
  readonly _resources: pulumi.Resource[] = [];
  private readonly controlPlane: ControlPlane;
  private readonly crds: CrdSource;

  constructor(name: string, args: DataPlaneArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(DataPlane.TYPE, name, opts);
    const plain = plainArgs(name, args);
    const given = plain.args ?? ({} as DataPlaneArgs);
    const provider = planeProvider('DataPlane', name, args?.provider, opts, this);
    this.crds = given.crds ?? CrdSource.upstreamRelease();
    this.spec = resolveDataPlane(name, given, this.crds.spec);
    this.provider = provider.provider!;
    this.controlPlane = given.controlPlane;
    this.namespace = pulumi.output(this.spec.namespace);
    this.kubeconfigSecretName = pulumi.output(kubeconfigSecretName(this.spec.name));
    this.accessTokenSecretName = pulumi.output(CONTROL_PLANE_ACCESS_TOKEN_SECRET);
    this.controlPlane?._declareDataPlane?.(this);
    this.declare(DataPlane.TYPE, name, opts, {
      plane: { role: 'data-plane', spec: this.spec, provider: provider.provider, controlPlane: this.controlPlane },
      problems: () =>
        withoutRepeatsOfNotPlain(plain.problems, [
          ...provider.problems,
          ...dataPlaneInputProblems(name, given),
          ...(this.controlPlane?._lateLocalProblems?.(this.spec) ?? []),
        ]),
      create: { [Phase.PLANE]: () => this.createOwn(), [Phase.WIRING]: () => this.createRegistration() },
    });
  }

  private createOwn(): void {
    const at: Placement = { plane: dataPlaneFolder(this.spec.name), names: this.names, opts: { parent: this, provider: this.provider } };
    const files = dataPlaneCrdFiles(this.spec);
    const crds: pulumi.Resource[] = [
      ...upstreamCrds(this.names, at.plane, files.remoteResources, at.opts),
      ...files.verbatimFiles.flatMap((file) =>
        parseAllDocuments(file.content)
          .map((doc) => doc.toJS() as KubeObject | null)
          .filter((obj): obj is KubeObject => !!obj)
          .map((obj) => kubeResource(at, obj)),
      ),
    ];
    const stage = this.controlPlane._joinRollout(this.spec.inControlPlaneCluster);
    const own = orderedResources(at, dataPlaneObjects(this.spec, this.controlPlane._loads()), crds, stage.before);
    stage.created(own);
    this._resources.push(...crds, ...own);
  }

  private createRegistration(): void {
    this.controlPlane._registerDataPlane(this, this.names);
    this.registerOutputs({
      namespace: this.namespace,
      kubeconfigSecretName: this.kubeconfigSecretName,
      accessTokenSecretName: this.accessTokenSecretName,
    });
  }
}
