import { Backoff } from './backoff';
import { stripForCache } from './cache-transform';
import { realClock, type Clock, type TimerHandle } from './clock';
import { runtimeMetrics, type InformerMetricsSink, type RuntimeMetrics } from './metrics';
import { Sleeper } from './sleeper';
import { objectStoreKey, ObjectStore, type ReadonlyStore } from './store';
import type { KubeObject } from '../../core/kube-object';
import type { KubeClient, WatchEvent } from '../../kube/client';
import { isGone, KubeApiError } from '../../kube/errors';
import type { ResourceType } from '../../kube/resources';

/** Callbacks of an informer; objects are shared with the cache, never mutate them. */
export interface InformerHandler<T extends KubeObject> {
  onAdd?(obj: T): void;
  /** Also called with `oldObj === newObj` on resync. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** `obj` is the last state seen (the watch's final object, or the cached one after a relist). */
  onDelete?(obj: T): void;
}

/** Options of {@link Informer}. */
export interface InformerOptions {
  readonly client: KubeClient;
  readonly resource: ResourceType;
  /** Scope to one namespace; all namespaces when omitted. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Metric label and error prefix; defaults to the plural (and namespace). Include the cluster. */
  readonly name?: string;
  /** Server-side watch timeout; each watch uses a random value between it and twice it. Defaults to 300. */
  readonly watchTimeoutSeconds?: number;
  /**
   * Restart a watch that delivered neither an event nor a bookmark for this long. Defaults to
   * 180 s: kube-apiserver 1.34 (watch cache on) was measured sending the first bookmark of a
   * quiet watch after ~120 s, then one every 60 s, so only a dead connection stays silent
   * longer. Without the watch cache there are no bookmarks; quiet watches are then restarted
   * at this period, which costs one request and loses nothing.
   */
  readonly inactivityTimeoutMs?: number;
  /** Re-emit every cached object as an update this often; 0 disables. Defaults to 10 h (controller-runtime). */
  readonly resyncPeriodMs?: number;
  /** List page size. Defaults to 500. */
  readonly pageSize?: number;
  /** First retry delay after an error. Defaults to 800 ms. */
  readonly initialBackoffMs?: number;
  /** Longest retry delay. Defaults to 30 s. */
  readonly maxBackoffMs?: number;
  /**
   * Applied to every object on its way into the cache (and to handlers). Defaults to
   * {@link stripForCache}, which drops managedFields and kubectl's last-applied annotation;
   * pass `(o) => o` to keep objects as served.
   */
  readonly transform?: <T extends KubeObject>(obj: T) => T;
  /** Called for every list or watch failure (each is retried) and for handler exceptions. */
  readonly onError?: (error: unknown) => void;
  /** Defaults to the process-wide {@link runtimeMetrics}. */
  readonly metrics?: RuntimeMetrics;
  readonly clock?: Clock;
}

interface WatchEnd {
  readonly reason: 'closed' | 'inactive';
  readonly events: number;
}

const SHORT_WATCH_MS = 1_000;

/**
 * List-then-watch cache of one collection (client-go reflector + informer):
 *
 * - lists (paginated), then watches from the list's resourceVersion with bookmarks and a
 *   jittered server-side `timeoutSeconds`; a watch that ends is re-opened from the last
 *   resourceVersion seen (event or bookmark), so nothing is missed or replayed;
 * - `410 Gone` (HTTP or an `ERROR` event) → relist at once and diff against the cache:
 *   changed objects are updates, missing ones deletes;
 * - an inactivity watchdog aborts a watch that went silent and re-opens it;
 * - any other failure (e.g. the API server is down) is reported through `onError` and the
 *   `healthy` flag and retried with jittered backoff; nothing is thrown to the caller;
 * - optional periodic resync re-emits cached objects as updates without calling the server.
 *
 * Unlike client-go, a relist reports an update only for objects whose resourceVersion changed.
 */
export class Informer<T extends KubeObject = KubeObject> {
  readonly name: string;
  private readonly options: InformerOptions;
  private readonly transform: <O extends KubeObject>(obj: O) => O;
  private readonly cache = new ObjectStore<T>();
  private readonly handlers: InformerHandler<T>[] = [];
  private readonly backoff: Backoff;
  private readonly clock: Clock;
  private readonly metrics: InformerMetricsSink;
  private readonly syncWaiters: ((error?: Error) => void)[] = [];
  private loop: Promise<void> | undefined;
  private stopped = false;
  private synced = false;
  private ok = false;
  private lastRv = '';
  /** The list or watch in flight, aborted by {@link Informer.stop}. */
  private currentRequest: AbortController | undefined;
  private readonly sleeper: Sleeper;
  private resyncTimer: TimerHandle | undefined;
  private error: unknown;
  private counters = { relists: 0, watches: 0, expired: 0, inactivityRestarts: 0, errors: 0 };

