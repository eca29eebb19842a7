import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { addObjects } from './add-objects';
import { CONTROL_PLANE_BRAND, hasBrand } from './brand';
import { MissionControlOperator } from './operators';
import { resolveControlPlane, type ControlPlaneOptions } from '../core/defaults';
import { dataPlaneRegistration } from '../core/manifests/data-plane-registration';
import { controlPlaneParts } from '../core/manifests/planes';
import { CONTROL_PLANE_FOLDER, type ControlPlaneSpec, type DataPlaneSpec } from '../core/model/platform';

/** Props of the control plane chart. */
export interface ControlPlaneProps extends ControlPlaneOptions {}

/**
 * The control-plane cluster: the control-plane operator, our CRDs, and one registration per
 * data plane. Synthesised to the `control-plane/` folder.
 */
export class ControlPlane extends Chart {
  /** True for any ControlPlane, also across copies of this library. */
  static isControlPlane(x: unknown): x is ControlPlane {
    return hasBrand(x, CONTROL_PLANE_BRAND);
  }

  /** The resolved model the core validates and builds from. */
  public readonly spec: ControlPlaneSpec;
  /** Output folder name. */
  public readonly folderName = CONTROL_PLANE_FOLDER;
  public readonly operator: MissionControlOperator;
  private readonly registered: DataPlaneSpec[] = [];

  constructor(scope: Construct, id: string, props: ControlPlaneProps) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, CONTROL_PLANE_BRAND, { value: true });
    this.spec = resolveControlPlane(this.node.path, props);
    const parts = controlPlaneParts(this.spec);
    addObjects(this, parts.namespace);
    addObjects(this, parts.crds);
    this.operator = new MissionControlOperator(this, 'Operator', parts.operator);
  }

  /** The data planes registered so far, in declaration order. */
  get dataPlanes(): readonly DataPlaneSpec[] {
    return this.registered;
  }

  /** @internal Called by DataPlane: adds its registration object. */
  _registerDataPlane(dp: DataPlaneSpec): void {
    // A duplicate name is reported by validation with every other problem; a second
    // registration object would only crash construction with a less helpful error.
    const duplicate = this.registered.some((other) => other.name === dp.name);
    this.registered.push(dp);
    if (!duplicate) addObjects(this, [dataPlaneRegistration(this.spec.namespace, dp)]);
  }
}
