import { realClock, type Clock, type TimerHandle } from './clock';
import type { WorkQueueMetricsSink } from './metrics';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter';

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions<K> {
  /** Metric label; usually the controller name. */
  readonly name?: string;
  /** Used by {@link WorkQueue.addRateLimited}; defaults to {@link defaultControllerRateLimiter}. */
  readonly rateLimiter?: RateLimiter<K>;
  readonly clock?: Clock;
  /** Where to report; nothing is reported when omitted. */
  readonly metrics?: WorkQueueMetricsSink;
}

/**
 * `low` is for work nobody is waiting on, such as the periodic resync of every key: it is
 * handed out only when no `normal` key is queued, so a change that arrives during a resync of
 * 1 000 clusters is not queued behind them (controller-runtime's priority queue does the same
 * for resyncs and initial lists).
 */
export type WorkPriority = 'normal' | 'low';

/** What {@link WorkQueue.get} resolves to. */
export type WorkQueueItem<K> = { readonly shutdown: false; readonly key: K } | { readonly shutdown: true; readonly key?: undefined };

/**
 * A rate-limited, delaying work queue with client-go's `workqueue` semantics:
 *
 * - a key is queued at most once (the *dirty* set); adding it again while queued is a no-op,
 *   except that a `normal` add moves a key queued at `low` priority ahead of every `low` key;
 * - a key is never handed to two workers at once (the *processing* set); adding it while it is
 *   being processed marks it dirty and it is queued again, once, when {@link WorkQueue.done}
 *   is called;
 * - {@link WorkQueue.addAfter} delays an add; a key already waiting keeps the earlier time;
 * - {@link WorkQueue.addRateLimited} delays by the rate limiter; {@link WorkQueue.forget}
 *   resets its per-key backoff;
 * - after {@link WorkQueue.shutDown} adds are ignored, delayed adds are dropped, and
 *   {@link WorkQueue.get} hands out what is still queued, then resolves `shutdown: true`.
 */
