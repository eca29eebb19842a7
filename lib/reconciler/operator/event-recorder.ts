import type { Logger } from 'pino';
import type { KubeObject } from '../../core/kube-object';
import type { KubeClient } from '../../kube/client';
import { RESOURCES } from '../../kube/resources';
import { OPERATOR_NAME } from '../ownership';

/** One Event to record on an object: what `kubectl describe` lists under Events. */
export interface EventInput {
  readonly type: 'Normal' | 'Warning';
  /** UpperCamelCase, stable: what users filter and alert on. */
  readonly reason: string;
  readonly message: string;
}

/** events.k8s.io caps notes at 1 kB; the core API does not, but kubectl output stays readable. */
const MAX_MESSAGE = 1024;

const MAX_TRACKED = 4096;

interface Recorded {
  readonly name: string;
  count: number;
}

/**
 * Records core/v1 Events, as client-go's legacy recorder does: core/v1 is what every kubectl
 * version's `describe` lists, and its `count`/`lastTimestamp` let a repeat update the Event
 * instead of adding one (events.k8s.io/v1 needs an `action` and a series for that). An Event
 * equal (type, reason, message) to one already recorded on the same object increments that
 * Event's count and `lastTimestamp`, as client-go's correlator does, so `kubectl describe`
 * shows it once with `(xN over ...)`. Recording is best effort, as upstream's: a failure is
 * logged and never fails a reconcile.
 */
export class EventRecorder {
  /** Recorded Events by involved object UID, type, reason and message; oldest first. */
  private readonly recorded = new Map<string, Recorded>();
  private lastNanos = 0n;

  constructor(
    private readonly options: {
      /** Read at every use: each leadership term has its own fenced client. */
      readonly client: () => KubeClient;
      /** `reportingInstance`: which replica recorded it. */
      readonly instance: string;
      readonly logger: Logger;
      readonly now?: () => Date;
    },
  ) {}

  async record(involved: KubeObject, event: EventInput): Promise<void> {
    const namespace = involved.metadata.namespace ?? 'default';
    const uid = String(involved.metadata.uid ?? `${namespace}/${involved.metadata.name}`);
    const message = event.message.length > MAX_MESSAGE ? `${event.message.slice(0, MAX_MESSAGE - 3)}...` : event.message;
    const key = `${uid}/${event.type}/${event.reason}/${message}`;
    const now = this.timestamp();
    const previous = this.recorded.get(key);
    try {
      if (previous) {
        const patched = await this.options.client().mergePatch(RESOURCES.Event, { name: previous.name, namespace }, { count: previous.count + 1, lastTimestamp: now });
        if (patched) {
          previous.count++;
          return;
        }
        // Expired (the API server keeps Events for an hour by default): record it anew.
      }
      const name = `${involved.metadata.name}.${this.nanos().toString(16)}`;
      await this.options.client().create(RESOURCES.Event, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: { apiVersion: involved.apiVersion, kind: involved.kind, name: involved.metadata.name, namespace, uid: involved.metadata.uid },
        type: event.type,
        reason: event.reason,
        message,
        source: { component: OPERATOR_NAME },
        reportingComponent: OPERATOR_NAME,
        reportingInstance: this.options.instance,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
      this.recorded.delete(key);
      this.recorded.set(key, { name, count: 1 });
      // Bounded: tasks come and go; the oldest entry only loses its count merging.
      if (this.recorded.size > MAX_TRACKED) this.recorded.delete(this.recorded.keys().next().value!);
    } catch (err) {
      this.options.logger.warn({ object: `${namespace}/${involved.metadata.name}`, reason: event.reason, err: (err as Error).message }, 'recording an Event failed');
    }
  }

  private timestamp(): string {
    return (this.options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Unique and increasing within the process, like client-go's UnixNano suffix. */
  private nanos(): bigint {
    const t = BigInt(Date.now()) * 1_000_000n;
    this.lastNanos = t > this.lastNanos ? t : this.lastNanos + 1n;
    return this.lastNanos;
  }
}
