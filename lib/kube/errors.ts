import type { IncomingHttpHeaders } from 'node:http';
import { statusMessage, type KubeResponse } from './http';

/** The `Retry-After` header in seconds, when it is a positive number (the form the API server sends). */
export function retryAfterOf(headers: IncomingHttpHeaders): number | undefined {
  const value = Number(headers['retry-after']);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A Kubernetes API error: an HTTP status other than success, or a watch `ERROR` event. */
export class KubeApiError extends Error {
  /** Builds the error from a response whose body is (usually) a `Status`. */
  static fromResponse(what: string, res: Pick<KubeResponse, 'status' | 'body' | 'text' | 'headers'>): KubeApiError {
    const body = res.body as { reason?: unknown } | undefined;
    return new KubeApiError(
      `${what}: HTTP ${res.status}: ${statusMessage(res)}`,
      res.status,
      typeof body?.reason === 'string' ? body.reason : undefined,
      retryAfterOf(res.headers),
    );
  }

  /** Builds the error from the `Status` object of a watch `ERROR` event. */
  static fromStatus(what: string, status: unknown): KubeApiError {
    const s = (status ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
    const code = typeof s.code === 'number' ? s.code : 500;
    return new KubeApiError(
      `${what}: ${typeof s.message === 'string' ? s.message : 'watch error'} (code ${code})`,
      code,
      typeof s.reason === 'string' ? s.reason : undefined,
    );
  }

  constructor(
    message: string,
    /** HTTP status, or the `code` of a watch `ERROR` event's Status. */
    readonly status: number,
    /** `Status.reason`, e.g. `NotFound`, `Conflict`, `Expired`. */
    readonly reason?: string,
    /** `Retry-After` header in seconds (429, some 5xx). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

function statusOf(err: unknown): number | undefined {
  return err instanceof KubeApiError ? err.status : undefined;
}

/** 404: the object (or its kind) does not exist. */
export function isNotFound(err: unknown): boolean {
  return statusOf(err) === 404;
}

/** 409: optimistic-concurrency conflict or "already exists". */
export function isConflict(err: unknown): boolean {
  return statusOf(err) === 409;
}

/** 410: the resourceVersion (or continue token) is older than what etcd still has; relist. */
export function isGone(err: unknown): boolean {
  return statusOf(err) === 410;
}
