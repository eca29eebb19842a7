import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';

/** Result of one call to a test API server. */
export interface KubeResponse {
  /** HTTP status code. */
  readonly status: number;
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
  /** Sent as JSON unless it is already a string. */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly query?: Record<string, string>;
  /** Per-request timeout; defaults to 60 s because very large CRDs take a while on small machines. */
  readonly timeoutMs?: number;
}

/**
 * Minimal authenticated HTTPS client for one test API server.
 *
 * Node's own `https` is used rather than `@kubernetes/client-node` because that package is
 * ESM-only and Jest's CommonJS runtime cannot load it without extra transform configuration;
 * the harness must work in any test setup.
 */
export class KubeHttp {
  private readonly agent: Agent;

  constructor(
    /** Base URL, e.g. `https://127.0.0.1:6443`. */
    readonly url: string,
    tls: { readonly ca: string; readonly cert: string; readonly key: string },
  ) {
    this.agent = new Agent({ ca: tls.ca, cert: tls.cert, key: tls.key, keepAlive: true, maxSockets: 16 });
  }

  /** Sends one request; rejects only on transport errors, never on HTTP status. */
  request(method: string, path: string, options: KubeRequestOptions = {}): Promise<KubeResponse> {
    const target = new URL(path, this.url);
    for (const [k, v] of Object.entries(options.query ?? {})) target.searchParams.set(k, v);
    const payload = options.body === undefined
      ? undefined
      : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    return new Promise<KubeResponse>((resolve, reject) => {
      const req = httpsRequest(target, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          const raw = res.headers.warning;
          const warnings = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body, warnings });
        });
      });
      req.setTimeout(options.timeoutMs ?? 60_000, () => {
        req.destroy(new Error(`${method} ${target.pathname} timed out after ${options.timeoutMs ?? 60_000} ms`));
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Closes pooled connections so that a stopped server leaves no open handles behind. */
  close(): void {
    this.agent.destroy();
  }
}

/** Extracts the human-readable message of a Kubernetes `Status` response, or the raw text. */
export function statusMessage(res: KubeResponse): string {
  const body = res.body as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string') return body.message;
  return res.text.slice(0, 2000) || `HTTP ${res.status}`;
}
