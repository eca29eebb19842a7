import { realClock, type Clock, type TimerHandle } from './clock';
import { runtimeMetrics, type RuntimeMetrics } from './metrics';
import { Sleeper } from './sleeper';
import type { KubeObject } from '../../core/kube-object';
import type { KubeClient } from '../../kube/client';
import { RESOURCES } from '../../kube/resources';

/** client-go's `JitterFactor`: the acquire loop waits retryPeriod × (1 + rand × 1.2). */
const JITTER_FACTOR = 1.2;

/** Options of {@link LeaderElector}. */
export interface LeaderElectionOptions {
  /** Client for the cluster holding the Lease; use a dedicated one if you count requests. */
  readonly client: KubeClient;
  readonly namespace: string;
  /** Lease name. */
  readonly name: string;
  /** Unique per candidate, e.g. the pod name plus a random suffix. */
  readonly identity: string;
  /** How long a lease stays valid without renewal. Defaults to 15 s. */
  readonly leaseDurationMs?: number;
  /** The leader gives up if it cannot renew for this long. Defaults to 10 s. */
  readonly renewDeadlineMs?: number;
  /** Interval between acquire or renew attempts. Defaults to 2 s. */
  readonly retryPeriodMs?: number;
  /** Clear the holder on {@link LeaderElector.stop} so a standby takes over at once. Defaults to true. */
  readonly releaseOnCancel?: boolean;
  /** Called once leadership is acquired; `signal` aborts when it is lost or the elector stops. */
  readonly onStartedLeading?: (signal: AbortSignal) => void;
  /**
   * Called when {@link LeaderElector.run} returns, whether or not this candidate ever led
   * (client-go behaves the same way).
   */
  readonly onStoppedLeading?: () => void;
  /** Called whenever a different holder is observed (including this candidate). */
  readonly onNewLeader?: (identity: string) => void;
  /** Called for failed Lease requests; they are retried. */
  readonly onError?: (error: unknown) => void;
  /** Defaults to the process-wide {@link runtimeMetrics}. */
  readonly metrics?: RuntimeMetrics;
  readonly clock?: Clock;
}

/** The `coordination.k8s.io/v1` LeaseSpec fields the protocol uses. */
export interface LeaderElectionRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: string;
  readonly renewTime: string;
  readonly leaseTransitions: number;
}

interface Lease extends KubeObject {
  spec?: Partial<LeaderElectionRecord>;
}

/** MicroTime as Kubernetes serialises it: RFC 3339 with six fractional digits. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function recordOf(lease: Lease): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: spec.acquireTime ?? '',
    renewTime: spec.renewTime ?? '',
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

function sameRecord(a: LeaderElectionRecord | undefined, b: LeaderElectionRecord): boolean {
  return a !== undefined && a.holderIdentity === b.holderIdentity && a.leaseDurationSeconds === b.leaseDurationSeconds
    && a.acquireTime === b.acquireTime && a.renewTime === b.renewTime && a.leaseTransitions === b.leaseTransitions;
}

/**
 * Lease-based leader election with client-go's `leaderelection` algorithm:
 *
 * - acquire: every retryPeriod (jittered) GET the Lease; create it if absent; take it over if
 *   its holder is empty or has not changed the record for leaseDuration *as measured on this
 *   candidate's clock since it last saw the record change* (no trust in others' clocks);
 *   writes carry the read resourceVersion, so of two racing candidates one gets 409;
 * - renew: the leader updates `renewTime` every retryPeriod, retrying for up to renewDeadline;
 *   if that fails it stops leading: `signal` aborts at the renew deadline itself (not when a
 *   hung request gives up), the attempt in flight is aborted with it, and no Lease write
 *   starts after the deadline. Since renewDeadline < leaseDuration, the signal has aborted
 *   before any other candidate can consider the Lease expired; writers bound to it (see
 *   `KubeClient.withWriteSignal`) therefore never overlap with the next leader;
 * - release on stop: `holderIdentity` cleared and `leaseDurationSeconds: 1`, so a standby
 *   takes over on its next attempt instead of waiting for expiry. Only a leader that still
 *   holds the Lease releases it: after a failed renewal the Lease may already be another's.
 *
 * `leaseTransitions` increments on every change of holder.
 */
