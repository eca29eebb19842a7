import { setMaxListeners } from 'node:events';
import { KubeApiError, retryAfterOf } from './errors';
import type { KubeHttp, KubeResponse } from './http';
import { apiVersionOf, resourcePath, type ResourceType } from './resources';
import { abortError, delay, retryableStatus, retryableTransportError, retryDelayMs, type RetryPolicy } from './retry';
import type { KubeObject } from '../core/kube-object';

/** Kubernetes API verbs, as RBAC and audit logs name them. */
export type KubeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

const WRITE_VERBS: readonly KubeVerb[] = ['create', 'update', 'patch', 'delete'];
const READ_VERBS: readonly KubeVerb[] = ['get', 'list', 'watch'];

/** Requests sent so far, per verb. */
export type RequestCounts = Record<KubeVerb, number>;

/** One object within a cluster. */
export interface ObjectRef {
  readonly name: string;
  /** Required for namespaced kinds. */
  readonly namespace?: string;
}

/** Options of {@link KubeClient}. */
export interface KubeClientOptions {
  /** Default field manager of apply and status writes. Defaults to `mission-control-reconciler`. */
  readonly fieldManager?: string;
  /** Deadline of every attempt of a non-watch request. Defaults to 30 s. */
  readonly timeoutMs?: number;
  /**
   * Retries of 429 (every request) and 5xx or reset connections (all but create), honouring
   * `Retry-After`. See {@link RetryPolicy} for the defaults.
   */
  readonly retry?: RetryPolicy;
  /**
   * Once aborted, writes (create, update, patch, delete) are refused before they are sent and
   * writes in flight are aborted. A leader passes its leadership signal, so that nothing it
   * sends lands after it lost the Lease.
   */
  readonly writeSignal?: AbortSignal;
  /** Called after every request with the verb, the resource and the HTTP status (0 on transport errors). */
  readonly onRequest?: (verb: KubeVerb, resource: ResourceType, status: number) => void;
  /** Called with `Warning` headers of successful requests (deprecations, unknown fields, ...). */
  readonly onWarning?: (warning: string, verb: KubeVerb, resource: ResourceType) => void;
}

/** Options of {@link KubeClient.list} and {@link KubeClient.watch}. */
export interface ListOptions {
  /** Omit to list across all namespaces (namespaced kinds) or for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** Per-call options of every request. */
export interface RequestOptions {
  /** Aborts the request (and its retries); it then rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
}

/** Options of {@link KubeClient.list}. */
export interface ListPageOptions extends ListOptions {
  /** Page size (`limit`); pages are fetched until no `continue` token remains. 0 disables paging. Defaults to 500. */
  readonly pageSize?: number;
  /** Aborts the list; it then rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
}

/** What {@link KubeClient.list} returns. */
export interface ListResult<T> {
  readonly items: T[];
  /** The collection's resourceVersion: start a watch from here to miss nothing. */
  readonly resourceVersion: string;
}

/** Options of {@link KubeClient.watch}. */
export interface WatchOptions extends ListOptions {
  /** Usually the resourceVersion of the preceding list or of the last event seen. */
  readonly resourceVersion?: string;
  /** The server ends the watch after this long (it then ends normally). */
  readonly timeoutSeconds?: number;
  /** Ask for BOOKMARK events (resourceVersion progress without changes). Defaults to true. */
  readonly allowBookmarks?: boolean;
  /** Aborting ends the event iteration without an error. */
  readonly signal?: AbortSignal;
}

/** One watch event. `ERROR` events are thrown as {@link KubeApiError} instead. */
export interface WatchEvent<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  /** For BOOKMARK only `apiVersion`, `kind` and `metadata.resourceVersion` are meaningful. */
  readonly object: T;
}

/** Options of {@link KubeClient.apply}. */
export interface ApplyOptions extends RequestOptions {
  /** Defaults to the client's field manager. */
  readonly fieldManager?: string;
  /** Take over fields owned by other managers. Defaults to true: controllers own what they apply. */
  readonly force?: boolean;
  /** E.g. `status` to apply to the status subresource. */
  readonly subresource?: string;
  /** Server-side field validation; the server's default (`Warn`) when omitted. */
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

/** Options of {@link KubeClient.patchStatus}. */
export interface PatchStatusOptions extends RequestOptions {
  /** `merge` (default): JSON merge patch of `{ status }`. `apply`: server-side apply to `/status`. */
  readonly mode?: 'merge' | 'apply';
  /** For `apply`; defaults to the client's field manager. */
  readonly fieldManager?: string;
}

/** Options of {@link KubeClient.delete}. */
export interface DeleteOptions extends RequestOptions {
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  /** Delete only if the object still has this uid / resourceVersion. */
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const emptyCounts = (): RequestCounts => ({ get: 0, list: 0, watch: 0, create: 0, update: 0, patch: 0, delete: 0 });

function refOf(obj: KubeObject): ObjectRef {
  return { name: obj.metadata.name, namespace: obj.metadata.namespace };
}

function selectorQuery(options: ListOptions): Record<string, string> {
  const query: Record<string, string> = {};
  if (options.labelSelector) query.labelSelector = options.labelSelector;
  if (options.fieldSelector) query.fieldSelector = options.fieldSelector;
  return query;
}

/**
 * Typed-enough Kubernetes client over {@link KubeHttp}: no discovery (kinds come from
 * {@link ResourceType}s), JSON only, and a count of requests per verb so that callers can
 * prove a steady state sends no writes.
 */
export class KubeClient {
  private readonly counts: RequestCounts;
  private readonly fieldManager: string;
  private readonly timeoutMs: number;