export class WorkQueue<K> {
  readonly name: string;
  private readonly queue: K[] = [];
  /** Keys queued at low priority, handed out only when {@link queue} is empty. */
  private readonly lowQueue: K[] = [];
  /** Dirty keys whose pending add is low priority (queued in lowQueue, or waiting for done). */
  private readonly low = new Set<K>();
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  /** When each dirty key was first added, for the queue-latency metric. */
  private readonly addedAt = new Map<K, number>();
  /** When each processing key was handed out, for work duration and unfinished work. */
  private readonly startedAt = new Map<K, number>();
  private readonly waiting = new Map<K, number>();
  private readonly getters: ((item: WorkQueueItem<K>) => void)[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private readonly rateLimiter: RateLimiter<K>;
  private readonly clock: Clock;
  private readonly metrics: WorkQueueMetricsSink | undefined;
  private readonly unregisterMetrics: () => void;
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;
  private shuttingDown = false;

  constructor(options: WorkQueueOptions<K> = {}) {
    this.name = options.name ?? 'workqueue';
    this.clock = options.clock ?? realClock;
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<K>({ clock: this.clock });
    this.metrics = options.metrics;
    this.unregisterMetrics = this.metrics?.unfinished(() => this.unfinishedWork()) ?? (() => undefined);
  }

  /** Queues `key` unless it is already queued; see the class description for processing keys. */
  add(key: K, priority: WorkPriority = 'normal'): void {
    if (this.shuttingDown) return;
    if (this.dirty.has(key)) {
      if (priority === 'normal' && this.low.delete(key)) this.promote(key);
      return;
    }
    // Counted after the dedup check, as client-go does: adds_total is work accepted.
    this.metrics?.added();
    this.dirty.add(key);
    if (priority === 'low') this.low.add(key);
    this.addedAt.set(key, this.clock.now());
    if (this.processing.has(key)) return;
    this.enqueue(key);
    this.pump();
  }

  /** Adds `key` after `delayMs`; an earlier pending delay for the same key wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) return;
    this.metrics?.retried();
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing !== undefined && existing <= at) return;
    this.waiting.set(key, at);
    this.armTimer();
  }

  /** Adds `key` after the rate limiter's delay, counting one more failure for it. */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Resets the per-key backoff of `key` (call after it was processed successfully). */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  /** Failures counted for `key` since the last {@link WorkQueue.forget}. */
  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /**
   * Waits for the next key and marks it as being processed; the caller must call
   * {@link WorkQueue.done} with it. Resolves `shutdown: true` once shut down and empty.
   */
  get(): Promise<WorkQueueItem<K>> {
    if (this.len() > 0) return Promise.resolve({ shutdown: false, key: this.take() });
    if (this.shuttingDown) return Promise.resolve({ shutdown: true });
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` as processed; re-queues it if it was added meanwhile. */
  done(key: K): void {
    if (!this.processing.delete(key)) return;
    const started = this.startedAt.get(key);
    this.startedAt.delete(key);
    if (started !== undefined) this.metrics?.worked((this.clock.now() - started) / 1000);
    if (this.dirty.has(key)) {
      this.enqueue(key);
      this.pump();
    } else if (this.processing.size === 0) {
      for (const resolve of this.drainWaiters.splice(0)) resolve();
    }
  }

  /** Keys queued and not yet handed out (delayed keys are not counted). */
  len(): number {
    return this.queue.length + this.lowQueue.length;
  }

  /** Keys handed out and not yet {@link WorkQueue.done}. */
  processingCount(): number {
    return this.processing.size;
  }

  /** Keys waiting for an {@link WorkQueue.addAfter} delay. */
  waitingCount(): number {
    return this.waiting.size;
  }

  /** Whether {@link WorkQueue.shutDown} was called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Ignores further adds, drops delayed adds and wakes idle getters with `shutdown: true`. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.waiting.clear();
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    this.unregisterMetrics();
    this.pump();
  }

  /** {@link WorkQueue.shutDown}, then waits until every key handed out has been marked done. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  private enqueue(key: K): void {
    (this.low.has(key) ? this.lowQueue : this.queue).push(key);
    this.metrics?.depth(this.len());
  }

  /** Moves a key queued at low priority to the end of the normal queue. */
  private promote(key: K): void {
    const at = this.lowQueue.indexOf(key);
    if (at < 0) return; // being processed: it is queued again, at normal priority, on done()
    this.lowQueue.splice(at, 1);
    this.queue.push(key);
    this.pump();
  }

  private take(): K {
    const key = (this.queue.length > 0 ? this.queue.shift() : this.lowQueue.shift()) as K;
    this.low.delete(key);
    this.metrics?.depth(this.len());
    const now = this.clock.now();
    const added = this.addedAt.get(key);
    if (added !== undefined) this.metrics?.queued((now - added) / 1000);
    this.addedAt.delete(key);
    this.processing.add(key);
    this.startedAt.set(key, now);
    this.dirty.delete(key);
    return key;
  }

  private pump(): void {
    while (this.getters.length > 0 && this.len() > 0) {
      const resolve = this.getters.shift() as (item: WorkQueueItem<K>) => void;
      resolve({ shutdown: false, key: this.take() });
    }
    if (this.shuttingDown && this.len() === 0) {
      for (const resolve of this.getters.splice(0)) resolve({ shutdown: true });
    }
  }

  private armTimer(): void {
    let next = Infinity;
    for (const at of this.waiting.values()) next = Math.min(next, at);
    if (next === this.timerAt) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = next;
    if (next === Infinity) return;
    this.timer = this.clock.setTimeout(() => this.fireDue(), Math.max(0, next - this.clock.now()));
  }

  private fireDue(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    const due = [...this.waiting].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]);
    for (const [key] of due) {
      this.waiting.delete(key);
      this.add(key);
    }
    this.armTimer();
  }

  private unfinishedWork(): { totalSeconds: number; longestSeconds: number } {
    const now = this.clock.now();
    let total = 0;
    let longest = 0;
    for (const started of this.startedAt.values()) {
      const s = (now - started) / 1000;
      total += s;
      longest = Math.max(longest, s);
    }
    return { totalSeconds: total, longestSeconds: longest };
  }
}
