import type { KubeObject } from '../../../lib/core/kube-object';
import type { KubeClient } from '../../../lib/kube/client';
import { RESOURCES } from '../../../lib/kube/resources';

/**
 * TEST STAND-IN for k8ssandra-operator and cass-operator, which cannot run here (they need
 * kubelets). It does one thing: write the *status* the real operators would write onto the
 * data-plane objects the control-plane operator created. It never touches specs or creates
 * objects. Tests decide which DCs become Ready and which tasks fail.
 */
export class K8ssandraOperatorStandIn {
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

  constructor(private readonly client: KubeClient, private readonly namespace: string) {}

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

  /** One pass over every K8ssandraCluster and K8ssandraTask in the namespace. */
  async sync(): Promise<void> {
    const clusters = await this.client.list(RESOURCES.K8ssandraCluster, { namespace: this.namespace });
    for (const kc of clusters.items) await this.writeClusterStatus(kc);
    const tasks = await this.client.list(RESOURCES.K8ssandraTask, { namespace: this.namespace });
    for (const task of tasks.items) await this.writeTaskStatus(task);
  }

  private async writeClusterStatus(kc: KubeObject): Promise<void> {
    const dcs = ((kc.spec as any)?.cassandra?.datacenters ?? []) as Array<{ metadata: { name: string }; size: number }>;
    const at = '2026-01-01T00:00:00Z';
    const datacenters = Object.fromEntries(
      dcs.map((dc) => {
        const ready = this.allReady || this.readyDatacenters.has(dc.metadata.name);
        const nodes = ready ? dc.size : 0;
        return [
          dc.metadata.name,
          {
            cassandra: {
              cassandraOperatorProgress: ready ? 'Ready' : 'Updating',
              conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'Ready' : 'Starting', message: '', lastTransitionTime: at }],
              nodeStatuses: Object.fromEntries(Array.from({ length: nodes }, (_, i) => [`${dc.metadata.name}-pod-${i}`, { hostID: `host-${i}` }])),
            },
          },
        ];
      }),
    );
    const status = { datacenters, observedGeneration: kc.metadata.generation, error: 'None' };
    const current = (kc.status as any)?.observedGeneration === kc.metadata.generation;
    if (current && JSON.stringify((kc.status as any)?.datacenters ?? {}) === JSON.stringify(datacenters)) return;
    await this.client.patchStatus(RESOURCES.K8ssandraCluster, { name: kc.metadata.name, namespace: kc.metadata.namespace }, status);
  }

  private async writeTaskStatus(task: KubeObject): Promise<void> {
    const name = task.metadata.name;
    const at = '2026-01-01T00:00:00Z';
    const type = this.heldTasks.has(name) ? 'Running' : this.failingTasks.has(name) ? 'Failed' : 'Complete';
    if (((task.status as any)?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True')) return;
    const conditions = [{ type, status: 'True', reason: type, message: `stand-in marked the task ${type}`, lastTransitionTime: at }];
    await this.client.patchStatus(RESOURCES.K8ssandraTask, { name, namespace: task.metadata.namespace }, {
      conditions,
      startTime: at,
      ...(type === 'Running' ? {} : { completionTime: at }),
    });
  }
}
