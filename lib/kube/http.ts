import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { idempotent } from './retry';

/** Marks a reset met on a reused keep-alive connection before any answer came. */
interface StaleConnection {
  readonly staleConnection?: boolean;
}

/** Result of one call to an API server. */
export interface KubeResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers, lower-cased as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** Raw response text. */
  readonly text: string;
  /** Parsed JSON body, or `undefined` when the body is not JSON. */
  readonly body: unknown;
  /** `Warning` headers sent by the server (deprecations, pruned or duplicate fields, ...). */
  readonly warnings: string[];
}

/** Options of {@link KubeHttp.request}. */
export interface KubeRequestOptions {
  /**
   * Sent as JSON unless it is already a string.
   * @default - no body
   */
  readonly body?: unknown;
  /**
   * Content-Type of the body, e.g. 'application/apply-patch+yaml' for server-side apply.
   * @default 'application/json'
   */
  readonly contentType?: string;
  /**
   * Query parameters, URL-encoded by the client.
   * @default - none
   */
  readonly query?: Record<string, string>;
  /**
   * Deadline for the whole exchange (connect, send, response headers and body); defaults to
   * 60 s because very large CRDs take a while on small machines.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * Aborts the request; the promise then rejects with an `AbortError`.
   * @default - not abortable
   */
  readonly signal?: AbortSignal;
}

/** Options of {@link KubeHttp.stream}. */
export interface KubeStreamOptions {
  /**
   * Query parameters, e.g. `{ watch: 'true', resourceVersion }`.
   * @default - none
   */
  readonly query?: Record<string, string>;
  /**
   * Aborting ends the line iteration (it does not throw).
   * @default - not abortable
   */
  readonly signal?: AbortSignal;
  /**
   * Socket idle timeout. Off by default: a watch may legitimately be silent for minutes, and
   * callers run their own inactivity watchdog.
   * @default - none
   */
  readonly idleTimeoutMs?: number;
}

/**
 * A streaming response. When `status` is not 200 the body has been read completely into
 * `text`/`body` and `lines` yields nothing.
 */
export interface KubeStreamResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers. */
  readonly headers: IncomingHttpHeaders;
  /** The body as text when `status` is not 200; empty otherwise. */
  readonly text: string;
  /** The body parsed as JSON when `status` is not 200 and it is JSON; otherwise undefined. */
  readonly body: unknown;
  /** Non-empty lines of the body as they arrive (newline-delimited JSON for watches). */
  readonly lines: AsyncIterable<string>;
}

/** Credentials and trust for one API server. */
export interface KubeHttpAuth {
  /**
   * PEM CA bundle that signed the server's certificate.
   * @default - the system trust store
   */
  readonly ca?: string;
  /**
   * PEM client certificate (with `key`).
   * @default - no client certificate
   */
  readonly cert?: string;
  /**
   * PEM client key (with `cert`).
   * @default - no client certificate
   */
  readonly key?: string;
  /**
   * Bearer token, sent as `Authorization: Bearer <token>`.
   * @default - no token
   */
  readonly token?: string;
  /**
   * File holding a bearer token, re-read at most once a minute (kubelet rotates projected
   * ServiceAccount tokens in place). Takes precedence over `token`.
   * @default - no token file
   */
  readonly tokenFile?: string;
  /**
   * Disables server certificate verification (kubeconfig `insecure-skip-tls-verify`).
   * @default false
   */
  readonly insecureSkipTlsVerify?: boolean;
}

/**
 * Supplies the agent and headers of every request: for kubeconfigs whose credentials are
 * not static (credential plugins, auth providers, rotating token files).
 */
export interface KubeCredentialSource {
  /** Called before every request; may run a credential plugin, so it can fail. */
  credentials(): Promise<{ readonly agent: HttpAgent; readonly headers: Readonly<Record<string, string>> }>;
  /** Releases pooled connections. */
  close(): void;
}

// client-go's cached token source refreshes on the same period.
const TOKEN_FILE_REFRESH_MS = 60_000;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function warningsOf(headers: IncomingHttpHeaders): string[] {
  const raw = headers.warning;
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function isAbort(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

// Own splitter instead of `readline`: errors of the underlying socket must surface to the
// consumer (readline's iterator has swallowed them in some Node versions), and an abort must
// end the iteration quietly.
async function* splitLines(res: IncomingMessage, signal: AbortSignal | undefined): AsyncGenerator<string> {
  // Chunk boundaries fall anywhere, also inside a multi-byte character: the decoder holds an
  // incomplete sequence back until its remaining bytes arrive.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of res) {
      pending += decoder.write(chunk as Buffer);
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line) yield line;
        nl = pending.indexOf('\n');
      }
    }
  } catch (err) {
    if (signal?.aborted || isAbort(err)) return;
    throw err;
  } finally {
    res.destroy();
  }
  pending += decoder.end();
  if (pending.trim() && !signal?.aborted) yield pending.trim();
}

/**
 * Minimal authenticated HTTPS client for one API server: JSON requests with a deadline and
 * line-streamed watches on Node's own `http`/`https`. Credentials are either static
 * ({@link KubeHttpAuth}) or come from a {@link KubeCredentialSource}, such as
 * `kubeHttpFromKubeConfig`, which authenticates through `@kubernetes/client-node`.
 */
export class KubeHttp {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpsRequest;
  private token: string | undefined;
  private readonly tokenFile: string | undefined;
  private tokenReadAt = 0;
  private readonly source: KubeCredentialSource | undefined;

