import { GROUP_VERSION, MISSION_CONTROL_CLUSTER_KIND } from '../api-group';
import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import { effectiveRacks } from './effective';
import { Delivery, type CassandraClusterSpec } from './model';
import { resolveCassandraCluster, type CassandraClusterOptions, type DatacenterOptions } from './options';
import type { DataPlaneSpec } from '../model/platform';

function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Reconciled delivery: the whole cluster as one MissionControlCluster in the control plane.
 * Racks are written out (defaults resolved against the data plane's zones) so the
 * reconciler never has to recompute them.
 */
export function missionControlCluster(cluster: CassandraClusterSpec, namespace: string, dataPlanes: readonly DataPlaneSpec[]): KubeObject {
  const dp = (name: string) => dataPlanes.find((d) => d.name === name);
  return {
    apiVersion: GROUP_VERSION,
    kind: MISSION_CONTROL_CLUSTER_KIND,
    metadata: { name: cluster.name, namespace, labels: componentLabels(cluster.name, 'cassandra-cluster') },
    spec: compact({
      clusterName: cluster.clusterName,
      serverType: cluster.serverType,
      serverVersion: cluster.serverVersion,
      deletionPolicy: cluster.deletionPolicy,
      superuserSecretRef: cluster.superuserSecretRef ? { name: cluster.superuserSecretRef.name } : undefined,
      storage: cluster.storage,
      resources: cluster.resources,
      config: cluster.config,
      datacenters: cluster.datacenters.map((dc) =>
        compact({
          name: dc.name,
          dataPlane: dc.dataPlane,
          size: dc.size,
          serverVersion: dc.serverVersion,
          racks: effectiveRacks(dc, dp(dc.dataPlane)).map((r) => ({ name: r.name, zone: r.zone })),
          storage: dc.storage,
          resources: dc.resources,
          config: dc.config,
          stopped: dc.stopped || undefined,
        }),
      ),
      auth: cluster.auth,
      softPodAntiAffinity: cluster.softPodAntiAffinity || undefined,
      encryption: cluster.encryption,
      reaper: cluster.reaper,
      medusa: cluster.medusa,
      telemetry: cluster.telemetry,
      keyspaces: cluster.keyspaces,
      external: cluster.external,
    }),
  };
}

/**
 * Reads a MissionControlCluster back into the model, for the reconciler's placement. The same
 * resolver as the constructs fills the defaults, so both sides can never disagree on them.
 * Paths point into the object's spec, which is what a status message should name.
 */
export function clusterSpecFromMissionControlCluster(obj: KubeObject): CassandraClusterSpec {
  const spec = (obj.spec ?? {}) as CassandraClusterOptions & { datacenters?: DatacenterOptions[] };
  const path = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}/spec`;
  return resolveCassandraCluster(path, obj.metadata.name, { ...spec, delivery: Delivery.RECONCILED, datacenters: spec.datacenters ?? [] });
}