  constructor(
    /** The transport; owned by the caller (close it there). */
    readonly http: KubeHttp,
    private readonly options: KubeClientOptions = {},
    /** Counters shared with the client this one was derived from. */
    counts?: RequestCounts,
  ) {
    this.counts = counts ?? emptyCounts();
    // Every write in flight listens on the write signal until it ends; more than Node's
    // default of 10 concurrent writes is normal for a controller, not a listener leak.
    if (options.writeSignal) setMaxListeners(0, options.writeSignal);
    this.fieldManager = options.fieldManager ?? 'mission-control-reconciler';
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /**
   * The same client (transport, options, request counters) with its writes bound to `signal`:
   * see {@link KubeClientOptions.writeSignal}.
   */
  withWriteSignal(signal: AbortSignal): KubeClient {
    return new KubeClient(this.http, { ...this.options, writeSignal: signal }, this.counts);
  }

  /** Requests sent per verb since construction or the last {@link KubeClient.resetCounts}. */
  requestCounts(): RequestCounts {
    return { ...this.counts };
  }

  /** Write requests (create, update, patch, delete) sent. */
  get writeCount(): number {
    return WRITE_VERBS.reduce((n, v) => n + this.counts[v], 0);
  }

  /** Read requests (get, list, watch) sent. */
  get readCount(): number {
    return READ_VERBS.reduce((n, v) => n + this.counts[v], 0);
  }

  /** Zeroes the counters, e.g. before measuring a steady state. */
  resetCounts(): void {
    Object.assign(this.counts, emptyCounts());
  }

  /** Reads one object; `undefined` when it does not exist. */
  async get<T extends KubeObject = KubeObject>(resource: ResourceType, ref: ObjectRef, options: RequestOptions = {}): Promise<T | undefined> {
    const res = await this.send('get', resource, 'GET', resourcePath(resource, ref), { signal: options.signal });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw KubeApiError.fromResponse(`get ${resource.kind} ${refText(ref)}`, res);
    return res.body as T;
  }

  /**
   * Lists a collection, following `continue` tokens. Items get `apiVersion`/`kind` filled in
   * (the server omits them in lists of built-in kinds) so they look like watched objects.
   */
  async list<T extends KubeObject = KubeObject>(resource: ResourceType, options: ListPageOptions = {}): Promise<ListResult<T>> {
    const path = resourcePath(resource, { namespace: options.namespace });
    const pageSize = options.pageSize ?? 500;
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const query = selectorQuery(options);
      if (pageSize > 0) query.limit = String(pageSize);
      if (token) query.continue = token;
      const res = await this.send('list', resource, 'GET', path, { query, signal: options.signal });
      if (res.status !== 200) throw KubeApiError.fromResponse(`list ${resource.kind}`, res);
      const body = res.body as { metadata?: { resourceVersion?: string; continue?: string }; items?: T[] };
      for (const item of body.items ?? []) {
        items.push({ ...item, apiVersion: item.apiVersion ?? apiVersionOf(resource), kind: item.kind ?? resource.kind });
      }
      resourceVersion = body.metadata?.resourceVersion ?? '';
      token = body.metadata?.continue || undefined;
    } while (token);
    return { items, resourceVersion };
  }

