import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a {@link WorkQueue} reports; implemented by {@link RuntimeMetrics.workQueue}. */
export interface WorkQueueMetricsSink {
  /** One `add` call that was not ignored for shutdown. */
  added(): void;
  /** Current number of keys waiting to be processed. */
  depth(n: number): void;
  /** Seconds a key waited between being queued and being handed to a worker. */
  queued(seconds: number): void;
  /** Seconds between a worker getting a key and calling `done`. */
  worked(seconds: number): void;
  /** One `addAfter` / `addRateLimited` call. */
  retried(): void;
  /**
   * Registers the source of in-flight durations, read at scrape time. Returns a function that
   * unregisters it (on queue shutdown).
   */
  unfinished(source: () => { readonly totalSeconds: number; readonly longestSeconds: number }): () => void;
}

/** What an {@link Informer} reports; implemented by {@link RuntimeMetrics.informer}. */
export interface InformerMetricsSink {
  relisted(): void;
  watchRestarted(reason: 'closed' | 'inactive' | 'error'): void;
  expired(): void;
  eventSeen(epochMs: number): void;
  healthy(ok: boolean): void;
}

// controller-runtime pkg/internal/controller/metrics/metrics.go.
const RECONCILE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
  1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
// client-go / controller-runtime workqueue: prometheus.ExponentialBuckets(10e-9, 10, 12).
const WORKQUEUE_BUCKETS = Array.from({ length: 12 }, (_, i) => 1e-8 * 10 ** i);

/** Reconcile outcomes, as labelled by controller-runtime. */
export type ReconcileResultLabel = 'success' | 'error' | 'requeue' | 'requeue_after';

type Unfinished = () => { readonly totalSeconds: number; readonly longestSeconds: number };

/** Options of {@link RuntimeMetrics}. */
export interface RuntimeMetricsOptions {
  /** Registry to register into; a new one by default. */
  readonly registry?: Registry;
}

/**
 * Every metric of the controller runtime, with controller-runtime's and client-go's names so
 * that existing dashboards and alerts work unchanged:
 *
 * - `controller_runtime_reconcile_total{controller,result}`, `controller_runtime_reconcile_errors_total{controller}`,
 *   `controller_runtime_reconcile_time_seconds{controller}`, `controller_runtime_active_workers{controller}`,
 *   `controller_runtime_max_concurrent_reconciles{controller}`;
 * - `workqueue_depth`, `workqueue_adds_total`, `workqueue_queue_duration_seconds`,
 *   `workqueue_work_duration_seconds`, `workqueue_retries_total`, `workqueue_unfinished_work_seconds`,
 *   `workqueue_longest_running_processor_seconds`, all labelled `name` (and `controller`, as
 *   controller-runtime does);
 * - `leader_election_master_status{name}` (client-go);
 * - informer health, which has no upstream equivalent: `informer_relists_total`,
 *   `informer_watch_restarts_total{reason}`, `informer_watch_expired_total`,
 *   `informer_last_event_timestamp_seconds`, `informer_healthy`, labelled `informer`.
 */
export class RuntimeMetrics {
  readonly registry: Registry;
  readonly reconcileTotal: Counter<'controller' | 'result'>;
  readonly reconcileErrors: Counter<'controller'>;
  readonly reconcileTime: Histogram<'controller'>;
  readonly activeWorkers: Gauge<'controller'>;
  readonly maxConcurrentReconciles: Gauge<'controller'>;
  readonly leaderStatus: Gauge<'name'>;
  private readonly wqDepth: Gauge<'name' | 'controller'>;
  private readonly wqAdds: Counter<'name' | 'controller'>;
  private readonly wqQueueDuration: Histogram<'name' | 'controller'>;
  private readonly wqWorkDuration: Histogram<'name' | 'controller'>;
  private readonly wqRetries: Counter<'name' | 'controller'>;
  private readonly wqUnfinished: Gauge<'name' | 'controller'>;
  private readonly wqLongest: Gauge<'name' | 'controller'>;
  private readonly infRelists: Counter<'informer'>;
  private readonly infRestarts: Counter<'informer' | 'reason'>;
  private readonly infExpired: Counter<'informer'>;
  private readonly infLastEvent: Gauge<'informer'>;
  private readonly infHealthy: Gauge<'informer'>;
  private readonly unfinishedSources = new Map<string, Unfinished>();
  private defaultMetricsOn = false;

