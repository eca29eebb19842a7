import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { clusterReconciler } from './cluster-reconciler';
import type { OperatorContext } from './context';
import { DataPlanes } from './data-planes';
import { EventRecorder } from './event-recorder';
import { registrationReconciler } from './registration-reconciler';
import { requestCounter } from './request-metrics';
import { registerStatusMetrics } from './status-metrics';
import { taskReconciler } from './task-reconciler';
import { WrittenObjects } from './written-objects';
import type { KubeObject } from '../../core/kube-object';
import { DEFAULT_DATA_PLANE_NAMESPACE } from '../../core/model/platform';
import { KubeClient } from '../../kube/client';
import { RESOURCES } from '../../kube/resources';
import { MANAGED_BY_LABEL, OPERATOR_NAME, OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, OWNER_TASK_LABEL } from '../ownership';
import { Controller } from '../runtime/controller';
import { HealthServer } from '../runtime/health-server';
import { Informer } from '../runtime/informer';
import { LeaderElector } from '../runtime/leader-election';
import { RuntimeMetrics, runtimeMetrics } from '../runtime/metrics';

export interface OperatorOptions {
  /** Client for the control-plane cluster. */
  readonly controlPlane: KubeClient;
  /** Namespace holding clusters, tasks, registrations and kubeconfig Secrets. */
  readonly namespace: string;
  /**
   * Namespace of the control-plane k8ssandra-operator, for K8ssandraClusters, when no data
   * plane shares this cluster. @default 'k8ssandra-operator'
   */
  readonly k8ssandraNamespace?: string;
  /** Unique per replica; the pod name in a cluster. */
  readonly identity?: string;
  /**
   * Lease-based leader election (15 s lease / 10 s renew / 2 s retry); false runs as the only
   * writer without a Lease.
   * @default - enabled, Lease `mission-control-operator`
   */
  readonly leaderElection?: false | { readonly leaseName?: string; readonly leaseDurationMs?: number; readonly renewDeadlineMs?: number; readonly retryPeriodMs?: number };
  readonly logger?: Logger;
  readonly metrics?: RuntimeMetrics;
  /** Serve /healthz, /readyz and /metrics here; omit to serve nothing. */
  readonly health?: { readonly host?: string; readonly port: number };
  /** Periodic full resync (from the caches; kubeconfig Secrets are watched). @default 60_000 */
  readonly resyncPeriodMs?: number;
  /** How soon to look again at a cluster or task still in progress. @default 10_000 */
  readonly progressRequeueMs?: number;
  /** Informer tuning for data planes (tests shorten the backoff). */
  readonly dataPlaneInformers?: { readonly inactivityTimeoutMs?: number; readonly initialBackoffMs?: number; readonly maxBackoffMs?: number };
  /** Called when leadership is lost; the process entry point exits, as controller-runtime does. */
  readonly onLostLeadership?: () => void;
  readonly now?: () => string;
}

/**
 * The control-plane operator: caches of the control plane's clusters, tasks and registrations,
 * one connection per registered data plane, and two controllers. Only the leader writes; a
 * standby keeps its caches warm and takes over when the Lease is released or expires.
 */
