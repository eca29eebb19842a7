import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { DataPlane } from './data-plane';
import { kubeResource } from './kube-resource';
import { orderedResources } from './ordered-resources';
import { providerProblems } from './provider';
import { resolveControlPlane, type ControlPlaneOptions } from '../core/defaults';
import { clientConfig } from '../core/manifests/client-config';
import { dataPlaneRegistration, kubeconfigSecretName } from '../core/manifests/data-plane-registration';
import { k8ssandraClusterAccess } from '../core/manifests/k8ssandra-cluster-access';
import { k8ssandraOperator } from '../core/manifests/k8ssandra-operator';
import { controlPlaneBaseObjects, controlPlaneK8ssandraParts } from '../core/manifests/planes';
import { CONTROL_PLANE_FOLDER, type ControlPlaneSpec, type DataPlaneSpec } from '../core/model/platform';
import { assertNoProblems, distinctProblems, problem, type Problem } from '../core/problems';
import { k8ssandraControlPlane } from '../core/topology/k8ssandra-control-plane';
import { controlPlaneInputProblems } from '../core/validation/input-problems';
import { withoutRepeatsOfMissing } from '../core/validation/required';
import { validatePlatform } from '../core/validation/validate-platform';
import { CASS_OPERATOR_VERSION, K8SSANDRA_OPERATOR_VERSION } from '../core/versions';
import { CrdSource, crdFiles } from '../crds/crd-source';

/** Arguments of the control plane component. */
export interface ControlPlaneArgs extends ControlPlaneOptions {
  /** Provider for the control-plane cluster. Required: the default provider is refused. */
  readonly provider: k8s.Provider;
  /**
   * Where the upstream CRDs come from when the control plane installs its own
   * k8ssandra-operator (no data plane shares its cluster).
   * @default CrdSource.upstreamRelease()
   */
  readonly crds?: CrdSource;
}

/**
 * The control-plane cluster as a Pulumi component: the same objects the cdk8s `ControlPlane`
 * synthesises, created with this cluster's provider in apply order. Which k8ssandra-operator
 * is the control-plane one is settled by the first data plane registered: declare the data
 * plane sharing this cluster, if any, first.
 */
export class ControlPlane extends pulumi.ComponentResource {
  /** Pulumi type token of the component. */
  static readonly TYPE = 'mission-control:index:ControlPlane';

  /** The resolved model the core validates and builds from. */
  public readonly spec: ControlPlaneSpec;
  /** Provider of the control-plane cluster; every child resource uses it. */
  public readonly provider: k8s.Provider;
  /** Every Kubernetes object this component created at construction, in apply order. */
  public readonly resources: pulumi.CustomResource[];
  /** Namespace of the control-plane operator, as an Output for other resources to use. */
  public readonly namespace: pulumi.Output<string>;
  private readonly crds: CrdSource;
  private readonly registered: DataPlaneSpec[] = [];
  private readonly components = new Map<string, DataPlane>();
  /** The control-plane k8ssandra-operator and its surroundings, created with the first data plane. */
  private readonly multiCluster: pulumi.Resource[] = [];
  private readonly sharedObjects = new Set<string>();

