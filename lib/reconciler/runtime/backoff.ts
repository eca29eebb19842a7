/**
 * Exponential backoff with jitter for reconnecting (client-go reflector: 800 ms doubling to
 * 30 s, jitter factor 1). Jitter keeps many informers that lost the same API server from
 * reconnecting in lockstep.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    readonly initialMs = 800,
    readonly maxMs = 30_000,
    /** Adds up to `jitter × delay` at random. */
    readonly jitter = 1,
    private readonly random: () => number = Math.random,
  ) {}

  /** Delay before the next attempt; grows with each call until {@link Backoff.reset}. */
  next(): number {
    const base = Math.min(this.initialMs * 2 ** this.attempt, this.maxMs);
    this.attempt++;
    return Math.min(this.maxMs, Math.round(base * (1 + this.jitter * this.random())));
  }

  /** Starts over after a success. */
  reset(): void {
    this.attempt = 0;
  }

  /** Failures since the last reset. */
  get failures(): number {
    return this.attempt;
  }
}
