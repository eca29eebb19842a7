import { Gauge, type Registry } from 'prom-client';
import type { KubeObject } from '../../core/kube-object';
import { OPERATOR_METRICS } from '../../core/monitoring/operator-metrics';
import type { Condition } from '../conditions';

/** What the status gauges are computed from, at every scrape. */
export interface StatusMetricsSource {
  /** Only the leader reports: a standby has no data-plane connections. */
  isLeader(): boolean;
  clusters(): readonly KubeObject[];
  tasks(): readonly KubeObject[];
  /** Names of the registered data planes. */
  dataPlanes(): readonly string[];
  reachable(dataPlane: string): boolean;
}

interface WithStatus {
  status?: {
    conditions?: Condition[];
    startTime?: string;
    datacenters?: Array<{ name: string; dataPlane: string; conditions?: Condition[] }>;
  };
}

const seconds = (time: string | undefined): number | undefined => {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms) ? undefined : ms / 1000;
};
const condition = (conditions: readonly Condition[] | undefined, type: string) => conditions?.find((c) => c.type === type);

/**
 * Gauges of clusters, DCs, tasks and data planes (see OPERATOR_METRICS). Rebuilt from the
 * caches at each scrape, so a deleted object's series disappears with it.
 */
export function registerStatusMetrics(registry: Registry, source: StatusMetricsSource): void {
  const registers = [registry];
  // One operator per process; in tests that start several on one registry the latest reports.
  for (const name of Object.values(OPERATOR_METRICS)) registry.removeSingleMetric(name);
  new Gauge({
    name: OPERATOR_METRICS.clusterProgressingSince,
    help: 'Unix time the MissionControlCluster started Progressing; absent when it is not',
    labelNames: ['cluster_namespace', 'cluster'],
    registers,
    collect() {
      this.reset();
      if (!source.isLeader()) return;
      for (const obj of source.clusters()) {
        const progressing = condition((obj as WithStatus).status?.conditions, 'Progressing');
        const since = progressing?.status === 'True' ? seconds(progressing.lastTransitionTime) : undefined;
        if (since !== undefined) this.set({ cluster_namespace: obj.metadata.namespace ?? '', cluster: obj.metadata.name }, since);
      }
    },
  });
  new Gauge({
    name: OPERATOR_METRICS.datacenterNotReadySince,
    help: 'Unix time the datacenter stopped being Ready; absent while it is Ready',
    labelNames: ['cluster_namespace', 'cluster', 'datacenter', 'data_plane'],
    registers,
    collect() {
      this.reset();
      if (!source.isLeader()) return;
      for (const obj of source.clusters()) {
        for (const dc of (obj as WithStatus).status?.datacenters ?? []) {
          const ready = condition(dc.conditions, 'Ready');
          const since = ready && ready.status !== 'True' ? seconds(ready.lastTransitionTime) : undefined;
          if (since !== undefined) this.set({ cluster_namespace: obj.metadata.namespace ?? '', cluster: obj.metadata.name, datacenter: dc.name, data_plane: dc.dataPlane }, since);
        }
      }
    },
  });
  new Gauge({
    name: OPERATOR_METRICS.taskRunningSince,
    help: 'Unix time the MissionControlTask started; absent once it is Complete or Failed',
    labelNames: ['task_namespace', 'task'],
    registers,
    collect() {
      this.reset();
      if (!source.isLeader()) return;
      for (const obj of source.tasks()) {
        const status = (obj as WithStatus).status;
        const finished = ['Complete', 'Failed'].some((type) => condition(status?.conditions, type)?.status === 'True');
        const since = finished ? undefined : seconds(status?.startTime);
        if (since !== undefined) this.set({ task_namespace: obj.metadata.namespace ?? '', task: obj.metadata.name }, since);
      }
    },
  });
  new Gauge({
    name: OPERATOR_METRICS.dataPlaneReachable,
    help: '1 while the registered data plane is reachable (caches synced, watches healthy), else 0',
    labelNames: ['data_plane'],
    registers,
    collect() {
      this.reset();
      if (!source.isLeader()) return;
      for (const name of source.dataPlanes()) this.set({ data_plane: name }, source.reachable(name) ? 1 : 0);
    },
  });
}
