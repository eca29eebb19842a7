/**
 * What the benchmark watches in the control plane: the K8ssandraClusters the operator writes
 * (they also drive the status stand-ins, as k8ssandra-operator reacts to watch events) and
 * the MissionControlClusters' readiness. Everything is counted from watch events, so that
 * measuring adds no polling load to the API server the operator is measured against.
 */
import type { KubeObject } from '../lib/core/kube-object';
import type { KubeClient } from '../lib/kube/client';
import { RESOURCES } from '../lib/kube/resources';
import { Informer } from '../lib/reconciler/runtime/informer';
import { RuntimeMetrics } from '../lib/reconciler/runtime/metrics';
import type { K8ssandraStatusStandIn } from '../test/reconciler/support/k8ssandra-operator-stand-in';

/** Ready, and for the current generation. */
export function isReady(o: KubeObject): boolean {
  const status = o.status as { observedGeneration?: number; conditions?: Array<{ type: string; status: string }> } | undefined;
  return status?.observedGeneration === o.metadata.generation && (status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Resolves when `count()` reaches `target`, checked after every event. */
class Threshold {
  private waiters: Array<{ target: number; resolve: () => void }> = [];
  constructor(private readonly count: () => number) {}
  check(): void {
    const n = this.count();
    this.waiters = this.waiters.filter((w) => (n >= w.target ? (w.resolve(), false) : true));
  }
  reach(target: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ target, resolve });
      this.check();
    });
  }
}

/** One waiter per object name, resolved by the first event that matches it. */
class ObjectWaiters {
  private readonly waiters = new Map<string, { matches: (o: KubeObject) => boolean; resolve: () => void }>();
  wait(name: string, matches: (o: KubeObject) => boolean): Promise<void> {
    return new Promise((resolve) => this.waiters.set(name, { matches, resolve }));
  }
  check(o: KubeObject): void {
    const w = this.waiters.get(o.metadata.name);
    if (!w || !w.matches(o)) return;
    this.waiters.delete(o.metadata.name);
    w.resolve();
  }
}

export class ControlPlaneWatchers {
  private readonly k8ssandraClusters: Informer;
  private readonly clusters: Informer;
  private readonly ready = new Set<string>();
  private readonly placed: Threshold;
  private readonly readyCount: Threshold;
  private readonly sizeWaiters = new ObjectWaiters();
  private readonly readyWaiters = new ObjectWaiters();
  private retry?: NodeJS.Timeout;
  /** Status writes to try again, by stand-in and namespace/name. */
  private readonly failed = new Map<string, { standIn: number; key: string }>();

  constructor(cp: KubeClient, clusterNamespace: string, k8ssandraNamespace: string, private readonly standIns: readonly K8ssandraStatusStandIn[]) {
    const metrics = new RuntimeMetrics();
    this.k8ssandraClusters = new Informer({ client: cp, resource: RESOURCES.K8ssandraCluster, namespace: k8ssandraNamespace, metrics });
    this.clusters = new Informer({ client: cp, resource: RESOURCES.MissionControlCluster, namespace: clusterNamespace, metrics });
    this.placed = new Threshold(() => this.k8ssandraClusters.store.list().length);
    this.readyCount = new Threshold(() => this.ready.size);
    const kc = (o: KubeObject) => {
      this.placed.check();
      this.sizeWaiters.check(o);
      this.standInsSee(o);
    };
    this.k8ssandraClusters.addEventHandler({ onAdd: kc, onUpdate: (_, o) => kc(o) });
    const mcc = (o: KubeObject) => {
      if (isReady(o)) this.ready.add(o.metadata.name);
      else this.ready.delete(o.metadata.name);
      this.readyWaiters.check(o);
      this.readyCount.check();
    };
    this.clusters.addEventHandler({ onAdd: mcc, onUpdate: (_, o) => mcc(o), onDelete: (o) => this.ready.delete(o.metadata.name) });
  }

  async start(): Promise<void> {
    this.k8ssandraClusters.start();
    this.clusters.start();
    await Promise.all([this.k8ssandraClusters.waitForSync(), this.clusters.waitForSync()]);
    // A status write that failed is not retried by an event: try those again, from the cache.
    // Only those: a sweep of every cluster through every stand-in held this process's event
    // loop for up to 200 ms with 1 000 clusters and 10 data planes, and so delayed the very
    // watch events the latencies are read from.
    this.retry = setInterval(() => {
      const failed = [...this.failed.values()];
      this.failed.clear();
      for (const { standIn, key } of failed) {
        const o = this.k8ssandraClusters.store.getByKey(key);
        if (o) this.standInSees(standIn, o);
      }
    }, 5_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.retry);
    await Promise.all([this.k8ssandraClusters.stop(), this.clusters.stop()]);
  }

  /** Every K8ssandraCluster exists. */
  allPlaced(clusters: number): Promise<void> {
    return this.placed.reach(clusters);
  }

  /** Every MissionControlCluster is Ready for its current generation. */
  allReady(clusters: number): Promise<void> {
    return this.readyCount.reach(clusters);
  }

  /** Resolves when the watch delivers K8ssandraCluster `name` with its first DC at `size`. */
  sizeSeen(name: string, size: number): Promise<void> {
    return this.sizeWaiters.wait(name, (o) => (o.spec as any)?.cassandra?.datacenters?.[0]?.size === size);
  }

  /** Resolves when the watch delivers MissionControlCluster `name` Ready for `generation`. */
  readySeen(name: string, generation: number): Promise<void> {
    return this.readyWaiters.wait(name, (o) => isReady(o) && o.metadata.generation === generation);
  }

  private standInsSee(o: KubeObject): void {
    for (let i = 0; i < this.standIns.length; i++) this.standInSees(i, o);
  }

  private standInSees(standIn: number, o: KubeObject): void {
    const key = `${o.metadata.namespace}/${o.metadata.name}`;
    this.standIns[standIn].writeClusterStatus(o).catch(() => this.failed.set(`${standIn} ${key}`, { standIn, key }));
  }
}
