import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { KubeObject } from '../../core/kube-object';
import { KubeClient, type KubeClientOptions } from '../../kube/client';
import { kubeHttpFromKubeconfig } from '../../kube/kubeconfig';
import { RESOURCES } from '../../kube/resources';
import { MANAGED_BY_LABEL, OPERATOR_NAME } from '../ownership';
import { registrationFrom, type Registration } from '../registrations';
import { Informer } from '../runtime/informer';
import type { RuntimeMetrics } from '../runtime/metrics';

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
  readonly informerOptions?: { readonly inactivityTimeoutMs?: number; readonly initialBackoffMs?: number; readonly maxBackoffMs?: number; readonly resyncPeriodMs?: number };
}

/**
 * Keeps one client and one set of informers per registered data plane, built from the
 * kubeconfig Secret the registration names. Each data plane is its own failure domain: one
 * that is down only marks itself unreachable.
 */
export class DataPlanes {
  private readonly connections = new Map<string, DataPlaneConnection>();
  private readonly failures = new Map<string, string>();

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

  /** Why a data plane is unreachable, for status messages. */
  reason(name: string): string | undefined {
    const c = this.connections.get(name);
    if (!c) return this.failures.get(name) ?? `data plane ${name} is not registered`;
    const broken = WATCHED_KINDS.map((k) => c.informers[k]).find((i) => !i.healthy || !i.hasSynced());
    if (!broken) return undefined;
    return broken.lastError ? String((broken.lastError as Error).message ?? broken.lastError) : 'caches not synced yet';
  }

  /** Brings the connections in line with the registrations; rebuilds those whose kubeconfig changed. */
  async sync(registrationObjects: readonly KubeObject[]): Promise<void> {
    const wanted = new Map(registrationObjects.map((o) => [o.metadata.name, registrationFrom(o)]));
    for (const name of [...this.connections.keys()]) {
      if (!wanted.has(name)) await this.disconnect(name);
    }
    for (const [name, registration] of wanted) {
      let kubeconfig: string;
      try {
        kubeconfig = await this.readKubeconfig(registration);
      } catch (err) {
        this.failures.set(name, (err as Error).message);
        this.options.logger.warn({ dataPlane: name, err: (err as Error).message }, 'cannot read data-plane kubeconfig');
        await this.disconnect(name);
        this.options.onReachabilityChange(name);
        continue;
      }
      this.failures.delete(name);
      const hash = createHash('sha256').update(kubeconfig).update(JSON.stringify(registration)).digest('hex');
      if (this.connections.get(name)?.kubeconfigHash === hash) continue;
      await this.disconnect(name);
      this.connect(registration, kubeconfig, hash);
    }
  }

  async stop(): Promise<void> {
    for (const name of [...this.connections.keys()]) await this.disconnect(name);
  }

  /** Requests sent to all data planes, for the zero-writes-in-steady-state guarantee. */
  writeCount(): number {
    return [...this.connections.values()].reduce((n, c) => n + c.client.writeCount, 0);
  }

  private async readKubeconfig(registration: Registration): Promise<string> {
    const { name, key } = registration.kubeconfigSecret;
    const secret = await this.options.controlPlane.get(RESOURCES.Secret, { name, namespace: this.options.namespace });
    const data = (secret?.data as Record<string, string> | undefined)?.[key];
    if (!data) throw new Error(`kubeconfig Secret ${this.options.namespace}/${name} (key ${key}) not found`);
    return Buffer.from(data, 'base64').toString('utf8');
  }

  private connect(registration: Registration, kubeconfig: string, kubeconfigHash: string): void {
    const name = registration.dataPlane.name;
    const client = new KubeClient(kubeHttpFromKubeconfig(kubeconfig), { fieldManager: OPERATOR_NAME, timeoutMs: 10_000, onRequest: this.options.onRequest?.(name) });
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
    this.options.logger.info({ dataPlane: name, region: registration.dataPlane.region }, 'data plane connected');
  }

  private async disconnect(name: string): Promise<void> {
    const c = this.connections.get(name);
    if (!c) return;
    this.connections.delete(name);
    await Promise.all(Object.values(c.informers).map((i) => i.stop()));
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
