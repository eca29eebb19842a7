import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { runtimeMetrics } from './metrics';

/** A named probe: return `true`/`void` when fine; return `false` or throw (with a reason) when not. */
export type HealthCheck = () => boolean | void | Promise<boolean | void>;

/** Options of {@link HealthServer}. */
export interface HealthServerOptions {
  /** Interface to bind. Defaults to all interfaces, which kubelet probes need. */
  readonly host?: string;
  /** Port; 0 picks a free one (tests). Defaults to 8081, kubebuilder's probe port. */
  readonly port?: number;
  /** Served on `/metrics`; defaults to the process-wide {@link runtimeMetrics} registry. */
  readonly registry?: Registry;
  /** Per-check time limit; a slow check counts as failed. Defaults to 5 s. */
  readonly checkTimeoutMs?: number;
}

interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly reason?: string;
}

/**
 * Probe and metrics endpoints on one `node:http` server:
 *
 * - `/healthz` (and `/livez`): 200 while the process serves requests and every liveness check passes;
 * - `/readyz`: 200 only when every readiness check passes (e.g. informer caches synced);
 *   independent of leadership, so standbys are ready too;
 * - `/metrics`: Prometheus text format.
 *
 * Failing probes answer 500 with kube-apiserver's `[+]name ok` / `[-]name failed: reason`
 * lines; `?verbose` lists passing checks on success too.
 */
export class HealthServer {
  private readonly readyChecks = new Map<string, HealthCheck>();
  private readonly liveChecks = new Map<string, HealthCheck>();
  private readonly registry: Registry;
  private readonly server: Server;
  private bound: AddressInfo | undefined;

  constructor(private readonly options: HealthServerOptions = {}) {
    this.registry = options.registry ?? runtimeMetrics().registry;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      });
    });
  }

  /** The bound address; after {@link HealthServer.listen}. */
  get address(): AddressInfo {
    if (!this.bound) throw new Error('health server is not listening');
    return this.bound;
  }

  /** `http://host:port` of the bound address; after {@link HealthServer.listen}. */
  get url(): string {
    const { address, family, port } = this.address;
    const host = address === '::' || address === '0.0.0.0' ? '127.0.0.1' : family === 'IPv6' ? `[${address}]` : address;
    return `http://${host}:${port}`;
  }

  /** Adds (or replaces) a readiness check. */
  addReadyCheck(name: string, check: HealthCheck): void {
    this.readyChecks.set(name, check);
  }

  /** Adds (or replaces) a liveness check; keep these cheap and local (no API calls). */
  addHealthCheck(name: string, check: HealthCheck): void {
    this.liveChecks.set(name, check);
  }

  /** Starts listening; resolves with the bound address. */
  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 8081, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.bound = this.server.address() as AddressInfo;
    return this.bound;
  }

  /** Stops listening and closes idle and open connections. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      // Probe clients use keep-alive; without this close() waits for them to time out.
      this.server.closeAllConnections();
    });
    this.bound = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'Allow': 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    switch (url.pathname) {
      case '/healthz':
      case '/livez':
        return this.probe(res, this.liveChecks, url.searchParams.has('verbose'));
      case '/readyz':
        return this.probe(res, this.readyChecks, url.searchParams.has('verbose'));
      case '/metrics': {
        const text = await this.registry.metrics();
        res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text);
        return;
      }
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  }

  private async probe(res: ServerResponse, checks: Map<string, HealthCheck>, verbose: boolean): Promise<void> {
    const results = await Promise.all([...checks].map(([name, check]) => this.run(name, check)));
    const ok = results.every((r) => r.ok);
    const lines = results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed${r.reason ? `: ${r.reason}` : ''}`));
    const body = ok && !verbose ? 'ok\n' : `${lines.join('\n')}${lines.length ? '\n' : ''}${ok ? 'check passed' : 'check failed'}\n`;
    res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
  }

  private async run(name: string, check: HealthCheck): Promise<CheckResult> {
    const limit = this.options.checkTimeoutMs ?? 5_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${limit} ms`)), limit);
      });
      const result = await Promise.race([Promise.resolve().then(check), timeout]);
      return result === false ? { name, ok: false } : { name, ok: true };
    } catch (err) {
      return { name, ok: false, reason: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  }
}