  /**
   * Opens a watch. Resolves once the server has accepted it (HTTP 200) and rejects with a
   * {@link KubeApiError} otherwise (e.g. 410 for a too-old resourceVersion). Iterating yields
   * events until the server ends the watch (`timeoutSeconds`) or `signal` aborts; an `ERROR`
   * event is thrown as a {@link KubeApiError} with the event's code.
   */
  async watch<T extends KubeObject = KubeObject>(resource: ResourceType, options: WatchOptions = {}): Promise<AsyncIterable<WatchEvent<T>>> {
    const query = selectorQuery(options);
    query.watch = '1';
    if (options.allowBookmarks ?? true) query.allowWatchBookmarks = 'true';
    if (options.timeoutSeconds !== undefined) query.timeoutSeconds = String(Math.max(1, Math.round(options.timeoutSeconds)));
    if (options.resourceVersion) query.resourceVersion = options.resourceVersion;
    this.counts.watch++;
    let res;
    try {
      res = await this.http.stream(resourcePath(resource, { namespace: options.namespace }), { query, signal: options.signal });
    } catch (err) {
      this.options.onRequest?.('watch', resource, 0);
      throw err;
    }
    this.options.onRequest?.('watch', resource, res.status);
    if (res.status !== 200) throw KubeApiError.fromResponse(`watch ${resource.kind}`, res);
    const lines = res.lines;
    return (async function* events(): AsyncGenerator<WatchEvent<T>> {
      for await (const line of lines) {
        const event = JSON.parse(line) as { type: string; object: unknown };
        if (event.type === 'ERROR') throw KubeApiError.fromStatus(`watch ${resource.kind}`, event.object);
        yield event as WatchEvent<T>;
      }
    })();
  }

  /** Creates an object; throws {@link KubeApiError} 409 when it exists. */
  async create<T extends KubeObject = KubeObject>(resource: ResourceType, obj: T, options: RequestOptions = {}): Promise<T> {
    const res = await this.send('create', resource, 'POST', resourcePath(resource, { namespace: obj.metadata.namespace }), { body: obj, signal: options.signal });
    if (res.status !== 200 && res.status !== 201 && res.status !== 202) {
      throw KubeApiError.fromResponse(`create ${resource.kind} ${refText(refOf(obj))}`, res);
    }
    return res.body as T;
  }

  /**
   * Replaces an object (PUT). With `metadata.resourceVersion` set this is an optimistic-
   * concurrency write: 409 when someone else wrote in between.
   */
  async update<T extends KubeObject = KubeObject>(resource: ResourceType, obj: T, options: RequestOptions = {}): Promise<T> {
    const res = await this.send('update', resource, 'PUT', resourcePath(resource, refOf(obj)), { body: obj, signal: options.signal });
    if (res.status !== 200 && res.status !== 201) throw KubeApiError.fromResponse(`update ${resource.kind} ${refText(refOf(obj))}`, res);
    return res.body as T;
  }

  /**
   * Server-side apply: sends the full intent of this field manager; fields it set before and
   * omits now are removed. Creates the object when absent.
   */
  async apply<T extends KubeObject = KubeObject>(resource: ResourceType, obj: T, options: ApplyOptions = {}): Promise<T> {
    const query: Record<string, string> = { fieldManager: options.fieldManager ?? this.fieldManager };
    if (options.force ?? true) query.force = 'true';
    if (options.fieldValidation) query.fieldValidation = options.fieldValidation;
    const path = resourcePath(resource, { ...refOf(obj), subresource: options.subresource });
    // JSON is valid YAML, and the apply content type is what selects server-side apply.
    const res = await this.send('patch', resource, 'PATCH', path, { body: obj, contentType: 'application/apply-patch+yaml', query, signal: options.signal });
    if (res.status !== 200 && res.status !== 201) throw KubeApiError.fromResponse(`apply ${resource.kind} ${refText(refOf(obj))}`, res);
    return res.body as T;
  }

