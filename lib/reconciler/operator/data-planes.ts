import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { KubeObject } from '../../core/kube-object';
import { KubeClient, type KubeClientOptions } from '../../kube/client';
import { kubeHttpFromKubeConfig, loadKubeConfig } from '../../kube/kube-config';
import { RESOURCES } from '../../kube/resources';
import { MANAGED_BY_LABEL, OPERATOR_NAME } from '../ownership';
import { registrationFrom, type Registration } from '../registrations';
import { Informer } from '../runtime/informer';
import type { RuntimeMetrics } from '../runtime/metrics';
import type { ReadonlyStore } from '../runtime/store';

/**
 * The kinds the operator writes into a data plane and watches for status. K8ssandraClusters
 * live in the control plane's own cluster, next to the control-plane k8ssandra-operator.
 */
export const WATCHED_KINDS = ['CassandraTask', 'MedusaBackupJob', 'MedusaRestoreJob'] as const;
export type WatchedKind = (typeof WATCHED_KINDS)[number];

/** One registered data plane: its client and the caches of what the operator wrote there. */
export interface DataPlaneConnection {
  readonly registration: Registration;
  readonly client: KubeClient;
  readonly informers: Record<WatchedKind, Informer>;
  /** Hash of the kubeconfig it was built from, to notice rotations. */
  readonly kubeconfigHash: string;
}

/** Why a registration has no working connection, for its `Reachable` condition. */
export interface DataPlaneCondition {
  readonly status: 'True' | 'False';
  /** `Connected`, `Connecting`, `Unreachable`, `KubeconfigNotFound`, `KubeconfigInvalid` or `WaitingForSecrets`. */
  readonly reason: string;
  readonly message: string;
}

/** Where the kubeconfig Secrets are read from: the control plane's Secret cache. */
export interface SecretSource {
  readonly store: ReadonlyStore<KubeObject>;
  hasSynced(): boolean;
}

interface Failure {
  readonly reason: string;
  readonly message: string;
  /** Content that failed; the same content is not tried again. */
  readonly hash?: string;
}

export interface DataPlanesOptions {
  readonly controlPlane: KubeClient;
  readonly namespace: string;
  readonly logger: Logger;
  readonly metrics: RuntimeMetrics;
  /** Called with any object the operator owns that changed in a data plane. */
  readonly onChange: (dataPlane: string, kind: WatchedKind, obj: KubeObject) => void;
  /** Called when a data plane's reachability may have changed. */
  readonly onReachabilityChange: (dataPlane: string) => void;
  /** Called for every request to a data plane (for request metrics). */
  readonly onRequest?: (dataPlane: string) => KubeClientOptions['onRequest'];
  /** Bound to the clients' writes (see `KubeClient.withWriteSignal`); read when a connection is built. */
  readonly writeSignal?: () => AbortSignal | undefined;
  readonly informerOptions?: { readonly inactivityTimeoutMs?: number; readonly initialBackoffMs?: number; readonly maxBackoffMs?: number; readonly resyncPeriodMs?: number };
}

/**
 * Keeps one client and one set of informers per registered data plane, built from the
 * kubeconfig Secret the registration names. Each data plane is its own failure domain: one
 * that is down only marks itself unreachable.
 */
export class DataPlanes {
  private readonly connections = new Map<string, DataPlaneConnection>();
  private readonly failures = new Map<string, Failure>();
  /** Requests of connections already closed, so that the totals never go down. */
  private readonly closed = { writes: 0, reads: 0 };

  constructor(private readonly options: DataPlanesOptions) {}

  /** Registrations known now, by data-plane name. */
  get registrations(): Registration[] {
    return [...this.connections.values()].map((c) => c.registration);
  }

  get(name: string): DataPlaneConnection | undefined {
    return this.connections.get(name);
  }

  /**
   * Reachable = its caches are synced and its watches healthy. A failed write shows in the
   * pass that made it; the watches notice a lasting outage within their retry period.
   */
  reachable(name: string): boolean {
    const c = this.connections.get(name);
    if (!c) return false;
    return WATCHED_KINDS.every((k) => c.informers[k].hasSynced() && c.informers[k].healthy);
  }

