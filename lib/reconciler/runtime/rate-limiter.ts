import { realClock, type Clock } from './clock';

/** Decides how long a failed key waits before its next attempt (client-go `TypedRateLimiter`). */
export interface RateLimiter<K> {
  /** Delay in ms for the next retry of `key`; counts as one more failure. */
  when(key: K): number;
  /** Clears the failure history of `key` (after a success). */
  forget(key: K): void;
  /** Failures recorded for `key` since the last {@link RateLimiter.forget}. */
  numRequeues(key: K): number;
}

/** Per-key exponential backoff: `min(base · 2^failures, max)`; client-go's `ItemExponentialFailureRateLimiter`. */
export class ExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();

  constructor(
    readonly baseDelayMs = 5,
    readonly maxDelayMs = 1_000_000,
  ) {}

  when(key: K): number {
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    // 2^exp overflows to Infinity long before it matters; Math.min then yields the cap.
    return Math.min(this.baseDelayMs * 2 ** exp, this.maxDelayMs);
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }
}

/**
 * Overall token bucket (golang.org/x/time/rate semantics as used by client-go's
 * `BucketRateLimiter`): each call reserves a token; once the bucket is empty reservations go
 * into debt and the delay is the time until that token is refilled.
 */
export class TokenBucketRateLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps = 10,
    readonly burst = 100,
    private readonly clock: Clock = realClock,
  ) {
    if (qps <= 0 || burst <= 0) throw new Error('TokenBucketRateLimiter: qps and burst must be positive');
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_key: K): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_key: K): void {
    // The bucket is shared by all keys; a success does not refund a token.
  }

  numRequeues(_key: K): number {
    return 0;
  }
}

/** Takes the longest delay of several limiters (client-go `MaxOfRateLimiter`). */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: readonly RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    if (limiters.length === 0) throw new Error('MaxOfRateLimiter: at least one limiter is required');
    this.limiters = limiters;
  }

  when(key: K): number {
    // Every limiter must see the failure, so no short-circuiting.
    return this.limiters.map((l) => l.when(key)).reduce((a, b) => Math.max(a, b), 0);
  }

  forget(key: K): void {
    for (const l of this.limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    return this.limiters.map((l) => l.numRequeues(key)).reduce((a, b) => Math.max(a, b), 0);
  }
}

/** Options of {@link defaultControllerRateLimiter}. */
export interface ControllerRateLimiterOptions {
  /** Defaults to 5 ms. */
  readonly baseDelayMs?: number;
  /** Defaults to 1000 s. */
  readonly maxDelayMs?: number;
  /** Defaults to 10; set `burst` too. */
  readonly qps?: number;
  /** Defaults to 100. */
  readonly burst?: number;
  readonly clock?: Clock;
}

/**
 * client-go's `DefaultTypedControllerRateLimiter`: max(per-key exponential 5 ms → 1000 s,
 * overall token bucket 10 qps / burst 100). Every number is configurable.
 */
export function defaultControllerRateLimiter<K>(options: ControllerRateLimiterOptions = {}): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ExponentialFailureRateLimiter<K>(options.baseDelayMs ?? 5, options.maxDelayMs ?? 1_000_000),
    new TokenBucketRateLimiter<K>(options.qps ?? 10, options.burst ?? 100, options.clock ?? realClock),
  );
}