  constructor(options: InformerOptions) {
    this.options = options;
    this.transform = options.transform ?? stripForCache;
    this.name = options.name ?? (options.namespace ? `${options.namespace}/${options.resource.plural}` : options.resource.plural);
    this.clock = options.clock ?? realClock;
    this.sleeper = new Sleeper(this.clock);
    this.backoff = new Backoff(options.initialBackoffMs ?? 800, options.maxBackoffMs ?? 30_000);
    this.metrics = (options.metrics ?? runtimeMetrics()).informer(this.name);
  }

  /** The cache. Objects are shared: never mutate them. */
  get store(): ReadonlyStore<T> {
    return this.cache;
  }

  /** Whether the last list or watch attempt succeeded. */
  get healthy(): boolean {
    return this.ok;
  }

  /** The last error, cleared by the next success. */
  get lastError(): unknown {
    return this.error;
  }

  /** ResourceVersion the next watch would start from. */
  get lastSyncResourceVersion(): string {
    return this.lastRv;
  }

  /** Lists done, watches opened, 410s seen, watchdog restarts and errors so far. */
  get stats(): Readonly<{ relists: number; watches: number; expired: number; inactivityRestarts: number; errors: number }> {
    return { ...this.counters };
  }

  /** Registers callbacks; add them before {@link Informer.start} to see the initial adds. */
  addEventHandler(handler: InformerHandler<T>): void {
    this.handlers.push(handler);
  }