  constructor(options: RuntimeMetricsOptions = {}) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    const registers = [registry];
    const wq = ['name', 'controller'] as const;
    this.reconcileTotal = new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller',
      labelNames: ['controller', 'result'],
      registers,
    });
    this.reconcileErrors = new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    });
    this.reconcileTime = new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets: RECONCILE_BUCKETS,
      registers,
    });
    this.activeWorkers = new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller',
      labelNames: ['controller'],
      registers,
    });
    this.maxConcurrentReconciles = new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller',
      labelNames: ['controller'],
      registers,
    });
    this.leaderStatus = new Gauge({
      name: 'leader_election_master_status',
      help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.',
      labelNames: ['name'],
      registers,
    });
    this.wqDepth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: wq, registers });
    this.wqAdds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: wq, registers });
    this.wqQueueDuration = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames: wq,
      buckets: WORKQUEUE_BUCKETS,
      registers,
    });
    this.wqWorkDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes.',
      labelNames: wq,
      buckets: WORKQUEUE_BUCKETS,
      registers,
    });
    this.wqRetries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: wq, registers });
    const sources = this.unfinishedSources;
    // Computed at scrape time instead of client-go's 500 ms update loop: no timer to manage.
    this.wqUnfinished = new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help: 'How many seconds of work has been done that is in progress and hasn\'t been observed by work_duration. '
        + 'Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.',
      labelNames: wq,
      registers,
      collect() {
        for (const [name, source] of sources) this.set({ name, controller: name }, source().totalSeconds);
      },
    });
    this.wqLongest = new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      labelNames: wq,
      registers,
      collect() {
        for (const [name, source] of sources) this.set({ name, controller: name }, source().longestSeconds);
      },
    });
    this.infRelists = new Counter({
      name: 'informer_relists_total',
      help: 'Full lists of the informer\'s collection (initial sync, 410 Gone, watch errors)',
      labelNames: ['informer'],
      registers,
    });
    this.infRestarts = new Counter({
      name: 'informer_watch_restarts_total',
      help: 'Watches re-opened, by reason: closed (server timeout), inactive (watchdog), error',
      labelNames: ['informer', 'reason'],
      registers,
    });
    this.infExpired = new Counter({
      name: 'informer_watch_expired_total',
      help: 'Watches or lists answered with 410 Gone (resourceVersion too old)',
      labelNames: ['informer'],
      registers,
    });
    this.infLastEvent = new Gauge({
      name: 'informer_last_event_timestamp_seconds',
      help: 'Unix time of the last watch event or bookmark',
      labelNames: ['informer'],
      registers,
    });
    this.infHealthy = new Gauge({
      name: 'informer_healthy',
      help: '1 while the informer\'s last list or watch succeeded, 0 while it is retrying after errors',
      labelNames: ['informer'],
      registers,
    });
  }

  /** Adds prom-client's process metrics (event-loop lag, heap, GC, ...). Idempotent. */
  collectDefaultMetrics(): void {
    if (this.defaultMetricsOn) return;
    this.defaultMetricsOn = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** Sets the per-controller gauges and zero counters, as controller-runtime does at start. */
  initController(controller: string, maxConcurrentReconciles: number): void {
    this.maxConcurrentReconciles.set({ controller }, maxConcurrentReconciles);
    this.activeWorkers.set({ controller }, 0);
    for (const result of ['success', 'error', 'requeue', 'requeue_after'] as const) this.reconcileTotal.inc({ controller, result }, 0);
    this.reconcileErrors.inc({ controller }, 0);
  }

  /** Metrics sink for the work queue named `name`. */
  workQueue(name: string): WorkQueueMetricsSink {
    const labels = { name, controller: name };
    return {
      added: () => this.wqAdds.inc(labels),
      depth: (n) => this.wqDepth.set(labels, n),
      queued: (s) => this.wqQueueDuration.observe(labels, s),
      worked: (s) => this.wqWorkDuration.observe(labels, s),
      retried: () => this.wqRetries.inc(labels),
      unfinished: (source) => {
        this.unfinishedSources.set(name, source);
        return () => {
          if (this.unfinishedSources.get(name) !== source) return;
          this.unfinishedSources.delete(name);
          this.wqUnfinished.set(labels, 0);
          this.wqLongest.set(labels, 0);
        };
      },
    };
  }

  /** Metrics sink for the informer named `informer`. */
  informer(informer: string): InformerMetricsSink {
    return {
      relisted: () => this.infRelists.inc({ informer }),
      watchRestarted: (reason) => this.infRestarts.inc({ informer, reason }),
      expired: () => this.infExpired.inc({ informer }),
      eventSeen: (ms) => this.infLastEvent.set({ informer }, ms / 1000),
      healthy: (ok) => this.infHealthy.set({ informer }, ok ? 1 : 0),
    };
  }

  /** Prometheus text exposition of everything registered. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

let processMetrics: RuntimeMetrics | undefined;

/**
 * The process-wide metrics (one registry per process, like controller-runtime's
 * `metrics.Registry`). Components default to it; tests pass their own {@link RuntimeMetrics}.
 */
export function runtimeMetrics(): RuntimeMetrics {
  processMetrics ??= new RuntimeMetrics();
  return processMetrics;
}
