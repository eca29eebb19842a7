import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

/** The Deployments among resources: what the Kubernetes provider waits for until they are ready. */
export const deploymentsOf = (resources: readonly pulumi.Resource[]): pulumi.Resource[] => resources.filter((r) => k8s.apps.v1.Deployment.isInstance(r));

/** A data plane in the rollout: what its operator Deployments wait for, and what they are. */
export interface RolloutStage {
  /** Settles, within the same check of the program, with the Deployments to wait for. */
  readonly before: Promise<pulumi.Resource[]>;
  /** Hands over the data plane's resources once they are created. */
  created(resources: readonly pulumi.Resource[]): void;
}

interface Pending {
  readonly local: boolean;
  deployments: pulumi.Resource[];
  readonly resolve: (before: pulumi.Resource[]) => void;
}

/**
 * Operator upgrades plane by plane, as the architecture prescribes: the control plane's
 * operator Deployments first, then each data plane's, one at a time. Each data plane's
 * operator Deployments depend on the control plane's and on the previous data plane's; the
 * provider waits for a Deployment to be ready before it moves on, so a release that does
 * not come up stops the rollout where it is. The data plane sharing the control plane's
 * cluster goes first (its k8ssandra-operator is the control-plane one), the others follow in
 * declaration order; data planes of a later part of the program follow those before.
 *
 * Only the Deployments wait: CRDs, RBAC and configuration go ahead in every plane, so a data
 * plane knows every field the upgraded control plane writes before its own operators roll.
 * A dependency cannot tell an install from an upgrade: a first `pulumi up` installs the
 * data planes' operators one after the other too.
 */
export class OperatorRollout {
  private readonly controlPlane: pulumi.Resource[] = [];
  private readonly order: Pending[] = [];
  private pending: Pending[] = [];

  /** Adds control-plane operator Deployments, which every data plane's wait for. */
  addControlPlane(resources: readonly pulumi.Resource[]): void {
    this.controlPlane.push(...deploymentsOf(resources));
  }

  /**
   * A data plane joins; its place is settled with the others of the same check, once the
   * control plane's operators are all known (see `settle`).
   */
  join(local: boolean): RolloutStage {
    let resolve!: (before: pulumi.Resource[]) => void;
    const before = new Promise<pulumi.Resource[]>((r) => (resolve = r));
    const stage: Pending = { local, deployments: [], resolve };
    this.pending.push(stage);
    return { before, created: (resources) => (stage.deployments = deploymentsOf(resources)) };
  }

  /** Orders the data planes joined since the last call and tells each what to wait for. */
  settle(): void {
    const joined = [...this.pending.filter((s) => s.local), ...this.pending.filter((s) => !s.local)];
    this.pending = [];
    for (const stage of joined) {
      const previous = this.order[this.order.length - 1];
      stage.resolve([...this.controlPlane, ...(previous?.deployments ?? [])]);
      this.order.push(stage);
    }
  }
}