export class MissionControlOperator {
  readonly logger: Logger;
  readonly metrics: RuntimeMetrics;
  readonly identity: string;
  private readonly clusters: Informer;
  private readonly tasks: Informer;
  private readonly registrations: Informer;
  /** The namespace's Secrets: kubeconfigs and superuser credentials, read from here only. */
  private readonly secrets: Informer;
  /**
   * The K8ssandraClusters it wrote, in the control-plane k8ssandra-operator's namespace:
   * their status changes enqueue the owning cluster, and reconciles read them from here.
   */
  private readonly k8ssandraClusters: Informer;
  private readonly dataPlanes: DataPlanes;
  private readonly clusterController: Controller<string>;
  private readonly taskController: Controller<string>;
  private readonly registrationController: Controller<string>;
  private readonly elector?: LeaderElector;
  private readonly health?: HealthServer;
  private leading = false;
  /**
   * Aborted when this leadership term ends. Every write of the reconcilers, to the control
   * plane and to the data planes, is bound to it: a leader that lost the Lease has its
   * writes in flight aborted and starts none, even while its reconciles are still unwinding.
   */
  private term = new AbortController();
  private writer: KubeClient;
  private resyncTimer?: NodeJS.Timeout;
  private syncChain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: OperatorOptions) {
    this.logger = options.logger ?? pino({ level: 'info' });
    this.metrics = options.metrics ?? runtimeMetrics();
    this.identity = options.identity ?? `${process.env.POD_NAME ?? 'mission-control-operator'}_${randomBytes(4).toString('hex')}`;
    const { controlPlane, namespace } = options;
    this.writer = controlPlane.withWriteSignal(this.term.signal);
    const informer = (kind: 'MissionControlCluster' | 'MissionControlTask' | 'DataPlaneRegistration' | 'Secret') =>
      new Informer({ client: controlPlane, resource: RESOURCES[kind], namespace, name: `control-plane/${kind}`, metrics: this.metrics, onError: (err) => this.logger.warn({ kind, err: (err as Error).message }, 'control-plane watch failed; retrying') });
    this.clusters = informer('MissionControlCluster');
    this.tasks = informer('MissionControlTask');
    this.registrations = informer('DataPlaneRegistration');
    this.secrets = informer('Secret');
    const k8ssandraNamespace = options.k8ssandraNamespace ?? DEFAULT_DATA_PLANE_NAMESPACE;
    this.k8ssandraClusters = new Informer({
      client: controlPlane,
      resource: RESOURCES.K8ssandraCluster,
      namespace: k8ssandraNamespace,
      labelSelector: `${MANAGED_BY_LABEL}=${OPERATOR_NAME}`,
      name: 'control-plane/K8ssandraCluster',
      metrics: this.metrics,
      onError: (err) => this.logger.warn({ kind: 'K8ssandraCluster', err: (err as Error).message }, 'control-plane watch failed; retrying'),
    });
    this.dataPlanes = new DataPlanes({
      controlPlane,
      namespace,
      logger: this.logger,
      metrics: this.metrics,
      informerOptions: options.dataPlaneInformers,
      writeSignal: () => this.term.signal,
      onRequest: requestCounter(this.metrics.registry),
      onChange: (_dp, kind, obj) => this.enqueueOwner(kind, obj),
      onReachabilityChange: (name) => {
        if (this.leading) this.registrationController.enqueue(`${namespace}/${name}`);
        this.enqueueAll();
      },
    });
    const writer = () => this.writer;
    const ctx: OperatorContext = {
      // Read at every use: each leadership term has its own fenced client.
      get controlPlane() {
        return writer();
      },
      namespace,
      k8ssandraNamespace: options.k8ssandraNamespace,
      clusters: this.clusters,
      tasks: this.tasks,
      registrations: this.registrations,
      secrets: this.secrets,
      k8ssandraClusters: { informer: this.k8ssandraClusters, namespace: k8ssandraNamespace, written: new WrittenObjects() },
      written: { clusters: new WrittenObjects(), tasks: new WrittenObjects() },
      events: new EventRecorder({ client: writer, instance: this.identity, logger: this.logger }),
      dataPlanes: this.dataPlanes,
      logger: this.logger,
      now: options.now ?? (() => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')),
      progressRequeueMs: options.progressRequeueMs ?? 10_000,
    };
    const onError = (kind: string) => (key: string, err: unknown) => this.logger.warn({ [kind]: key, err: (err as Error).message }, 'reconcile failed; retrying with backoff');
    this.clusterController = new Controller({ name: 'missioncontrolcluster', reconcile: clusterReconciler(ctx), metrics: this.metrics, maxConcurrentReconciles: CLUSTER_WORKERS, onError: onError('cluster') });
    this.taskController = new Controller({ name: 'missioncontroltask', reconcile: taskReconciler(ctx), metrics: this.metrics, maxConcurrentReconciles: 2, onError: onError('task') });
    this.registrationController = new Controller({ name: 'dataplaneregistration', reconcile: registrationReconciler(ctx), metrics: this.metrics, onError: onError('registration') });

    const enqueue = (controller: Controller<string>) => ({
      onAdd: (o: KubeObject) => this.leading && controller.enqueue(key(o)),
      onUpdate: (_: KubeObject, o: KubeObject) => this.leading && controller.enqueue(key(o)),
      onDelete: (o: KubeObject) => this.leading && controller.enqueue(key(o)),
    });
    this.clusters.addEventHandler(enqueue(this.clusterController));
    this.tasks.addEventHandler(enqueue(this.taskController));
    const k8ssandraClusterChanged = (o: KubeObject) => this.enqueueOwner('K8ssandraCluster', o);
    this.k8ssandraClusters.addEventHandler({ onAdd: k8ssandraClusterChanged, onUpdate: (_, o) => k8ssandraClusterChanged(o), onDelete: k8ssandraClusterChanged });
    const registrationChanged = () => this.leading && this.syncDataPlanes();
    this.registrations.addEventHandler({ onAdd: registrationChanged, onUpdate: registrationChanged, onDelete: registrationChanged });
    // A new or rotated kubeconfig takes effect as soon as the watch delivers it; a superuser
    // Secret change reaches the clusters through the enqueueAll that follows every sync.
    const secretChanged = () => this.leading && this.syncDataPlanes();
    this.secrets.addEventHandler({ onAdd: secretChanged, onUpdate: secretChanged, onDelete: secretChanged });

    registerStatusMetrics(this.metrics.registry, {
      isLeader: () => this.leading,
      clusters: () => this.clusters.store.list(),
      tasks: () => this.tasks.store.list(),
      dataPlanes: () => this.registrations.store.list().map((o) => o.metadata.name),
      reachable: (name) => this.dataPlanes.reachable(name),
    });

    if (options.leaderElection !== false) {
      const le = options.leaderElection ?? {};
      this.elector = new LeaderElector({
        // Its own client: Lease renewals are the one write a steady state needs, and are not
        // counted with the reconcilers' writes.
        client: new KubeClient(controlPlane.http, { fieldManager: 'mission-control-operator-leader-election' }),
        namespace,
        name: le.leaseName ?? 'mission-control-operator',
        identity: this.identity,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        metrics: this.metrics,
        onStartedLeading: (signal) => {
          // The signal aborts at the renew deadline; react at once, not when the elector's loop ends.
          signal.addEventListener('abort', () => this.leadershipLost(), { once: true });
          void this.startLeading();
        },
        onStoppedLeading: () => this.leadershipLost(),
        onError: (err) => this.logger.warn({ err: (err as Error).message }, 'leader election request failed'),
      });
    }
    if (options.health) {
      this.health = new HealthServer({ host: options.health.host, port: options.health.port, registry: this.metrics.registry });
      this.health.addReadyCheck('control-plane-caches', () => this.controlPlaneInformers().every((i) => i.hasSynced()));
    }
  }

  /** Whether this replica currently holds the Lease (always true without leader election). */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Write requests sent to the control plane and all data planes so far. */
  writeCount(): number {
    return this.options.controlPlane.writeCount + this.dataPlanes.writeCount();
  }

  /** Read requests (get, list, watch) sent to the control plane and all data planes so far. */
  readCount(): number {
    return this.options.controlPlane.readCount + this.dataPlanes.readCount();
  }

  get healthUrl(): string | undefined {
    return this.health?.url;
  }

  async start(): Promise<void> {
    await this.health?.listen();
    for (const i of this.controlPlaneInformers()) i.start();
    await Promise.all(this.controlPlaneInformers().map((i) => i.waitForSync()));
    this.logger.info({ identity: this.identity, namespace: this.options.namespace }, 'control-plane caches synced');
    if (this.elector) void this.elector.run();
    else await this.startLeading();
  }

  /** Graceful stop: no new work, in-flight reconciles drained, watches closed, Lease released. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.stopLeading();
    await this.elector?.stop();
    await Promise.all(this.controlPlaneInformers().map((i) => i.stop()));
    await this.health?.close();
    this.logger.info('stopped');
  }

  private async startLeading(): Promise<void> {
    if (this.leading || this.stopped) return;
    this.leading = true;
    if (this.term.signal.aborted) {
      this.term = new AbortController();
      this.writer = this.options.controlPlane.withWriteSignal(this.term.signal);
    }
    this.logger.info({ identity: this.identity }, 'started leading');
    await this.syncDataPlanes();
    // Leadership may have been lost, or the operator stopped, while the data planes connected.
    if (!this.leading || this.stopped) return;
    this.clusterController.start();
    this.taskController.start();
    this.registrationController.start();
    this.enqueueAll();
    this.resyncTimer = setInterval(() => {
      void this.syncDataPlanes();
      this.enqueueAll();
    }, this.options.resyncPeriodMs ?? 60_000);
  }

  /**
   * Leadership ended without {@link MissionControlOperator.stop}: fence all writes first, then
   * tell the owner at once instead of after draining the reconciles (the entry point exits,
   * as controller-runtime does; a drained reconcile could only have written as a non-leader).
   */
  private leadershipLost(): void {
    if (!this.leading) return;
    this.term.abort(new Error('leadership lost'));
    this.logger.error({ identity: this.identity }, 'lost leadership; writes stopped');
    void this.stopLeading();
    if (!this.stopped) this.options.onLostLeadership?.();
  }

  private async stopLeading(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    clearInterval(this.resyncTimer);
    await Promise.all([this.clusterController.stop(), this.taskController.stop(), this.registrationController.stop()]);
    await this.syncChain;
    await this.dataPlanes.stop();
    // Graceful stop drains before fencing, so that the reconciles it waited for could finish.
    this.term.abort(new Error('stopped leading'));
    this.logger.info({ identity: this.identity }, 'stopped leading');
  }

  private syncDataPlanes(): Promise<void> {
    this.syncChain = this.syncChain
      .then(() => (this.leading ? this.dataPlanes.sync(this.registrations.store.list(), this.secrets) : undefined))
      .then(() => this.enqueueAll())
      .catch((err) => this.logger.error({ err: (err as Error).message }, 'data-plane sync failed'));
    return this.syncChain;
  }

  /** Every key, at low priority: nobody waits on a resync, and a watched change goes first. */
  private enqueueAll(): void {
    if (!this.leading) return;
    for (const o of this.clusters.store.list()) this.clusterController.enqueue(key(o), 'low');
    for (const o of this.tasks.store.list()) this.taskController.enqueue(key(o), 'low');
    for (const o of this.registrations.store.list()) this.registrationController.enqueue(key(o), 'low');
  }

  private controlPlaneInformers(): Informer[] {
    return [this.clusters, this.tasks, this.registrations, this.secrets, this.k8ssandraClusters];
  }

  private enqueueOwner(kind: string, obj: KubeObject): void {
    if (!this.leading) return;
    const labels = obj.metadata.labels ?? {};
    const namespace = labels[OWNER_NAMESPACE_LABEL];
    if (!namespace) return;
    if (kind === 'K8ssandraCluster') this.clusterController.enqueue(`${namespace}/${labels[OWNER_NAME_LABEL]}`);
    else if (labels[OWNER_TASK_LABEL]) this.taskController.enqueue(`${namespace}/${labels[OWNER_TASK_LABEL]}`);
  }
}

const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/**
 * A cluster reconcile is a few sequential API round trips with little CPU in between, so the
 * process idles while it waits: 16 at a time keep the API server busy when many clusters
 * change at once (start, resync after an outage), where 2 left the first reconcile of 1,000
 * clusters bound by round-trip latency. Keys are never reconciled twice at once.
 */
const CLUSTER_WORKERS = 16;
