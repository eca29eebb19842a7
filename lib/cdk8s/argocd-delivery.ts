import type { ControlPlane } from './control-plane';
import { GitOpsDelivery } from './gitops-delivery';
import { argoCdApplications } from '../core/gitops/argocd-application';
import { ARGOCD_HEALTH_FOLDER, argoCdHealthFiles } from '../core/gitops/argocd-health/health-component';
import type { ArgoCdDeliveryOptions } from '../core/gitops/argocd-options';
import type { DeliveredFolder } from '../core/gitops/delivery-order';
import { validateArgoCdDelivery } from '../core/gitops/validate-argocd-delivery';
import type { KubeObject } from '../core/kube-object';
import type { RenderedFile } from '../core/output/cluster-folder';
import type { Problem } from '../core/problems';

/** Props of the Argo CD delivery. */
export interface ArgoCdDeliveryProps extends ArgoCdDeliveryOptions {}

/**
 * Argo CD Applications for every cluster folder, in `control-plane/delivery/`, synced in the
 * install order through sync waves (data planes first, then the control plane). Also turns
 * on sync waves inside every cluster folder and writes the `argocd-health/` component.
 */
export class ArgoCdDelivery extends GitOpsDelivery {
  /** The options as given; defaults are applied when the Applications are built. */
  public readonly options: ArgoCdDeliveryOptions;

  constructor(scope: ControlPlane, id: string, props: ArgoCdDeliveryProps) {
    super(scope, id);
    this.options = props ?? ({} as ArgoCdDeliveryProps);
    this._render();
    scope?._registerDelivery?.(this);
  }

  override get syncWaves(): boolean {
    return this.options.syncWaves ?? true;
  }

  override extraFiles(): RenderedFile[] {
    if (!(this.options.healthChecks ?? true)) return [];
    return argoCdHealthFiles().map((f) => ({ path: `${ARGOCD_HEALTH_FOLDER}/${f.path}`, content: f.content }));
  }

  protected optionProblems(folders: readonly DeliveredFolder[]): Problem[] {
    return validateArgoCdDelivery(this.node.path, this.options, folders);
  }

  protected build(folders: readonly DeliveredFolder[]): KubeObject[] {
    return argoCdApplications(this.options, folders);
  }
}
