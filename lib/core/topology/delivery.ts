import type { KubeObject } from '../kube-object';
import { medusaConfiguration } from './medusa-manifests';
import { missionControlCluster } from './mission-control-cluster';
import { Delivery, type CassandraClusterSpec } from './model';
import { placeCluster } from './placement';
import type { ControlPlaneSpec, DataPlaneSpec } from '../model/platform';

/** Objects per target: the control plane, and each data plane by name. */
export interface Manifests {
  /** Objects written to the control plane's folder (or created by its provider). */
  readonly controlPlane: KubeObject[];
  /** Objects per data plane, keyed by data-plane name. */
  readonly dataPlanes: Map<string, KubeObject[]>;
}

/**
 * A cluster's objects for its delivery mode, all in the control plane. Reconciled: the
 * MissionControlCluster (the operator writes the K8ssandraCluster next to it). Static: the
 * K8ssandraCluster itself. A shared MedusaConfiguration goes beside the K8ssandraCluster in
 * both modes: upstream reads it from the K8ssandraCluster's namespace in the control plane.
 */
export function clusterManifests(cluster: CassandraClusterSpec, controlPlane: ControlPlaneSpec, dataPlanes: readonly DataPlaneSpec[]): Manifests {
  const placement = placeCluster(cluster, controlPlane, dataPlanes);
  const objects: KubeObject[] = [];
  const config = cluster.medusa ? medusaConfiguration(cluster.medusa, placement.namespace) : undefined;
  if (config) objects.push(config);
  objects.push(cluster.delivery === Delivery.RECONCILED ? missionControlCluster(cluster, controlPlane.namespace, dataPlanes) : placement.k8ssandraCluster);
  return { controlPlane: objects, dataPlanes: new Map() };
}
