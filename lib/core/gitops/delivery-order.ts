import { CONTROL_PLANE_FOLDER, dataPlaneFolder, type DataPlaneSpec } from '../model/platform';

/** One cluster folder as the GitOps controller sees it. */
export interface DeliveredFolder {
  /** The cluster folder, e.g. `data-plane-eu-west`. */
  readonly folder: string;
  /**
   * Install stage, from 0: a folder is synced only once every folder of an earlier stage is
   * healthy (Argo CD sync wave, Flux dependsOn).
   */
  readonly stage: number;
  /** Whether the folder's objects go to the control plane's own cluster. */
  readonly inControlPlaneCluster: boolean;
}

/**
 * The install order of the README: the data plane sharing the control plane's cluster first
 * (it holds the control-plane k8ssandra-operator and the CRDs the control-plane folder's
 * clusters need), then the other data planes, then the control plane. Operator upgrades go
 * the other way, control plane first and then one data plane per change (`plan` calls
 * anything else risky), so an upgrade touches one folder and this order does not reorder it.
 * Data planes keep their declaration order; duplicate names count once.
 */
export function deliveryOrder(dataPlanes: readonly DataPlaneSpec[]): DeliveredFolder[] {
  const unique = dataPlanes.filter((dp, i) => dataPlanes.findIndex((o) => o.name === dp.name) === i);
  const shared = unique.filter((dp) => dp.inControlPlaneCluster);
  const remote = unique.filter((dp) => !dp.inControlPlaneCluster);
  const stages = [shared, remote].filter((group) => group.length > 0);
  return [
    ...stages.flatMap((group, stage) => group.map((dp) => ({ folder: dataPlaneFolder(dp.name), stage, inControlPlaneCluster: dp.inControlPlaneCluster }))),
    { folder: CONTROL_PLANE_FOLDER, stage: stages.length, inControlPlaneCluster: true },
  ];
}
