import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { parseAllDocuments } from 'yaml';
import { assertProblemsOfInput, type ControlPlane } from './control-plane';
import { kubeResource } from './kube-resource';
import { orderedResources } from './ordered-resources';
import { providerProblems } from './provider';
import { resolveDataPlane, type DataPlaneOptions } from '../core/defaults';
import type { KubeObject } from '../core/kube-object';
import { CONTROL_PLANE_ACCESS_TOKEN_SECRET } from '../core/manifests/control-plane-access';
import { dataPlaneObjects } from '../core/manifests/planes';
import { dataPlaneFolder, type DataPlaneSpec } from '../core/model/platform';
import { dataPlaneInputProblems } from '../core/validation/input-problems';
import { validateDataPlane } from '../core/validation/validate-platform';
import { CrdSource, dataPlaneCrdFiles } from '../crds/crd-source';

/** Arguments of a data plane component. */
export interface DataPlaneArgs extends DataPlaneOptions {
  /** The control plane this data plane registers with. */
  readonly controlPlane: ControlPlane;
  /** Provider for this data plane's cluster. Required: the default provider is refused. */
  readonly provider: k8s.Provider;
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
 * synthesises, created with this cluster's provider after the upstream CRDs.
 */
export class DataPlane extends pulumi.ComponentResource {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:DataPlane';

  /** The resolved model the core validates and builds from. */
  public readonly spec: DataPlaneSpec;
  /** Provider of the data-plane cluster; every child resource uses it. */
  public readonly provider: k8s.Provider;
  /** The upstream CRDs, created before everything else in this data plane. */
  public readonly crdResources: pulumi.Resource[];
  /** Every other Kubernetes object of this data plane, in apply order. */
  public readonly resources: pulumi.CustomResource[];
  /** The registration object in the control plane. */
  public readonly registration: pulumi.CustomResource;
  /** Namespace of the operators, as an Output for other resources to use. */
  public readonly namespace: pulumi.Output<string>;
  /** Secret (in the control plane) that must hold this data plane's kubeconfig. */
  public readonly kubeconfigSecretName: pulumi.Output<string>;
  /** Secret (in this data plane) whose token the kubeconfig uses. */
  public readonly accessTokenSecretName: pulumi.Output<string>;

  constructor(name: string, args: DataPlaneArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(DataPlane.TYPE, name, {}, opts);
    const crds = args?.crds ?? CrdSource.upstreamRelease();
    this.spec = resolveDataPlane(name, args, crds.spec);
    const own = [...providerProblems('DataPlane', name, args?.provider), ...dataPlaneInputProblems(name, args)];
    if (args?.controlPlane) args.controlPlane._validateDataPlane(this.spec, own);
    else assertProblemsOfInput([...own, ...validateDataPlane(this.spec)]);
    this.provider = args.provider;
    const folder = dataPlaneFolder(this.spec.name);
    const opt = { parent: this, provider: this.provider };
    const files = dataPlaneCrdFiles(this.spec);
    this.crdResources = [
      ...files.remoteResources.map((directory, i) => new k8s.kustomize.v2.Directory(`${folder}:upstream-crds:${i}`, { directory }, opt)),
      ...files.verbatimFiles.flatMap((file) =>
        parseAllDocuments(file.content)
          .map((doc) => doc.toJS() as KubeObject | null)
          .filter((obj): obj is KubeObject => !!obj)
          .map((obj) => kubeResource(folder, obj, opt)),
      ),
    ];
    this.resources = orderedResources(folder, dataPlaneObjects(this.spec), opt, this.crdResources);
    const { registration, kubeconfigSecretName } = args.controlPlane._registerDataPlane(this.spec, this);
    this.registration = registration;
    this.namespace = pulumi.output(this.spec.namespace);
    this.kubeconfigSecretName = pulumi.output(kubeconfigSecretName);
    this.accessTokenSecretName = pulumi.output(CONTROL_PLANE_ACCESS_TOKEN_SECRET);
    this.registerOutputs({
      namespace: this.namespace,
      kubeconfigSecretName: this.kubeconfigSecretName,
      accessTokenSecretName: this.accessTokenSecretName,
      resourceNames: this.resources.map((r) => r.urn),
    });
  }
}