  /**
   * JSON merge patch (RFC 7386) of an object, for writes that change a few fields of an
   * object this client did not apply, e.g. the count of a recorded Event. `undefined` when it
   * does not exist.
   */
  async mergePatch<T extends KubeObject = KubeObject>(resource: ResourceType, ref: ObjectRef, patch: unknown, options: RequestOptions = {}): Promise<T | undefined> {
    const res = await this.send('patch', resource, 'PATCH', resourcePath(resource, ref), { body: patch, contentType: 'application/merge-patch+json', signal: options.signal });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw KubeApiError.fromResponse(`patch ${resource.kind} ${refText(ref)}`, res);
    return res.body as T;
  }

  /** Writes `status` through the status subresource, which never bumps `metadata.generation`. */
  async patchStatus<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    ref: ObjectRef,
    status: unknown,
    options: PatchStatusOptions = {},
  ): Promise<T> {
    const path = resourcePath(resource, { ...ref, subresource: 'status' });
    const what = `patch ${resource.kind} ${refText(ref)} status`;
    let res: KubeResponse;
    if ((options.mode ?? 'merge') === 'apply') {
      const body = {
        apiVersion: apiVersionOf(resource),
        kind: resource.kind,
        metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
        status,
      };
      const query = { fieldManager: options.fieldManager ?? this.fieldManager, force: 'true' };
      res = await this.send('patch', resource, 'PATCH', path, { body, contentType: 'application/apply-patch+yaml', query, signal: options.signal });
    } else {
      res = await this.send('patch', resource, 'PATCH', path, { body: { status }, contentType: 'application/merge-patch+json', signal: options.signal });
    }
    if (res.status !== 200) throw KubeApiError.fromResponse(what, res);
    return res.body as T;
  }

  /** Deletes an object. Returns false when it did not exist; true when deleted or now terminating. */
  async delete(resource: ResourceType, ref: ObjectRef, options: DeleteOptions = {}): Promise<boolean> {
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
    if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
    if (options.preconditions) body.preconditions = options.preconditions;
    const res = await this.send('delete', resource, 'DELETE', resourcePath(resource, ref), { body, signal: options.signal });
    if (res.status === 404) return false;
    if (res.status !== 200 && res.status !== 202) throw KubeApiError.fromResponse(`delete ${resource.kind} ${refText(ref)}`, res);
    return true;
  }

  private async send(
    verb: KubeVerb,
    resource: ResourceType,
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; query?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<KubeResponse> {
    const signal = this.signalFor(method, options.signal);
    const policy = this.options.retry ?? {};
    for (let retry = 0; ; retry++) {
      // Checked before every attempt: a fenced writer must not start a write, not even a retry.
      if (signal?.aborted) throw abortError(signal);
      this.counts[verb]++;
      let res: KubeResponse;
      try {
        res = await this.http.request(method, path, { ...options, signal, timeoutMs: this.timeoutMs });
      } catch (err) {
        this.options.onRequest?.(verb, resource, 0);
        const wait = signal?.aborted || !retryableTransportError(method, err) ? undefined : retryDelayMs(policy, retry, undefined);
        if (wait === undefined) throw err;
        await delay(wait, signal);
        continue;
      }
      this.options.onRequest?.(verb, resource, res.status);
      if (retryableStatus(method, res.status)) {
        const wait = retryDelayMs(policy, retry, retryAfterOf(res.headers));
        if (wait !== undefined) {
          await delay(wait, signal);
          continue;
        }
      }
      if (res.status < 300 && this.options.onWarning) {
        for (const w of res.warnings) this.options.onWarning(w, verb, resource);
      }
      return res;
    }
  }

  private signalFor(method: string, callSignal: AbortSignal | undefined): AbortSignal | undefined {
    const writeSignal = WRITE_METHODS.has(method) ? this.options.writeSignal : undefined;
    if (!writeSignal) return callSignal;
    return callSignal ? AbortSignal.any([writeSignal, callSignal]) : writeSignal;
  }
}

function refText(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}
