import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { KubeHttp, type KubeHttpAuth } from './http';

/** Everything needed to reach one API server, resolved from a kubeconfig context. */
export interface KubeconfigTarget extends KubeHttpAuth {
  /** Name of the context the target came from. */
  readonly context: string;
  /** API server URL. */
  readonly server: string;
  /** The context's default namespace, if any. */
  readonly namespace?: string;
}

/** Options of {@link parseKubeconfig}. */
export interface ParseKubeconfigOptions {
  /** Context to use instead of `current-context`. */
  readonly context?: string;
  /**
   * Directory that relative file paths are resolved against; kubectl uses the kubeconfig
   * file's directory. Defaults to the working directory.
   */
  readonly baseDir?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function findNamed(list: unknown, field: string, name: string, what: string): Record<string, unknown> {
  const entries: unknown[] = Array.isArray(list) ? list : [];
  const entry = entries.find((e): e is Record<string, unknown> => isRecord(e) && e.name === name);
  if (!entry) throw new Error(`kubeconfig: ${what} '${name}' not found`);
  const body = entry[field];
  if (!isRecord(body)) throw new Error(`kubeconfig: ${what} '${name}' has no '${field}' section`);
  return body;
}

function str(section: Record<string, unknown>, key: string): string | undefined {
  const v = section[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new Error(`kubeconfig: '${key}' must be a string`);
  return v;
}

/** Reads `<key>-data` (base64) or else `<key>` (a file path). */
function material(section: Record<string, unknown>, key: string, baseDir: string): string | undefined {
  const data = str(section, `${key}-data`);
  if (data !== undefined) return Buffer.from(data, 'base64').toString('utf8');
  const file = str(section, key);
  if (file === undefined) return undefined;
  return readFileSync(isAbsolute(file) ? file : join(baseDir, file), 'utf8');
}

/**
 * Resolves one context of a kubeconfig YAML text (the `kubeconfig` key of a Secret, or a
 * file's content) into a {@link KubeconfigTarget}. Supports inline `*-data` fields, file
 * paths, client certificates and bearer tokens; `exec`, `auth-provider` and basic auth are
 * rejected with an explicit error rather than silently sending unauthenticated requests.
 *
 * A static resolution for tests and tools that hold plain certificates or tokens; the
 * operator loads kubeconfigs with `loadKubeConfig` / `controlPlaneKubeConfig`, which
 * authenticate through `@kubernetes/client-node` and support all of the above.
 */
export function parseKubeconfig(text: string, options: ParseKubeconfigOptions = {}): KubeconfigTarget {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`kubeconfig: invalid YAML: ${(err as Error).message}`);
  }
  if (!isRecord(doc)) throw new Error('kubeconfig: not a YAML mapping');
  const baseDir = options.baseDir ?? process.cwd();
  const contextName = options.context ?? (typeof doc['current-context'] === 'string' ? doc['current-context'] : '');
  if (!contextName) throw new Error('kubeconfig: no context given and no current-context set');

  const context = findNamed(doc.contexts, 'context', contextName, 'context');
  const clusterName = str(context, 'cluster');
  if (!clusterName) throw new Error(`kubeconfig: context '${contextName}' names no cluster`);
  const cluster = findNamed(doc.clusters, 'cluster', clusterName, 'cluster');
  const userName = str(context, 'user');
  const user = userName ? findNamed(doc.users, 'user', userName, 'user') : {};

  const server = str(cluster, 'server');
  if (!server) throw new Error(`kubeconfig: cluster '${clusterName}' has no server`);
  for (const unsupported of ['exec', 'auth-provider', 'username']) {
    if (user[unsupported] !== undefined) {
      throw new Error(`kubeconfig: user '${userName}' uses '${unsupported}', which is not supported; use a client certificate or a token`);
    }
  }
  const cert = material(user, 'client-certificate', baseDir);
  const key = material(user, 'client-key', baseDir);
  if ((cert === undefined) !== (key === undefined)) {
    throw new Error(`kubeconfig: user '${userName}' needs both a client certificate and a client key`);
  }
  const tokenFile = str(user, 'tokenFile');
  const namespace = str(context, 'namespace');
  return {
    context: contextName,
    server,
    ...optional('ca', material(cluster, 'certificate-authority', baseDir)),
    ...optional('cert', cert),
    ...optional('key', key),
    ...optional('token', str(user, 'token')),
    ...optional('tokenFile', tokenFile === undefined ? undefined : resolve(baseDir, tokenFile)),
    ...(cluster['insecure-skip-tls-verify'] === true ? { insecureSkipTlsVerify: true } : {}),
    ...optional('namespace', namespace),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Reads and resolves a kubeconfig file; relative paths in it are relative to the file. */
export function loadKubeconfigFile(path: string, options: Omit<ParseKubeconfigOptions, 'baseDir'> = {}): KubeconfigTarget {
  return parseKubeconfig(readFileSync(path, 'utf8'), { ...options, baseDir: dirname(resolve(path)) });
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The API server as seen from inside a pod: `KUBERNETES_SERVICE_HOST/PORT`, the mounted
 * ServiceAccount CA and token file. Throws when not running in a cluster.
 */
export function inClusterTarget(env: NodeJS.ProcessEnv = process.env, saDir = SA_DIR): KubeconfigTarget {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST/PORT are not set');
  let namespace: string | undefined;
  try {
    namespace = readFileSync(join(saDir, 'namespace'), 'utf8').trim();
  } catch {
    namespace = undefined;
  }
  return {
    context: 'in-cluster',
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ca: readFileSync(join(saDir, 'ca.crt'), 'utf8'),
    tokenFile: join(saDir, 'token'),
    ...optional('namespace', namespace),
  };
}

/** Builds an HTTPS transport for a resolved target. */
export function kubeHttpFor(target: KubeconfigTarget): KubeHttp {
  return new KubeHttp(target.server, {
    ca: target.ca,
    cert: target.cert,
    key: target.key,
    token: target.token,
    tokenFile: target.tokenFile,
    insecureSkipTlsVerify: target.insecureSkipTlsVerify,
  });
}

/** Shorthand for {@link parseKubeconfig} followed by {@link kubeHttpFor}. */
export function kubeHttpFromKubeconfig(text: string, options: ParseKubeconfigOptions = {}): KubeHttp {
  return kubeHttpFor(parseKubeconfig(text, options));
}
