import type { KubeObject } from '../kube-object';
import { medusaConfiguration } from './medusa-manifests';
import { missionControlCluster } from './mission-control-cluster';
import { Delivery, type CassandraClusterSpec } from './model';
import { placeCluster } from './placement';
import type { ControlPlaneSpec, DataPlaneSpec } from '../model/platform';

/** Objects per target: the control plane, and each data plane by name. */
export interface Manifests {
  readonly controlPlane: KubeObject[];
  readonly dataPlanes: Map<string, KubeObject[]>;
}

/**
 * A cluster's objects for its delivery mode. Reconciled: one MissionControlCluster in the
 * control plane. Static: each data plane's K8ssandraCluster. A shared MedusaConfiguration
 * goes to every data plane hosting a DC in both modes, beside the K8ssandraCluster that
 * references it.
 */
export function clusterManifests(cluster: CassandraClusterSpec, controlPlane: ControlPlaneSpec, dataPlanes: readonly DataPlaneSpec[]): Manifests {
  const result: Manifests = { controlPlane: [], dataPlanes: new Map() };
  const slices = placeCluster(cluster, dataPlanes);
  if (cluster.delivery === Delivery.RECONCILED) result.controlPlane.push(missionControlCluster(cluster, controlPlane.namespace, dataPlanes));
  for (const slice of slices) {
    const objects: KubeObject[] = [];
    const config = cluster.medusa ? medusaConfiguration(cluster.medusa, slice.dataPlane.namespace) : undefined;
    if (config) objects.push(config);
    if (cluster.delivery === Delivery.STATIC) objects.push(slice.k8ssandraCluster);
    if (objects.length > 0) result.dataPlanes.set(slice.dataPlane.name, objects);
  }
  return result;
}