export class LeaderElector {
  readonly identity: string;
  private readonly options: LeaderElectionOptions;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly metrics: RuntimeMetrics;
  private observed: LeaderElectionRecord | undefined;
  private observedTime = 0;
  /** When this candidate last wrote the Lease successfully (its own clock). */
  private renewedAt = 0;
  /** The Lease as last written by us, for the leader's optimistic fast-path renewal. */
  private ownLease: Lease | undefined;
  private reportedLeader: string | undefined;
  private stopping = false;
  private readonly sleeper: Sleeper;
  private runPromise: Promise<void> | undefined;

  constructor(options: LeaderElectionOptions) {
    this.options = options;
    this.identity = options.identity;
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    this.clock = options.clock ?? realClock;
    this.sleeper = new Sleeper(this.clock);
    this.metrics = options.metrics ?? runtimeMetrics();
    // Same validation as client-go's NewLeaderElector.
    if (!options.identity) throw new Error('leader election: identity must not be empty');
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leader election: leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs) {
      throw new Error(`leader election: renewDeadline must be greater than retryPeriod*${JITTER_FACTOR}`);
    }
    if (this.retryPeriodMs < 1) throw new Error('leader election: retryPeriod must be positive');
    if (this.leaseDurationMs % 1000 !== 0) throw new Error('leader election: leaseDuration must be whole seconds (Lease.spec.leaseDurationSeconds)');
  }

  /** Whether this candidate holds the Lease (as last observed). */
  isLeader(): boolean {
    return this.observed?.holderIdentity === this.identity;
  }

  /** The holder last observed; `undefined` before the first read or when nobody holds it. */
  leader(): string | undefined {
    return this.observed?.holderIdentity || undefined;
  }

  /**
   * Campaigns until leading, leads until the Lease cannot be renewed or {@link LeaderElector.stop}
   * is called, then returns (like client-go's `Run`: call it again to campaign anew). Calling it
   * while running returns the same promise.
   */
  run(): Promise<void> {
    this.runPromise ??= this.campaign().finally(() => {
      this.runPromise = undefined;
    });
    return this.runPromise;
  }

  /** Stops campaigning or leading, releases the Lease if held (unless disabled), waits for {@link LeaderElector.run}. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.wake();
    await this.runPromise;
  }

  private async campaign(): Promise<void> {
    this.stopping = false;
    try {
      if (!(await this.acquire())) return;
      const leading = new AbortController();
      this.metrics.leaderStatus.set({ name: this.options.name }, 1);
      this.safely(() => this.options.onStartedLeading?.(leading.signal));
      const held = await this.renew();
      leading.abort(new Error(held ? 'leader election stopped' : 'leadership lost: the Lease could not be renewed in time'));
      this.metrics.leaderStatus.set({ name: this.options.name }, 0);
      if (held && (this.options.releaseOnCancel ?? true)) await this.release();
    } finally {
      this.safely(() => this.options.onStoppedLeading?.());
    }
  }

  private async acquire(): Promise<boolean> {
    while (!this.stopping) {
      const ok = await this.tryAcquireOrRenew(undefined);
      this.reportTransition();
      if (ok) return true;
      await this.sleep(this.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR));
    }
    return false;
  }

  /** Renews until stopped (true: still held) or until a renewal misses its deadline (false). */
  private async renew(): Promise<boolean> {
    while (!this.stopping) {
      const deadline = this.clock.now() + this.renewDeadlineMs;
      let renewed = false;
      while (!this.stopping) {
        renewed = await this.withDeadline((signal) => this.tryAcquireOrRenew(signal), deadline);
        this.reportTransition();
        if (renewed || this.clock.now() + this.retryPeriodMs > deadline) break;
        await this.sleep(this.retryPeriodMs);
      }
      if (this.stopping) return this.isLeader() && this.clock.now() - this.renewedAt < this.renewDeadlineMs;
      if (!renewed) {
        this.report(new Error(`leader election: failed to renew lease ${this.options.namespace}/${this.options.name} within ${this.renewDeadlineMs} ms`));
        return false;
      }
      await this.sleep(this.retryPeriodMs);
    }
    return this.isLeader() && this.clock.now() - this.renewedAt < this.renewDeadlineMs;
  }

  /**
   * One attempt, as client-go's `tryAcquireOrRenew`; never throws. `signal` aborts at the
   * renew deadline, ending the requests in flight and refusing any not yet started.
   */
  private async tryAcquireOrRenew(signal: AbortSignal | undefined): Promise<boolean> {
    const { client, namespace, name } = this.options;
    const now = this.clock.now();
    const desired = (acquireTime: string, leaseTransitions: number): LeaderElectionRecord => ({
      holderIdentity: this.identity,
      leaseDurationSeconds: this.leaseDurationMs / 1000,
      acquireTime,
      renewTime: microTime(now),
      leaseTransitions,
    });
    try {
      // Fast path: the leader updates its own last write, saving the GET; a conflict falls back.
      if (this.isLeader() && this.leaseValid(now) && this.ownLease && this.observed) {
        try {
          const record = desired(this.observed.acquireTime, this.observed.leaseTransitions);
          await this.write({ ...this.ownLease, spec: { ...this.ownLease.spec, ...record } }, record, now, signal);
          return true;
        } catch (err) {
          if (signal?.aborted) return false;
          this.report(err);
        }
      }
      const lease = await client.get<Lease>(RESOURCES.Lease, { namespace, name }, { signal });
      if (!lease) {
        const record = desired(microTime(now), 0);
        const created = await client.create<Lease>(RESOURCES.Lease, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { ...record },
        }, { signal });
        this.remember(created, record, now);
        this.renewedAt = now;
        return true;
      }
      const old = recordOf(lease);
      if (!sameRecord(this.observed, old)) {
        this.observed = old;
        this.observedTime = now;
      }
      if (old.holderIdentity && this.leaseValid(now) && !this.isLeader()) return false;
      const record = this.isLeader()
        ? desired(old.acquireTime, old.leaseTransitions)
        : desired(microTime(now), old.leaseTransitions + 1);
      await this.write({ ...lease, spec: { ...lease.spec, ...record } }, record, now, signal);
      return true;
    } catch (err) {
      if (!signal?.aborted) this.report(err);
      return false;
    }
  }

  private async release(): Promise<void> {
    if (!this.isLeader() || !this.ownLease || !this.observed) return;
    const now = this.clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: this.observed.leaseTransitions,
    };
    const lease = this.ownLease;
    await this.withDeadline(async (signal) => {
      try {
        await this.write({ ...lease, spec: { ...lease.spec, ...record } }, record, now, signal);
      } catch (err) {
        if (!signal.aborted) this.report(err);
      }
    }, now + this.renewDeadlineMs);
  }

  /** PUT with the resourceVersion of `lease`: a 409 means another candidate wrote first. */
  private async write(lease: Lease, record: LeaderElectionRecord, now: number, signal: AbortSignal | undefined): Promise<void> {
    const written = await this.options.client.update<Lease>(RESOURCES.Lease, lease, { signal });
    this.remember(written, record, now);
    this.renewedAt = now;
  }

  private remember(lease: Lease, record: LeaderElectionRecord, now: number): void {
    this.ownLease = lease;
    this.observed = record;
    this.observedTime = now;
  }

  private leaseValid(now: number): boolean {
    return this.observedTime + (this.observed?.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  private reportTransition(): void {
    const holder = this.observed?.holderIdentity;
    if (!holder || holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    this.safely(() => this.options.onNewLeader?.(holder));
  }

  /**
   * Runs `attempt` with a signal that aborts at `deadline`; resolves false when the deadline
   * passes first (the attempt's requests are aborted, as with a cancelled context).
   */
  private async withDeadline(attempt: (signal: AbortSignal) => Promise<boolean | void>, deadline: number): Promise<boolean> {
    const abort = new AbortController();
    let timer: TimerHandle | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = this.clock.setTimeout(() => {
        abort.abort(new Error('leader election: renew deadline passed'));
        resolve(false);
      }, Math.max(0, deadline - this.clock.now()));
    });
    try {
      return (await Promise.race([attempt(abort.signal), timeout])) !== false;
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.stopping ? Promise.resolve() : this.sleeper.sleep(ms);
  }

  private report(err: unknown): void {
    try {
      this.options.onError?.(err);
    } catch {
      // The error callback is best effort.
    }
  }

  /** Runs a user callback; its exception must not break the election loop. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(err);
    }
  }
}
