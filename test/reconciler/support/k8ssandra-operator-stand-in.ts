import type { KubeObject } from '../../../lib/core/kube-object';
import type { KubeClient } from '../../../lib/kube/client';
import { RESOURCES } from '../../../lib/kube/resources';

/** The upstream task-like kinds the reconciler writes into a data plane. */
const TASK_KINDS = ['CassandraTask', 'MedusaBackupJob', 'MedusaRestoreJob'] as const;
const AT = '2026-01-01T00:00:00Z';

/** JSON with sorted keys: the API server returns objects with their keys sorted, not in the order written. */
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x);

/**
 * STATUS STAND-IN, for testing the reconciler's own logic only. It is not k8ssandra-operator
 * or cass-operator and proves nothing about how a Cassandra cluster behaves: those operators
 * cannot run here (they need kubelets), and the real-operator tier covers them.
 *
 * One stand-in plays the upstream operators' part for one data plane: it writes the status
 * they would report for the DCs placed there (`k8sContext` equal to the data plane's name)
 * onto the one K8ssandraCluster in the control-plane cluster, as the control-plane
 * k8ssandra-operator mirrors them, and the status of the task objects in its data plane. It
 * never touches specs or creates objects. A stopped stand-in leaves its DCs' last report in
 * place, as upstream does when it cannot reach a data plane. Tests decide which DCs become
 * Ready and which tasks fail.
 */
export class K8ssandraStatusStandIn {
  /** DCs that report Ready; everything else reports Updating. */
  readonly readyDatacenters = new Set<string>();
  /** Report every DC Ready (benchmarks). */
  allReady = false;
  /** Task names that end Failed instead of Complete. */
  readonly failingTasks = new Set<string>();
  /** Task names held Running until released. */
  readonly heldTasks = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataPlane: string,
    private readonly controlPlane: KubeClient,
    private readonly k8ssandraNamespace: string,
    private readonly client: KubeClient,
    private readonly namespace: string,
  ) {}

  /** Polls and writes status every `intervalMs`. */
  start(intervalMs = 200): void {
    const tick = () => {
      this.running = this.sync().catch(() => undefined).finally(() => {
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    clearTimeout(t);
    await this.running;
  }

  /** One pass over the K8ssandraClusters with DCs here and the task objects of this data plane. */
  async sync(): Promise<void> {
    const clusters = await this.controlPlane.list(RESOURCES.K8ssandraCluster, { namespace: this.k8ssandraNamespace });
    for (const kc of clusters.items) await this.writeClusterStatus(kc);
    for (const kind of TASK_KINDS) {
      const tasks = await this.client.list(RESOURCES[kind], { namespace: this.namespace });
      for (const task of tasks.items) await this.writeTaskStatus(kind, task);
    }
  }

  /**
   * Writes the status of this data plane's DCs of one K8ssandraCluster, when it differs. For
   * a driver that watches instead of polling (the benchmark: polling every cluster from every
   * stand-in would load the API server more than the operator does).
   */
  async writeClusterStatus(kc: KubeObject): Promise<void> {
    const dcs = ((kc.spec as any)?.cassandra?.datacenters ?? []) as Array<{ metadata: { name: string }; size: number; k8sContext?: string }>;
    const mine = dcs.filter((dc) => dc.k8sContext === this.dataPlane);
    if (mine.length === 0) return;
    const datacenters = Object.fromEntries(
      mine.map((dc) => {
        const ready = this.allReady || this.readyDatacenters.has(dc.metadata.name);
        const nodes = ready ? dc.size : 0;
        return [
          dc.metadata.name,
          {
            cassandra: {
              cassandraOperatorProgress: ready ? 'Ready' : 'Updating',
              conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'Ready' : 'Starting', message: '', lastTransitionTime: AT }],
              nodeStatuses: Object.fromEntries(Array.from({ length: nodes }, (_, i) => [`${dc.metadata.name}-pod-${i}`, { hostID: `host-${i}` }])),
            },
          },
        ];
      }),
    );
    const live = ((kc.status as any)?.datacenters ?? {}) as Record<string, unknown>;
    const current = (kc.status as any)?.observedGeneration === kc.metadata.generation;
    if (current && mine.every((dc) => canonical(live[dc.metadata.name]) === canonical(datacenters[dc.metadata.name]))) return;
    // A merge patch: each data plane's stand-in sets only its own DCs' entries.
    await this.controlPlane.patchStatus(RESOURCES.K8ssandraCluster, { name: kc.metadata.name, namespace: kc.metadata.namespace }, { datacenters, observedGeneration: kc.metadata.generation, error: 'None' });
  }

  private async writeTaskStatus(kind: (typeof TASK_KINDS)[number], task: KubeObject): Promise<void> {
    const name = task.metadata.name;
    const type = this.heldTasks.has(name) ? 'Running' : this.failingTasks.has(name) ? 'Failed' : 'Complete';
    const ref = { name, namespace: task.metadata.namespace };
    if (kind !== 'CassandraTask') {
      // Medusa jobs report times and lists of pods, not conditions.
      const status = (task.status ?? {}) as { finishTime?: string; startTime?: string };
      if (type === 'Running' ? status.startTime : status.finishTime) return;
      await this.client.patchStatus(RESOURCES[kind], ref, { startTime: AT, ...(type === 'Running' ? {} : { finishTime: AT, ...(type === 'Failed' ? { failed: ['pod-0'] } : { finished: ['pod-0'] }) }) });
      return;
    }
    if (((task.status as any)?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True')) return;
    const conditions = [{ type, status: 'True', reason: type, message: `stand-in marked the task ${type}`, lastTransitionTime: AT }];
    await this.client.patchStatus(RESOURCES.CassandraTask, ref, { conditions, startTime: AT, ...(type === 'Running' ? {} : { completionTime: AT }) });
  }
}
