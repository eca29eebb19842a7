import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { DataPlane } from './data-plane';
import { kubeResource } from './kube-resource';
import { orderedResources } from './ordered-resources';
import { requireProvider } from './provider';
import { resolveControlPlane, type ControlPlaneOptions } from '../core/defaults';
import { dataPlaneRegistration, kubeconfigSecretName } from '../core/manifests/data-plane-registration';
import { controlPlaneObjects } from '../core/manifests/planes';
import { CONTROL_PLANE_FOLDER, type ControlPlaneSpec, type DataPlaneSpec } from '../core/model/platform';
import { assertNoProblems } from '../core/problems';
import { validatePlatform } from '../core/validation/validate-platform';

/** Arguments of the control plane component. */
export interface ControlPlaneArgs extends ControlPlaneOptions {
  /** Provider for the control-plane cluster. Required: the default provider is refused. */
  readonly provider: k8s.Provider;
}

/**
 * The control-plane cluster as a Pulumi component: the same objects the cdk8s `ControlPlane`
 * synthesises, created with this cluster's provider in apply order.
 */
export class ControlPlane extends pulumi.ComponentResource {
  static readonly TYPE = 'mission-control:index:ControlPlane';

  public readonly spec: ControlPlaneSpec;
  public readonly provider: k8s.Provider;
  /** Every Kubernetes object this component created, in apply order. */
  public readonly resources: pulumi.CustomResource[];
  public readonly namespace: pulumi.Output<string>;
  private readonly registered: DataPlaneSpec[] = [];
  private readonly components = new Map<string, DataPlane>();

  constructor(name: string, args: ControlPlaneArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ControlPlane.TYPE, name, {}, opts);
    this.provider = requireProvider('ControlPlane', name, args?.provider);
    this.spec = resolveControlPlane(name, args);
    assertNoProblems(validatePlatform({ controlPlanes: [this.spec], dataPlanes: [] }));
    this.resources = orderedResources(CONTROL_PLANE_FOLDER, controlPlaneObjects(this.spec, []), { parent: this, provider: this.provider });
    this.namespace = pulumi.output(this.spec.namespace);
    this.registerOutputs({ namespace: this.namespace, resourceNames: this.resources.map((r) => r.urn) });
  }

  /** The data planes registered so far, in declaration order. */
  get dataPlanes(): readonly DataPlaneSpec[] {
    return this.registered;
  }

  /** @internal The component of a registered data plane, for its provider and resources. */
  _dataPlane(name: string): DataPlane | undefined {
    return this.components.get(name);
  }

  /** @internal Validates a data plane together with those registered before it; throws all problems. */
  _validateDataPlane(dp: DataPlaneSpec): void {
    assertNoProblems(validatePlatform({ controlPlanes: [this.spec], dataPlanes: [...this.registered, dp] }));
  }

  /**
   * @internal Creates a validated data plane's registration in this cluster (parented to the
   * data plane, with this cluster's provider).
   */
  _registerDataPlane(
    dp: DataPlaneSpec,
    parent: DataPlane,
  ): { registration: pulumi.CustomResource; kubeconfigSecretName: string } {
    this.registered.push(dp);
    this.components.set(dp.name, parent);
    const registration = kubeResource(CONTROL_PLANE_FOLDER, dataPlaneRegistration(this.spec.namespace, dp), {
      parent,
      provider: this.provider,
      dependsOn: this.resources,
    });
    return { registration, kubeconfigSecretName: kubeconfigSecretName(dp.name) };
  }
}