  constructor(name: string, args: ControlPlaneArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ControlPlane.TYPE, name, {}, opts);
    this.spec = resolveControlPlane(name, args);
    assertProblemsOfInput([
      ...providerProblems('ControlPlane', name, args?.provider),
      ...controlPlaneInputProblems(name, args),
      ...validatePlatform({ controlPlanes: [this.spec], dataPlanes: [] }),
    ]);
    this.provider = args.provider;
    this.crds = args.crds ?? CrdSource.upstreamRelease();
    // Which k8ssandra-operator is the control-plane one is settled with the first data plane.
    this.resources = orderedResources(CONTROL_PLANE_FOLDER, controlPlaneBaseObjects(this.spec), { parent: this, provider: this.provider });
    this.namespace = pulumi.output(this.spec.namespace);
    this.registerOutputs({ namespace: this.namespace, resourceNames: this.resources.map((r) => r.urn) });
  }

  /** The data planes registered so far, in declaration order. */
  get dataPlanes(): readonly DataPlaneSpec[] {
    return this.registered;
  }

  /** What custom resources in this cluster wait for: its operators, webhooks and CRDs. */
  get allResources(): pulumi.Resource[] {
    const local = this.registered.find((dp) => dp.inControlPlaneCluster);
    return [...this.resources, ...this.multiCluster, ...(local ? this.components.get(local.name)?.resources ?? [] : [])];
  }

  /** @internal The component of a registered data plane, for its provider and resources. */
  _dataPlane(name: string): DataPlane | undefined {
    return this.components.get(name);
  }

  /** @internal Claims an object several clusters emit (a shared MedusaConfiguration): true once. */
  _claimShared(key: string): boolean {
    if (this.sharedObjects.has(key)) return false;
    this.sharedObjects.add(key);
    return true;
  }

  /**
   * @internal Validates a data plane together with those registered before it; throws all
   * problems, with `own` (the data plane's input problems) among them.
   */
  _validateDataPlane(dp: DataPlaneSpec, own: readonly Problem[] = []): void {
    const problems = [...own, ...validatePlatform({ controlPlanes: [this.spec], dataPlanes: [...this.registered, dp] })];
    if (dp.inControlPlaneCluster && this.registered.length > 0 && !this.registered.some((o) => o.inControlPlaneCluster)) {
      problems.push(problem(dp.path, `data plane ${JSON.stringify(dp.name)} shares the control plane's cluster but is declared after ${this.registered.map((o) => JSON.stringify(o.name)).join(', ')}, when the control plane already installed its own k8ssandra-operator`, 'declare the data plane sharing the control plane\'s cluster first'));
    }
    assertProblemsOfInput(problems);
  }

  /**
   * @internal Creates a validated data plane's registration in this cluster (parented to the
   * data plane, with this cluster's provider), its ClientConfig when it is remote, and with
   * the first data plane the control-plane k8ssandra-operator's side of the wiring.
   */
  _registerDataPlane(
    dp: DataPlaneSpec,
    parent: DataPlane,
  ): { registration: pulumi.CustomResource; kubeconfigSecretName: string } {
    const first = this.registered.length === 0;
    this.registered.push(dp);
    this.components.set(dp.name, parent);
    if (first) this.createK8ssandraControlPlane(parent);
    const opts = { parent, provider: this.provider, dependsOn: [...this.resources, ...this.multiCluster] };
    const registration = kubeResource(CONTROL_PLANE_FOLDER, dataPlaneRegistration(this.spec.namespace, dp), opts);
    if (!dp.inControlPlaneCluster) {
      const config = clientConfig(dp, k8ssandraControlPlane(this.spec, this.registered).namespace);
      kubeResource(CONTROL_PLANE_FOLDER, config, { ...opts, dependsOn: this.allResources });
    }
    return { registration, kubeconfigSecretName: kubeconfigSecretName(dp.name) };
  }

  private createK8ssandraControlPlane(firstDataPlane: DataPlane): void {
    const opt = { parent: this, provider: this.provider };
    const k8ssandra = controlPlaneK8ssandraParts(this.spec, this.registered);
    const after: pulumi.Resource[] = [...this.resources];
    if (k8ssandra) {
      const files = crdFiles(this.crds.spec, this.spec.k8ssandra.operator.version ?? K8SSANDRA_OPERATOR_VERSION, CASS_OPERATOR_VERSION);
      const crds = files.remoteResources.map((directory, i) => new k8s.kustomize.v2.Directory(`${CONTROL_PLANE_FOLDER}:upstream-crds:${i}`, { directory }, opt));
      const objects = [...k8ssandra.namespace, ...k8ssandra.imageConfig, ...k8ssandraOperator(k8ssandra.k8ssandraOperator)];
      this.multiCluster.push(...crds, ...orderedResources(CONTROL_PLANE_FOLDER, objects, opt, [...after, ...crds]));
    } else {
      after.push(...firstDataPlane.resources);
    }
    const access = k8ssandraClusterAccess(this.spec.namespace, k8ssandraControlPlane(this.spec, this.registered).namespace);
    this.multiCluster.push(...orderedResources(CONTROL_PLANE_FOLDER, access, opt, [...after, ...this.multiCluster]));
  }
}

/** Throws every problem once, a missing prop without the problems it causes. */
export function assertProblemsOfInput(problems: readonly Problem[]): void {
  assertNoProblems(distinctProblems(withoutRepeatsOfMissing(problems)));
}
