/** One request served by a simulated management API. */
export interface CallRecord {
  /** Simulated time the request arrived. */
  readonly time: number;
  /** IP of the pod whose management API was called. */
  readonly ip: string;
  /** HTTP method. */
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Decoded query parameters (the last value wins for repeated ones). */
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body, if any. */
  readonly body: unknown;
  /** Status code returned. */
  readonly status: number;
  /** Response body as sent. */
  readonly response: string;
}

/** Append-only log of management API calls, with small query helpers for assertions. */
export class CallLog {
  private readonly records: CallRecord[] = [];

  /** Records a call. */
  add(record: CallRecord): void {
    this.records.push(record);
  }

  /** All calls in arrival order. */
  get all(): readonly CallRecord[] {
    return this.records;
  }

  /** Calls whose path starts with `prefix`, optionally only with the given method or to one pod. */
  to(prefix: string, opts: { method?: string; ip?: string } = {}): CallRecord[] {
    return this.records.filter(
      (r) => r.path.startsWith(prefix) && (!opts.method || r.method === opts.method) && (!opts.ip || r.ip === opts.ip),
    );
  }

  /** Calls answered with 404 because no such route exists (an operator called something unmodelled). */
  unknown(): CallRecord[] {
    return this.records.filter((r) => r.status === 404 && r.response === NOT_FOUND_BODY);
  }
}

/** Body of the 404 for unknown routes, distinct from a "job not found" or "keyspace not found". */
export const NOT_FOUND_BODY = 'HTTP 404 Not Found';
