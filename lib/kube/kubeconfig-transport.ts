import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { KubeHttp } from './http';
import { inClusterTarget, kubeHttpFor, parseKubeconfig } from './kubeconfig';

/** Fields of each kubeconfig section that the static transport serves exactly as client-node does. */
const STATIC_FIELDS = {
  cluster: new Set(['server', 'certificate-authority', 'certificate-authority-data', 'insecure-skip-tls-verify', 'extensions']),
  user: new Set(['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'extensions']),
  context: new Set(['cluster', 'user', 'namespace', 'extensions']),
};

type Section = Record<string, unknown>;
const isRecord = (v: unknown): v is Section => typeof v === 'object' && v !== null && !Array.isArray(v);
const named = (list: unknown, name: unknown, field: string): Section | undefined => {
  const entry = (Array.isArray(list) ? list : []).find((e) => isRecord(e) && e.name === name) as Section | undefined;
  return entry && isRecord(entry[field]) ? (entry[field] as Section) : undefined;
};
const only = (section: Section | undefined, allowed: Set<string>) => section !== undefined && Object.keys(section).every((k) => allowed.has(k));

/**
 * Whether the context's credentials are static (client certificate, bearer token, token file,
 * CA, insecure-skip-tls-verify) and nothing else: exec plugins, auth providers, basic auth,
 * `tls-server-name`, `proxy-url` and anything unknown go through client-node. So does
 * anything that does not resolve cleanly, so that its errors stay client-node's.
 */
export function hasStaticCredentials(text: string, context?: string): boolean {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return false;
  }
  if (!isRecord(doc)) return false;
  const ctxName = context ?? doc['current-context'];
  const ctx = named(doc.contexts, ctxName, 'context');
  if (!ctx || !only(ctx, STATIC_FIELDS.context)) return false;
  const user = ctx.user === undefined ? {} : named(doc.users, ctx.user, 'user');
  return only(named(doc.clusters, ctx.cluster, 'cluster'), STATIC_FIELDS.cluster) && only(user, STATIC_FIELDS.user);
}

/**
 * `@kubernetes/client-node`, loaded on first use only: importing it costs ~60 MiB of resident
 * memory (its generated API models), more than the operator's caches of 1,000 clusters, and
 * most kubeconfigs (ServiceAccount tokens, client certificates) never need it.
 */
function clientNode(): typeof import('./kube-config') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./kube-config') as typeof import('./kube-config');
}

/**
 * A transport for a kubeconfig (the `kubeconfig` key of a Secret, or a file's content):
 * static credentials directly, everything else authenticated through client-node's
 * KubeConfig (see `kubeHttpFromKubeConfig`). Relative paths resolve against `baseDir`.
 */
export function kubeHttpForKubeconfigText(text: string, options: { context?: string; baseDir?: string } = {}): KubeHttp {
  if (hasStaticCredentials(text, options.context)) {
    try {
      return kubeHttpFor(parseKubeconfig(text, options));
    } catch {
      // Unreadable material (e.g. a missing file): let client-node report it as before.
    }
  }
  const { kubeHttpFromKubeConfig, loadKubeConfig } = clientNode();
  return kubeHttpFromKubeConfig(loadKubeConfig(text, options.context));
}

/**
 * The operator's own control-plane connection: a kubeconfig file, or the in-cluster
 * ServiceAccount (its projected token file is re-read as kubelet rotates it).
 */
export function controlPlaneHttp(kubeconfigPath: string | undefined): KubeHttp {
  if (!kubeconfigPath) {
    if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
      throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST/PORT are not set; pass --kubeconfig');
    }
    return kubeHttpFor(inClusterTarget());
  }
  const text = readFileSync(kubeconfigPath, 'utf8');
  const baseDir = dirname(resolve(kubeconfigPath));
  if (hasStaticCredentials(text)) return kubeHttpFor(parseKubeconfig(text, { baseDir }));
  const { controlPlaneKubeConfig, kubeHttpFromKubeConfig } = clientNode();
  return kubeHttpFromKubeConfig(controlPlaneKubeConfig(kubeconfigPath));
}
