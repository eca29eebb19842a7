import { createHash } from 'node:crypto';
import type { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions } from 'node:https';
// config.js rather than the package index: the operator loads it without the generated API
// clients it never uses (see reconciler/kube-config-only.ts).
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { KubeHttp, type KubeCredentialSource } from './http';

/**
 * Credentials of a `@kubernetes/client-node` {@link KubeConfig}, applied before every
 * request: client certificates, tokens, token files (re-read as kubelet rotates them),
 * `exec` credential plugins and auth providers (both cached by client-node until they
 * expire), `tls-server-name` and `proxy-url`.
 *
 * client-node builds a new agent on every call; one keep-alive agent is kept instead and
 * replaced only when the TLS material changes (a plugin that issues client certificates).
 */
class KubeConfigCredentials implements KubeCredentialSource {
  private agent: HttpAgent | undefined;
  private fingerprint = '';

  constructor(private readonly kc: KubeConfig) {}

  async credentials(): Promise<{ agent: HttpAgent; headers: Record<string, string> }> {
    const opts: RequestOptions = {};
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      // A failing exec plugin rejects with its stderr alone, often empty: say what failed.
      const user = this.kc.getCurrentUser();
      const what = user?.exec ? `credential plugin '${String((user.exec as { command?: unknown }).command)}'` : 'credentials';
      throw new Error(`kubeconfig user '${user?.name ?? ''}': ${what} failed${(err as Error).message ? `: ${(err as Error).message.trim()}` : ''}`);
    }
    const proxied = Boolean(this.kc.getCurrentCluster()?.proxyUrl);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([opts.ca, opts.cert, opts.key, opts.servername, opts.rejectUnauthorized].map((v) => (v === undefined ? null : String(v)))))
      .digest('hex');
    if (!this.agent || fingerprint !== this.fingerprint) {
      this.agent?.destroy();
      // A proxy needs client-node's proxy agent (HTTP CONNECT or SOCKS); otherwise a pooled one.
      this.agent = proxied && opts.agent
        ? (opts.agent as HttpAgent)
        : new HttpsAgent({
          keepAlive: true,
          maxSockets: 64,
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          servername: opts.servername,
          rejectUnauthorized: opts.rejectUnauthorized,
        });
      this.fingerprint = fingerprint;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    return { agent: this.agent, headers };
  }

  close(): void {
    this.agent?.destroy();
  }
}

/** A transport for the current context of `kc`. */
export function kubeHttpFromKubeConfig(kc: KubeConfig): KubeHttp {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig: context '${kc.getCurrentContext()}' names no known cluster`);
  return new KubeHttp(cluster.server, new KubeConfigCredentials(kc));
}

/** Loads kubeconfig YAML (e.g. a Secret's `kubeconfig` key); errors say `kubeconfig: ...`. */
export function loadKubeConfig(text: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    const e = err as Error;
    throw new Error(`kubeconfig: ${e.name === 'YAMLException' ? 'invalid YAML: ' : ''}${e.message}`);
  }
  if (context) kc.setCurrentContext(context);
  if (!kc.getCurrentCluster()) throw new Error('kubeconfig: no current context with a cluster');
  return kc;
}

/**
 * The operator's own control-plane connection: a kubeconfig file, or the in-cluster
 * ServiceAccount (its projected token file is re-read as kubelet rotates it).
 */
export function controlPlaneKubeConfig(kubeconfigPath: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfigPath) {
    kc.loadFromFile(kubeconfigPath);
  } else {
    if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
      throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST/PORT are not set; pass --kubeconfig');
    }
    kc.loadFromCluster();
  }
  return kc;
}
