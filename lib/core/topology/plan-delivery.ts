import type { ClusterView } from './plan';
import { ChangeSeverity, type PlannedChange } from './plan-change';

/**
 * A cluster switching between static and reconciled delivery. Both modes place the cluster
 * with the same function, so the K8ssandraCluster upstream reconciles keeps its name,
 * namespace and spec: the DCs see no change. What can go wrong is the object that leaves the
 * output being pruned by the GitOps tool, so the severity follows the deletion policy.
 */
export function deliverySwitch(cluster: string, before: ClusterView, after: ClusterView): PlannedChange {
  const path = 'delivery';
  if (after.delivery === 'reconciled') {
    if (!before.retained) {
      return { severity: ChangeSeverity.FORBIDDEN, cluster, path, message: 'delivery static -> reconciled with deletionPolicy Delete: the GitOps tool prunes the K8ssandraCluster that leaves control-plane/, and upstream then deletes every DC and its volumes before the control-plane operator writes it again; switch with deletionPolicy Retain (the K8ssandraCluster carries Prune=false) and change the policy back in a later change' };
    }
    return { severity: ChangeSeverity.SAFE, cluster, path, message: 'delivery static -> reconciled: the K8ssandraCluster leaves control-plane/ but is retained (Prune=false), and the control-plane operator server-side applies the same object from the MissionControlCluster, so it takes it over with an unchanged spec and no pod restarts' };
  }
  if (!before.retained) {
    return { severity: ChangeSeverity.FORBIDDEN, cluster, path, message: 'delivery reconciled -> static with deletionPolicy Delete: pruning the MissionControlCluster makes the control-plane operator delete its K8ssandraCluster, and upstream then deletes every DC and its volumes; switch with deletionPolicy Retain and change the policy back in a later change' };
  }
  return { severity: ChangeSeverity.RISKY, cluster, path, message: 'delivery reconciled -> static: the K8ssandraCluster in control-plane/ has the spec the control-plane operator wrote, so no pod restarts; but until the MissionControlCluster is gone the operator keeps applying it too: delete the MissionControlCluster (deletionPolicy Retain: the operator leaves the K8ssandraCluster in place) if the GitOps tool does not prune it' };
}