  /**
   * Connected but its caches not synced yet, with no error so far: whether it is reachable is
   * not known yet (at start-up, or just after a kubeconfig rotation).
   */
  connecting(name: string): boolean {
    const c = this.connections.get(name);
    return c !== undefined && WATCHED_KINDS.some((k) => !c.informers[k].hasSynced()) && WATCHED_KINDS.every((k) => c.informers[k].hasSynced() || !c.informers[k].lastError);
  }

  /** Why a data plane is unreachable, for status messages. */
  reason(name: string): string | undefined {
    const c = this.connections.get(name);
    if (!c) return this.failures.get(name)?.message ?? `data plane ${name} is not registered`;
    const broken = WATCHED_KINDS.map((k) => c.informers[k]).find((i) => !i.healthy || !i.hasSynced());
    if (!broken) return undefined;
    return broken.lastError ? String((broken.lastError as Error).message ?? broken.lastError) : 'caches not synced yet';
  }

  /** The registration's `Reachable` condition. */
  condition(name: string): DataPlaneCondition {
    const c = this.connections.get(name);
    if (!c) {
      const failure = this.failures.get(name);
      return failure
        ? { status: 'False', reason: failure.reason, message: failure.message }
        : { status: 'False', reason: 'WaitingForSecrets', message: 'the kubeconfig Secret has not been read yet' };
    }
    if (this.reachable(name)) return { status: 'True', reason: 'Connected', message: `watching ${WATCHED_KINDS.join(', ')}` };
    const broken = WATCHED_KINDS.map((k) => c.informers[k]).find((i) => !i.healthy || !i.hasSynced());
    return broken?.lastError
      ? { status: 'False', reason: 'Unreachable', message: String((broken.lastError as Error).message ?? broken.lastError) }
      : { status: 'False', reason: 'Connecting', message: 'caches not synced yet' };
  }

  /**
   * Brings the connections in line with the registrations, reading kubeconfigs from the
   * control plane's Secret cache; rebuilds those whose kubeconfig changed. Each data plane is
   * handled on its own: whatever goes wrong with one is recorded as its reason and never
   * stops the others.
   */
  async sync(registrationObjects: readonly KubeObject[], secrets: SecretSource): Promise<void> {
    const wanted = new Map(registrationObjects.map((o) => [o.metadata.name, registrationFrom(o)]));
    for (const name of [...this.connections.keys()]) {
      if (!wanted.has(name)) await this.disconnect(name);
    }
    for (const name of [...this.failures.keys()]) {
      if (!wanted.has(name)) this.failures.delete(name);
    }
    for (const registration of wanted.values()) {
      try {
        await this.syncOne(registration, secrets);
      } catch (err) {
        this.fail(registration.dataPlane.name, { reason: 'ConnectFailed', message: (err as Error).message });
        await this.disconnect(registration.dataPlane.name);
      }
    }
  }

  private async syncOne(registration: Registration, secrets: SecretSource): Promise<void> {
    const name = registration.dataPlane.name;
    // An incomplete cache says nothing about the Secret (the control plane may be down since
    // start): keep whatever connection exists. Once synced, an outage leaves the cache as it
    // was, so a working connection is only replaced by content that really changed.
    if (!secrets.hasSynced()) return;
    const read = this.readKubeconfig(registration, secrets.store);
    if ('missing' in read) {
      await this.disconnect(name);
      this.fail(name, { reason: 'KubeconfigNotFound', message: read.missing });
      return;
    }
    const hash = createHash('sha256').update(read.kubeconfig).update(JSON.stringify(registration)).digest('hex');
    if (this.connections.get(name)?.kubeconfigHash === hash) return;
    if (!this.connections.has(name) && this.failures.get(name)?.hash === hash) return;
    let client: KubeClient;
    try {
      const http = kubeHttpFromKubeConfig(loadKubeConfig(read.kubeconfig));
      client = new KubeClient(http, { fieldManager: OPERATOR_NAME, timeoutMs: 10_000, onRequest: this.options.onRequest?.(name), writeSignal: this.options.writeSignal?.() });
    } catch (err) {
      // The Secret is the source of truth: a broken rotation is reported, not papered over
      // by the previous credentials.
      await this.disconnect(name);
      this.fail(name, { reason: 'KubeconfigInvalid', message: (err as Error).message, hash });
      return;
    }
    this.failures.delete(name);
    await this.disconnect(name);
    this.connect(registration, client, hash);
  }

