/** When {@link KubeClient} sends a request again, and how long it waits first. */
export interface RetryPolicy {
  /** Further attempts after the first. Defaults to 3; 0 disables retries. */
  readonly maxRetries?: number;
  /** Wait before the first retry, doubled for each next one (with jitter). Defaults to 200 ms. */
  readonly initialDelayMs?: number;
  /** Longest computed wait. Defaults to 5 s. */
  readonly maxDelayMs?: number;
  /**
   * A `Retry-After` longer than this is not waited out: the error goes to the caller (with
   * `retryAfterSeconds`), whose own backoff is better placed to wait. Defaults to 30 s.
   */
  readonly maxRetryAfterMs?: number;
}

/**
 * Whether a request may be sent twice without changing its outcome. Everything but create
 * (POST) is: a GET or LIST reads; a PUT carrying a resourceVersion either applies once or
 * gets 409, and one without it writes the same object again; server-side apply and merge
 * patches converge on the same content; a second DELETE finds the object gone or terminating.
 * A create that timed out or got a 5xx may have been stored, and sending it again would turn
 * that success into a 409 (or, with `generateName`, a second object).
 */
export function idempotent(method: string): boolean {
  return method !== 'POST';
}

/**
 * 429 is retried for every method: the server (max-in-flight or priority and fairness)
 * refused the request before handling it. 5xx is retried only for idempotent methods, since
 * the server may have acted before failing.
 */
export function retryableStatus(method: string, status: number): boolean {
  if (status === 429) return true;
  return (status === 500 || status === 502 || status === 503 || status === 504) && idempotent(method);
}

/**
 * A pooled keep-alive connection the server closed just as the request went out: nothing was
 * answered, so idempotent requests go again. Refused connections (server down) and deadlines
 * are not retried here: the caller's backoff and its time budget own those.
 */
export function retryableTransportError(method: string, err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return idempotent(method) && (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(String((err as Error | undefined)?.message)));
}

/**
 * Wait before retry number `retry` (0-based): `Retry-After` when the server sent one,
 * otherwise exponential with full jitter. `undefined` means do not retry.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterSeconds: number | undefined): number | undefined {
  if (retry >= (policy.maxRetries ?? 3)) return undefined;
  if (retryAfterSeconds !== undefined) {
    const ms = retryAfterSeconds * 1000;
    return ms > (policy.maxRetryAfterMs ?? 30_000) ? undefined : ms;
  }
  const ceiling = Math.min(policy.maxDelayMs ?? 5_000, (policy.initialDelayMs ?? 200) * 2 ** retry);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Resolves after `ms`, or rejects with an `AbortError` when `signal` aborts first. */
export function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error an aborted request rejects with, as `fetch` and `node:http` name it. */
export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason as unknown;
  const message = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'the operation was aborted';
  return Object.assign(new Error(message), { name: 'AbortError', code: 'ABORT_ERR' });
}
