import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { ensureAppValidation } from './app-validation';
import { CONTROL_PLANE_BRAND, GITOPS_DELIVERY_BRAND, hasBrand } from './brand';
import { renderInto } from './cluster-output';
import type { ControlPlane } from './control-plane';
import { registerProblemSource, type ProblemSource } from './platform-validation';
import { deliveryOrder, type DeliveredFolder } from '../core/gitops/delivery-order';
import type { KubeObject } from '../core/kube-object';
import { CONTROL_PLANE_FOLDER } from '../core/model/platform';
import type { RenderedFile } from '../core/output/cluster-folder';
import { problem, show, type Problem } from '../core/problems';

/** Where the delivery objects go: a folder of their own inside the control-plane folder. */
export const DELIVERY_FOLDER = `${CONTROL_PLANE_FOLDER}/delivery`;

/**
 * The GitOps tool's objects for every cluster folder of the app, written to
 * `control-plane/delivery/`. Not listed in the control-plane folder's kustomization: whatever
 * syncs them (a parent Application, Flux's bootstrap Kustomization) must not be one of them,
 * or the control plane's own sync would have to wait for itself.
 */
export abstract class GitOpsDelivery extends Chart implements ProblemSource {
  /** True for any GitOps delivery, also across copies of this library. */
  static isGitOpsDelivery(x: unknown): x is GitOpsDelivery {
    return hasBrand(x, GITOPS_DELIVERY_BRAND);
  }

  /** Output folder, relative to the app's output directory. */
  public readonly folderName = DELIVERY_FOLDER;
  /** The control plane whose folder holds the delivery objects. */
  public readonly controlPlane: ControlPlane;

  protected constructor(scope: ControlPlane, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, GITOPS_DELIVERY_BRAND, { value: true });
    this.controlPlane = scope;
    registerProblemSource(this);
    ensureAppValidation(this);
  }

  /** Whether every object of every cluster folder gets an Argo CD sync wave. */
  get syncWaves(): boolean {
    return false;
  }

  /** The cluster folders in install order, from the data planes registered so far. */
  get folders(): DeliveredFolder[] {
    return deliveryOrder(hasBrand(this.controlPlane, CONTROL_PLANE_BRAND) ? this.controlPlane.dataPlanes : []);
  }

  problems(): Problem[] {
    const problems: Problem[] = [];
    if (!hasBrand(this.node.scope, CONTROL_PLANE_BRAND)) {
      problems.push(problem(this.node.path, `the scope of a GitOps delivery must be the ControlPlane, not ${show(this.node.scope?.node.path ?? '')}`, 'create it as new ArgoCdDelivery(controlPlane, ...) or new FluxDelivery(controlPlane, ...)'));
      return problems;
    }
    const first = this.node.root.node.findAll().find((c) => GitOpsDelivery.isGitOpsDelivery(c));
    if (first && first !== this) {
      problems.push(problem(this.node.path, `a second GitOps delivery; ${first.node.path} already writes ${DELIVERY_FOLDER}/`, 'keep one delivery per app (Argo CD or Flux)'));
    }
    return [...problems, ...this.optionProblems(this.folders)];
  }

  /** Files written beside the delivery folder, relative to the control-plane folder. */
  extraFiles(): RenderedFile[] {
    return [];
  }

  /** @internal Redone when a data plane registers: every folder gets its object. */
  _render(): void {
    const folders = this.folders;
    renderInto(this, 'Objects', this.optionProblems(folders).length > 0 ? [] : this.build(folders));
  }

  protected abstract optionProblems(folders: readonly DeliveredFolder[]): Problem[];
  protected abstract build(folders: readonly DeliveredFolder[]): KubeObject[];
}

/** The GitOps delivery of a construct tree that turns sync waves on, if any. */
export function syncWaveDelivery(scope: IConstruct): GitOpsDelivery | undefined {
  return scope.node.root.node.findAll().find((c): c is GitOpsDelivery => GitOpsDelivery.isGitOpsDelivery(c) && c.syncWaves);
}