  private fail(name: string, failure: Failure): void {
    const previous = this.failures.get(name);
    this.failures.set(name, failure);
    if (previous?.message === failure.message && previous.reason === failure.reason) return;
    this.options.logger.warn({ dataPlane: name, reason: failure.reason, err: failure.message }, 'cannot connect to data plane');
    this.options.onReachabilityChange(name);
  }

  async stop(): Promise<void> {
    for (const name of [...this.connections.keys()]) await this.disconnect(name);
  }

  /** Write requests sent to all data planes, for the zero-writes-in-steady-state guarantee. */
  writeCount(): number {
    return [...this.connections.values()].reduce((n, c) => n + c.client.writeCount, this.closed.writes);
  }

  /** Read requests sent to all data planes. */
  readCount(): number {
    return [...this.connections.values()].reduce((n, c) => n + c.client.readCount, this.closed.reads);
  }

  private readKubeconfig(registration: Registration, secrets: ReadonlyStore<KubeObject>): { kubeconfig: string } | { missing: string } {
    const { name, key } = registration.kubeconfigSecret;
    const secret = secrets.get(name, this.options.namespace);
    const data = (secret?.data as Record<string, string> | undefined)?.[key];
    if (!data) return { missing: `kubeconfig Secret ${this.options.namespace}/${name} (key ${key}) not found` };
    return { kubeconfig: Buffer.from(data, 'base64').toString('utf8') };
  }

  private connect(registration: Registration, client: KubeClient, kubeconfigHash: string): void {
    const name = registration.dataPlane.name;
    const informers = {} as Record<WatchedKind, Informer>;
    for (const kind of WATCHED_KINDS) {
      const informer = new Informer({
        client,
        resource: RESOURCES[kind],
        namespace: registration.dataPlane.namespace,
        labelSelector: `${MANAGED_BY_LABEL}=${OPERATOR_NAME}`,
        name: `${name}/${kind}`,
        metrics: this.options.metrics,
        ...this.options.informerOptions,
        onError: (err) => {
          this.options.logger.debug({ dataPlane: name, kind, err: (err as Error).message }, 'data-plane watch failed; retrying');
          this.options.onReachabilityChange(name);
        },
      });
      const changed = (obj: KubeObject) => this.options.onChange(name, kind, obj);
      informer.addEventHandler({ onAdd: changed, onUpdate: (_old, obj) => changed(obj), onDelete: changed });
      informers[kind] = informer;
    }
    this.connections.set(name, { registration, client, informers, kubeconfigHash });
    for (const informer of Object.values(informers)) informer.start();
    // Tell the clusters once the caches are in: reachability is only known then.
    void Promise.all(Object.values(informers).map((i) => i.waitForSync(24 * 3600_000).catch(() => undefined))).then(() => this.options.onReachabilityChange(name));
    this.options.onReachabilityChange(name);
    this.options.logger.info({ dataPlane: name, region: registration.dataPlane.region }, 'data plane connected');
  }

  private async disconnect(name: string): Promise<void> {
    const c = this.connections.get(name);
    if (!c) return;
    this.connections.delete(name);
    await Promise.all(Object.values(c.informers).map((i) => i.stop()));
    this.closed.writes += c.client.writeCount;
    this.closed.reads += c.client.readCount;
    c.client.http.close();
    this.options.logger.info({ dataPlane: name }, 'data plane disconnected');
  }
}

/** Connection-level failures, as opposed to the API server refusing a request. */
export function isTransportError(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  if (code && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|UND_ERR|ERR_SOCKET)/.test(code)) return true;
  const status = (err as { status?: number } | undefined)?.status;
  if (status !== undefined) return status === 0;
  return /ECONNREFUSED|ECONNRESET|socket hang up|timed out|ETIMEDOUT/.test(String((err as Error | undefined)?.message ?? err));
}
