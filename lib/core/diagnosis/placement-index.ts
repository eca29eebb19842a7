import type { KubeObject } from '../kube-object';
import { specOf } from './objects';
import type { DataPlaneSnapshot, PlatformSnapshot, PlaneSnapshot } from './snapshot';

/** A DC of a K8ssandraCluster and the plane that should hold its CassandraDatacenter. */
export interface PlacedDatacenter {
  readonly cluster: KubeObject;
  readonly name: string;
  /** The DC's `k8sContext`; empty for the control plane's own cluster. */
  readonly k8sContext: string;
  /** The data plane it names, if one is registered under that context. */
  readonly plane?: PlaneSnapshot;
}

/**
 * The data plane a DC's `k8sContext` names: the ClientConfig's context is the data plane's
 * name, and an empty context is the control plane's own cluster.
 */
export function planeForContext(snapshot: PlatformSnapshot, k8sContext: string): PlaneSnapshot | undefined {
  if (k8sContext === '') return snapshot.dataPlanes.find((d) => d.inControlPlaneCluster) ?? snapshot.controlPlane;
  return snapshot.dataPlanes.find((d) => d.name === k8sContext);
}

export function datacentersOf(snapshot: PlatformSnapshot, cluster: KubeObject): PlacedDatacenter[] {
  const dcs = (specOf(cluster).cassandra?.datacenters ?? []) as Array<{ metadata?: { name?: string }; k8sContext?: string }>;
  return dcs.map((dc) => {
    const k8sContext = dc.k8sContext ?? '';
    return { cluster, name: dc.metadata?.name ?? '', k8sContext, plane: planeForContext(snapshot, k8sContext) };
  });
}

/** Names of the Cassandra clusters with a DC in this plane. */
export function clustersServedBy(snapshot: PlatformSnapshot, plane: PlaneSnapshot): string[] {
  const names = snapshot.controlPlane.k8ssandraClusters
    .filter((k) => datacentersOf(snapshot, k).some((dc) => dc.plane?.name === plane.name))
    .map((k) => k.metadata.name);
  return [...new Set(names)].sort();
}

/** The CassandraDatacenter of a placed DC, in the plane that should hold it. */
export function cassandraDatacenterOf(dc: PlacedDatacenter): KubeObject | undefined {
  return dc.plane?.datacenters.find((d) => d.metadata.name === dc.name && d.metadata.namespace === dc.cluster.metadata.namespace);
}

export const isDataPlane = (plane: PlaneSnapshot): plane is DataPlaneSnapshot => 'inControlPlaneCluster' in plane;