  /** True once the first list has been stored and its adds delivered. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once synced; rejects after `timeoutMs` (controller-runtime's CacheSyncTimeout, 2 min). */
  async waitForSync(timeoutMs = 120_000): Promise<void> {
    if (this.synced) return;
    await new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        const i = this.syncWaiters.indexOf(done);
        if (i >= 0) this.syncWaiters.splice(i, 1);
        reject(new Error(`informer ${this.name} not synced after ${timeoutMs} ms${this.error ? `: ${errorText(this.error)}` : ''}`));
      }, timeoutMs);
      const done = (error?: Error): void => {
        this.clock.clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      this.syncWaiters.push(done);
    });
  }

  /** Starts listing and watching in the background. */
  start(): void {
    if (this.loop || this.stopped) return;
    this.metrics.healthy(false);
    this.loop = this.run();
    this.scheduleResync();
  }

  /** Stops watching and timers; resolves when the background loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.currentRequest?.abort();
    this.sleeper.wake();
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    // Waiters would otherwise hold their timers (and the process) until they expire.
    for (const done of this.syncWaiters.splice(0)) done(new Error(`informer ${this.name} stopped before it synced`));
    await this.loop;
  }

  private async run(): Promise<void> {
    let needList = true;
    let goneInARow = 0;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        const started = this.clock.now();
        const end = await this.watchOnce();
        if (this.stopped) break;
        goneInARow = 0;
        this.metrics.watchRestarted(end.reason);
        // A server that keeps closing watches at once would otherwise be hammered.
        if (end.reason === 'closed' && end.events === 0 && this.clock.now() - started < SHORT_WATCH_MS) {
          await this.sleep(this.backoff.next());
        }
      } catch (err) {
        if (this.stopped) break;
        if (isGone(err)) {
          this.counters.expired++;
          this.metrics.expired();
          needList = true;
          goneInARow++;
          // One 410 is routine (compaction); relist at once. Repeated ones mean something
          // else is wrong, so back off like any other error.
          if (goneInARow === 1) continue;
        } else if (err instanceof KubeApiError) {
          // The server refused the watch itself (RBAC, removed CRD, ...): start from a list.
          needList = true;
        }
        this.fail(err);
        this.metrics.watchRestarted('error');
        await this.sleep(this.backoff.next());
      }
    }
  }

  private async relist(): Promise<void> {
    const { client, resource, namespace, labelSelector, fieldSelector, pageSize } = this.options;
    const abort = new AbortController();
    this.currentRequest = abort;
    const options = { namespace, labelSelector, fieldSelector, pageSize, signal: abort.signal };
    let result;
    try {
      result = await client.list<T>(resource, options);
    } catch (err) {
      // An expired continue token (410 mid-pagination): client-go falls back to one unpaged list.
      if (!isGone(err) || pageSize === 0) throw err;
      result = await client.list<T>(resource, { ...options, pageSize: 0 });
    } finally {
      this.currentRequest = undefined;
    }
    if (this.stopped) return;
    this.counters.relists++;
    this.metrics.relisted();
    this.succeed();
    const items = result.items.map((o) => this.transform(o));
    const previous = this.cache.replace(items);
    this.lastRv = result.resourceVersion;
    for (const obj of items) {
      const key = objectStoreKey(obj);
      const old = previous.get(key);
      previous.delete(key);
      if (!old) this.emit((h) => h.onAdd?.(obj));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.emit((h) => h.onUpdate?.(old, obj));
    }
    for (const gone of previous.values()) this.emit((h) => h.onDelete?.(gone));
    if (!this.synced) {
      this.synced = true;
      for (const done of this.syncWaiters.splice(0)) done();
    }
  }

  private async watchOnce(): Promise<WatchEnd> {
    const { client, resource, namespace, labelSelector, fieldSelector } = this.options;
    const abort = new AbortController();
    this.currentRequest = abort;
    let inactive = false;
    let seen = 0;
    let timer: TimerHandle | undefined;
    const inactivityMs = this.options.inactivityTimeoutMs ?? 180_000;
    const arm = (): void => {
      if (timer !== undefined) this.clock.clearTimeout(timer);
      timer = this.clock.setTimeout(() => {
        inactive = true;
        abort.abort();
      }, inactivityMs);
    };
    const base = this.options.watchTimeoutSeconds ?? 300;
    arm();
    try {
      const events = await client.watch<T>(resource, {
        namespace,
        labelSelector,
        fieldSelector,
        resourceVersion: this.lastRv,
        timeoutSeconds: Math.floor(base * (1 + Math.random())),
        signal: abort.signal,
      });
      this.counters.watches++;
      this.succeed();
      for await (const event of events) {
        arm();
        seen++;
        this.handle(event);
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    } finally {
      if (timer !== undefined) this.clock.clearTimeout(timer);
      this.currentRequest = undefined;
    }
    if (inactive) this.counters.inactivityRestarts++;
    return { reason: inactive ? 'inactive' : 'closed', events: seen };
  }

  private handle(event: WatchEvent<T>): void {
    this.metrics.eventSeen(this.clock.now());
    const rv = event.object?.metadata?.resourceVersion;
    if (typeof rv === 'string' && rv) this.lastRv = rv;
    if (event.type === 'BOOKMARK') return;
    const obj = this.transform(event.object);
    if (event.type === 'DELETED') {
      this.cache.delete(obj);
      this.emit((h) => h.onDelete?.(obj));
      return;
    }
    const old = this.cache.set(obj);
    if (old) this.emit((h) => h.onUpdate?.(old, obj));
    else this.emit((h) => h.onAdd?.(obj));
  }

  private emit(call: (h: InformerHandler<T>) => void): void {
    for (const h of this.handlers) {
      try {
        call(h);
      } catch (err) {
        // A handler bug must not stop the cache from following the server.
        this.report(new Error(`informer ${this.name}: event handler threw: ${errorText(err)}`));
      }
    }
  }

  private scheduleResync(): void {
    const period = this.options.resyncPeriodMs ?? 36_000_000;
    if (period <= 0 || this.stopped) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      if (this.synced && !this.stopped) {
        for (const obj of this.cache.list()) this.emit((h) => h.onUpdate?.(obj, obj));
      }
      this.scheduleResync();
    }, period);
  }

  private succeed(): void {
    this.backoff.reset();
    this.error = undefined;
    if (!this.ok) {
      this.ok = true;
      this.metrics.healthy(true);
    }
  }

  private fail(err: unknown): void {
    this.counters.errors++;
    this.error = err;
    this.ok = false;
    this.metrics.healthy(false);
    this.report(err);
  }

  private report(err: unknown): void {
    try {
      this.options.onError?.(err);
    } catch {
      // The error callback is best effort.
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.stopped ? Promise.resolve() : this.sleeper.sleep(ms);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