  constructor(
    /** Base URL, e.g. `https://127.0.0.1:6443`. */
    readonly url: string,
    auth: KubeHttpAuth | KubeCredentialSource,
  ) {
    if ('credentials' in auth) {
      this.source = auth;
      auth = {};
    }
    // Plain http serves `kubectl proxy` and local test servers; everything else is TLS.
    const plain = new URL(url).protocol === 'http:';
    this.send = plain ? httpRequest : httpsRequest;
    const agentOptions = {
      keepAlive: true,
      // Watches hold a socket each; a controller with a dozen informers must still have room
      // for ordinary requests.
      maxSockets: 64,
    };
    this.agent = plain
      ? new HttpAgent(agentOptions)
      : new HttpsAgent({ ...agentOptions, ca: auth.ca, cert: auth.cert, key: auth.key, rejectUnauthorized: !auth.insecureSkipTlsVerify });
    this.token = auth.token;
    this.tokenFile = auth.tokenFile;
  }

  /**
   * Sends one request; rejects only on transport errors or abort, never on HTTP status.
   *
   * An idempotent request that went out on a pooled keep-alive connection and met a reset
   * before any answer goes once more, on a new connection: the server closed that idle
   * connection as the request was being written, so it never saw it. This is the retry
   * Node's own documentation gives for `reusedSocket`; the time left of the deadline bounds it.
   */
  async request(method: string, path: string, options: KubeRequestOptions = {}): Promise<KubeResponse> {
    const target = this.target(path, options.query);
    const payload = options.body === undefined
      ? undefined
      : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const { agent, headers } = await this.prepare();
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const timeoutMs = options.timeoutMs ?? 60_000;
    const started = Date.now();
    try {
      return await this.exchange(method, target, { headers, agent, payload, signal: options.signal }, timeoutMs);
    } catch (err) {
      const left = timeoutMs - (Date.now() - started);
      if (!(err as StaleConnection).staleConnection || !idempotent(method) || left <= 0) throw err;
      return this.exchange(method, target, { headers, agent, payload, signal: options.signal }, left);
    }
  }

  private exchange(
    method: string,
    target: URL,
    { headers, agent, payload, signal }: { headers: Record<string, string | number>; agent: HttpAgent; payload: string | undefined; signal: AbortSignal | undefined },
    timeoutMs: number,
  ): Promise<KubeResponse> {
    return new Promise<KubeResponse>((resolve, reject) => {
      let settled = false;
      let answered = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        fn();
      };
      const req = this.send(target, { method, headers, agent, signal }, (res) => {
        answered = true;
        readAll(res).then(
          (text) => settle(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parseJson(text), warnings: warningsOf(res.headers) })),
          (err: unknown) => settle(() => reject(err)),
        );
      });
      // A deadline, not `req.setTimeout`: that one is a socket-idle timer, re-armed by every
      // byte, so a slow or trickling server could hold a request for many times the timeout.
      const deadline = setTimeout(() => {
        const err = Object.assign(new Error(`${method} ${target.pathname} timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
        settle(() => reject(err));
        req.destroy(err);
      }, timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => {
        const stale = req.reusedSocket && !answered && err.code === 'ECONNRESET';
        settle(() => reject(stale ? Object.assign(err, { staleConnection: true }) : err));
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * Sends a GET whose body is consumed line by line as it arrives (watches). Rejects on
   * transport errors before the response headers; later socket errors surface from `lines`.
   */
  async stream(path: string, options: KubeStreamOptions = {}): Promise<KubeStreamResponse> {
    const target = this.target(path, options.query);
    const { agent, headers } = await this.prepare();
    return new Promise<KubeStreamResponse>((resolve, reject) => {
      const req = this.send(target, { method: 'GET', headers, agent, signal: options.signal }, (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          readAll(res).then((text) => {
            resolve({ status, headers: res.headers, text, body: parseJson(text), lines: (async function* () {})() });
          }, reject);
          return;
        }
        resolve({ status, headers: res.headers, text: '', body: undefined, lines: splitLines(res, options.signal) });
      });
      if (options.idleTimeoutMs) {
        req.setTimeout(options.idleTimeoutMs, () => {
          req.destroy(new Error(`GET ${target.pathname} idle for ${options.idleTimeoutMs} ms`));
        });
      }
      req.on('error', reject);
      req.end();
    });
  }

  /** Closes pooled connections so that a stopped server leaves no open handles behind. */
  close(): void {
    this.agent.destroy();
    this.source?.close();
  }

  private async prepare(): Promise<{ agent: HttpAgent; headers: Record<string, string | number> }> {
    if (!this.source) return { agent: this.agent, headers: this.headers() };
    const { agent, headers } = await this.source.credentials();
    return { agent, headers: { ...headers, Accept: 'application/json' } };
  }

  private target(path: string, query: Record<string, string> | undefined): URL {
    // Keeps a path prefix of the server URL (API proxies such as Rancher's serve clusters
    // below one), which `new URL('/api/...', base)` would drop.
    const base = new URL(this.url);
    const target = new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base.origin);
    for (const [k, v] of Object.entries(query ?? {})) target.searchParams.set(k, v);
    return target;
  }

  private headers(): Record<string, string | number> {
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    const token = this.currentToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  private currentToken(): string | undefined {
    if (this.tokenFile && Date.now() - this.tokenReadAt > TOKEN_FILE_REFRESH_MS) {
      try {
        this.token = readFileSync(this.tokenFile, 'utf8').trim();
        this.tokenReadAt = Date.now();
      } catch (err) {
        // A rotation in progress can leave the file briefly missing; keep the previous token.
        if (this.token === undefined) throw err;
      }
    }
    return this.token;
  }
}

/** Extracts the human-readable message of a Kubernetes `Status` response, or the raw text. */
export function statusMessage(res: Pick<KubeResponse, 'body' | 'text' | 'status'>): string {
  const body = res.body as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  return res.text.slice(0, 2000) || `HTTP ${res.status}`;
}
