import type { ControlPlane } from './control-plane';
import { GitOpsDelivery } from './gitops-delivery';
import type { DeliveredFolder } from '../core/gitops/delivery-order';
import { fluxKustomizations } from '../core/gitops/flux-kustomization';
import type { FluxDeliveryOptions } from '../core/gitops/flux-options';
import { validateFluxDelivery } from '../core/gitops/validate-flux-delivery';
import type { KubeObject } from '../core/kube-object';
import type { Problem } from '../core/problems';

/** Props of the Flux delivery. */
export interface FluxDeliveryProps extends FluxDeliveryOptions {}

/**
 * Flux Kustomizations for every cluster folder, in `control-plane/delivery/`; the control
 * plane's depends on every data plane's, and remote clusters are reached through kubeconfig
 * Secrets named in `kubeConfigs`.
 */
export class FluxDelivery extends GitOpsDelivery {
  /** The options as given; defaults are applied when the Kustomizations are built. */
  public readonly options: FluxDeliveryOptions;

  constructor(scope: ControlPlane, id: string, props: FluxDeliveryProps) {
    super(scope, id);
    this.options = props ?? ({} as FluxDeliveryProps);
    this._render();
    scope?._registerDelivery?.(this);
  }

  protected optionProblems(folders: readonly DeliveredFolder[]): Problem[] {
    return validateFluxDelivery(this.node.path, this.options, folders);
  }

  protected build(folders: readonly DeliveredFolder[]): KubeObject[] {
    return fluxKustomizations(this.options, folders);
  }
}
