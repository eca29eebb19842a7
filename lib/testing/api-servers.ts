import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { type KubeAssets, resolveKubeAssets } from './kube-assets';
import { createPlanePki, type PlanePki } from './pki';
import { ManagedProcess, processAlive } from './process';
import { KubeHttp } from '../kube/http';

/** One simulated cluster: an etcd + kube-apiserver pair on loopback. */
export interface ApiServerPlane {
  /** Plane name; also the kubeconfig's cluster and context name. */
  readonly name: string;
  /** `https://127.0.0.1:<port>`; stays the same across {@link ApiServerPlane.stop}/{@link ApiServerPlane.start}. */
  readonly url: string;
  /** Admin kubeconfig file (client certificate in group `system:masters`). */
  readonly kubeconfigPath: string;
  /**
   * `@kubernetes/client-node` KubeConfig loaded from {@link ApiServerPlane.kubeconfigPath} (on first access).
   * Internal: that package's declarations need `esModuleInterop` and `@types/ws`, so naming its
   * types here would break consumers that type-check libraries (`skipLibCheck: false`).
   * @internal
   */
  readonly kubeConfig: KubeConfig;
  /** Authenticated HTTPS client for this plane (recreated on restart). */
  readonly http: KubeHttp;
  /** Whether both processes are currently running. */
  readonly running: boolean;
  /** Wall-clock milliseconds the most recent start took until `/readyz` and the `default` namespace. */
  readonly lastStartupMs: number | undefined;
  /** Process ids while running, e.g. to measure memory. */
  readonly pids: { readonly etcd: number | undefined; readonly kubeApiserver: number | undefined };
  /** The API server's loopback port. */
  readonly port: number;
  /** PEM of the CA that signed the API server's serving certificate and the admin client certificate. */
  readonly caCertPem: string;
  /** The range the plane's Service ClusterIPs come from (`--service-cluster-ip-range`). */
  readonly serviceClusterIpRange: string;
  /** Process id of kube-controller-manager while it runs. */
  readonly controllerManagerPid: number | undefined;
  /** The requests ServiceAccounts made so far, in order; needs `auditLog` at start. */
  auditEvents(): AuditEvent[];
  /** Stops kube-controller-manager (if any), kube-apiserver, then etcd; keeps the data directory and ports. */
  stop(): Promise<void>;
  /** Starts etcd and kube-apiserver again on the same ports and data directory. */
  start(): Promise<void>;
}

/** A running set of planes; always call {@link ApiServers.stop}, including after failures. */
export interface ApiServers {
  /** The running planes, by plane name. */
  readonly planes: Record<string, ApiServerPlane>;
  /** Directory holding data, certificates and (unless `logDir` was given) logs. */
  readonly rootDir: string;
  /** Directory of the `<plane>-etcd.log` and `<plane>-kube-apiserver.log` files. */
  readonly logDir: string;
  /** Kills every process (SIGTERM, then SIGKILL) and removes the temporary directory. Idempotent. */
  stop(): Promise<void>;
  /** Writes the last `lines` lines of every log to stderr and returns the same text. */
  dumpLogs(lines?: number): string;
}

/** Options of {@link startApiServers}. */
export interface StartApiServersOptions {
  /** Plane names (DNS labels), e.g. `['control-plane', 'dc1']`. */
  readonly planes: readonly string[];
  /**
   * Where process logs go. When given, logs are kept after stop; otherwise they live in the temp dir.
   * @default - a directory inside the temporary root, removed on stop
   */
  readonly logDir?: string;
  /**
   * Binaries to use; resolved with {@link resolveKubeAssets} when omitted.
   * @default - resolved with {@link resolveKubeAssets}
   */
  readonly assets?: KubeAssets;
  /**
   * Per-plane start timeout. Defaults to 120 s: planes start in parallel on small machines.
   * @default 120000
   */
  readonly startTimeoutMs?: number;
  /**
   * Extra kube-apiserver flags for every plane, appended after the defaults (a later flag wins),
   * e.g. `['--etcd-compaction-interval=1s']` to provoke `410 Gone` on old resource versions.
   * @default - none
   */
  readonly extraApiServerArgs?: readonly string[];
  /**
   * An executable kube-controller-manager to run beside each API server (see
   * `resolveOperatorAssets`). With it, ServiceAccount tokens, StatefulSet/Deployment/ReplicaSet
   * controllers, the garbage collector and namespace finalisation work as in a real cluster, and
   * the ServiceAccount admission plugin is on.
   * @default no controller-manager
   */
  readonly kubeControllerManager?: string;
  /**
   * Service ClusterIP range per plane name. A plane with a range calls webhooks at their
   * Service's ClusterIP, as kube-apiserver does by default, so the caller makes those addresses
   * answer (the simulated platform does, with its service proxy). A plane without one routes
   * Service references to the Service's endpoints, which exist nowhere on this machine, so such
   * calls fail locally instead of leaving it.
   * @default none: `10.0.0.0/24` with endpoint routing
   */
  readonly serviceClusterIpRanges?: Readonly<Record<string, string>>;
  /**
   * Keep an audit log of every request made by a ServiceAccount (metadata only), read back with
   * {@link ApiServerPlane.auditEvents}: what an identity really does, to check its RBAC against.
   * @default false
   */
  readonly auditLog?: boolean;
}

/** One request as kube-apiserver's audit log records it (the fields the harness reads). */
export interface AuditEvent {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection. */
  readonly verb: string;
  /** Who made the request. */
  readonly user: { readonly username: string };
  /**
   * What the request was about.
   * @default - absent for requests to non-resource URLs
   */
  readonly objectRef?: {
    readonly apiGroup?: string;
    readonly resource?: string;
    readonly subresource?: string;
    readonly namespace?: string;
    readonly name?: string;
  };
  /**
   * The answer's HTTP status.
   * @default - absent while a request is still being served
   */
  readonly responseStatus?: { readonly code?: number };
  /** When the request was answered (RFC 3339, microseconds). */
  readonly stageTimestamp: string;
}

// ServiceAccounts only: the operators and the identities the library creates, not the
// controller-manager or the test's own admin client.
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  userGroups: [system:serviceaccounts]
- level: None
`;

const DEFAULT_SERVICE_RANGE = '10.0.0.0/24';
const PLANE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ROOT_PREFIX = 'mcc-apiservers-';
const OWNER_FILE = 'owner.pid';


// A killed test run cannot clean up after itself (its processes die with it through
// pdeathsig); its data directories would pile up in tmp. Only directories whose owner is
// gone are removed, so concurrent runs are left alone.
/** Removes the temporary directories of test runs whose process is gone. */
export function removeOrphanedRoots(): void {
  let entries: string[];
  try {
    entries = readdirSync(tmpdir()).filter((e) => e.startsWith(ROOT_PREFIX));
  } catch {
    return;
  }
  for (const entry of entries) {
    const dir = join(tmpdir(), entry);
    try {
      const owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) rmSync(dir, { recursive: true, force: true });
    } catch {
      // No owner file yet (being created) or already removed: not ours to judge.
    }
  }
}

const LISTEN_PORT_FLOOR = 20_000;
const PORT_ATTEMPTS = 3;

/**
 * The kernel hands out ports from this range to outgoing connections (kube-apiserver's own
 * connections to etcd among them), so a port picked inside it can be taken between being
 * released here and being bound by the server.
 */
function ephemeralPortRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low, high];
  } catch {
    // Not Linux: fall through to the Linux default.
  }
  return [32_768, 60_999];
}

/** Listening ports below the ephemeral range; each one is kept bound until all are known. */
function listenPortCandidates(): number[] {
  const [ephemeralLow, ephemeralHigh] = ephemeralPortRange();
  const ceiling = ephemeralLow > LISTEN_PORT_FLOOR + 1_000 ? ephemeralLow - 1 : 65_535;
  const floor = ceiling === 65_535 ? Math.max(ephemeralHigh + 1, LISTEN_PORT_FLOOR) : LISTEN_PORT_FLOOR;
  const span = ceiling - floor + 1;
  // A random starting point keeps concurrent test workers from probing the same ports in turn.
  const start = Math.floor(Math.random() * span);
  return Array.from({ length: span }, (_, i) => floor + ((start + i) % span));
}

function tryListen(port: number): Promise<ReturnType<typeof createServer> | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Free 127.0.0.1 ports outside the ephemeral range, distinct from each other (each was bound once, then released). */
export async function reserveLoopbackPorts(count: number): Promise<number[]> {
  const servers: Array<ReturnType<typeof createServer>> = [];
  const ports: number[] = [];
  for (const port of listenPortCandidates()) {
    if (ports.length === count) break;
    const server = await tryListen(port);
    if (server === undefined) continue;
    servers.push(server);
    ports.push(port);
  }
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  if (ports.length < count) throw new Error(`reserveLoopbackPorts: only ${ports.length} of ${count} ports free below the ephemeral range`);
  return ports;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function etcdHealthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/health', timeout: 2_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve(res.statusCode === 200 && text.includes('"health":"true"')));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

class Plane implements ApiServerPlane {
  readonly url: string;
  readonly kubeconfigPath: string;
  lastStartupMs: number | undefined;
  private client: KubeHttp;
  private cachedKubeConfig: KubeConfig | undefined;
  private readonly etcd: ManagedProcess;
  private readonly apiserver: ManagedProcess;
  private readonly controllerManager: ManagedProcess | undefined;
  private auditLogPath: string | undefined;
  readonly serviceClusterIpRange: string;

  constructor(
    readonly name: string,
    dir: string,
    logDir: string,
    private readonly etcdPort: number,
    readonly port: number,
    assets: KubeAssets,
    private readonly pki: PlanePki,
    private readonly startTimeoutMs: number,
    extraApiServerArgs: readonly string[] = [],
    kubeControllerManager?: string,
    ownServiceRange: string | undefined = undefined,
    auditLog = false,
  ) {
    this.serviceClusterIpRange = ownServiceRange ?? DEFAULT_SERVICE_RANGE;
    const apiPort = port;
    this.url = `https://127.0.0.1:${apiPort}`;
    this.kubeconfigPath = join(dir, 'kubeconfig');
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    this.etcd = new ManagedProcess(`${name}/etcd`, assets.etcd, [
      `--name=${name}`,
      `--data-dir=${join(dir, 'etcd-data')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      // Peers are never used; port 0 avoids a second port reservation.
      '--listen-peer-urls=http://127.0.0.1:0',
      // Durability is irrelevant for test data and fsync dominates etcd latency.
      '--unsafe-no-fsync=true',
    ], join(logDir, `${name}-etcd.log`));
    // Flags follow controller-runtime envtest's defaults so behaviour matches what operator
    // projects test against.
    const apiserverArgs = [
      `--etcd-servers=${etcdUrl}`,
      `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${pki.servingCertPath}`,
      `--tls-private-key-file=${pki.servingKeyPath}`,
      `--client-ca-file=${pki.caCertPath}`,
      `--service-cluster-ip-range=${this.serviceClusterIpRange}`,
      // Without a range of its own, a ClusterIP is routed nowhere here and a dial to it would
      // leave the machine: Service references (webhooks, aggregated APIs) then resolve to the
      // Service's endpoints, which fail locally.
      ...(ownServiceRange ? [] : ['--enable-aggregator-routing=true']),
      '--allow-privileged=true',
      // Without kube-controller-manager no ServiceAccount tokens exist; the plugin would reject pods.
      ...(kubeControllerManager ? [] : ['--disable-admission-plugins=ServiceAccount']),
      '--authorization-mode=RBAC',
      // The `kubernetes` Service endpoints would be 127.0.0.1, which validation rejects on every
      // sync; nothing here reaches the API through that Service.
      '--endpoint-reconciler-type=none',
      `--service-account-issuer=${this.url}/`,
      `--service-account-key-file=${pki.saPublicKeyPath}`,
      `--service-account-signing-key-file=${pki.saPrivateKeyPath}`,
      ...(auditLog ? this.auditArgs(dir) : []),
      ...extraApiServerArgs,
    ];
    this.apiserver = new ManagedProcess(`${name}/kube-apiserver`, assets.kubeApiserver, apiserverArgs, join(logDir, `${name}-kube-apiserver.log`));
    if (kubeControllerManager) {
      this.controllerManager = new ManagedProcess(`${name}/kube-controller-manager`, kubeControllerManager, [
        `--kubeconfig=${this.kubeconfigPath}`,
        '--leader-elect=false',
        // No kubelet reports node health and there is no node IPAM; both controllers would only
        // evict or fail.
        '--controllers=*,-node-lifecycle-controller,-node-ipam-controller,-cloud-node-lifecycle-controller,-service-lb-controller,-node-route-controller',
        `--service-account-private-key-file=${pki.saPrivateKeyPath}`,
        `--root-ca-file=${pki.caCertPath}`,
        '--use-service-account-credentials=false',
        '--secure-port=0',
        `--cluster-name=${name}`,
      ], join(logDir, `${name}-kube-controller-manager.log`));
    }
    writeFileSync(this.kubeconfigPath, this.kubeconfigYaml(), { mode: 0o600 });
    this.client = this.newClient();
  }

  private auditArgs(dir: string): string[] {
    const policy = join(dir, 'audit-policy.yaml');
    writeFileSync(policy, AUDIT_POLICY);
    this.auditLogPath = join(dir, 'audit.log');
    return [`--audit-policy-file=${policy}`, `--audit-log-path=${this.auditLogPath}`, '--audit-log-format=json'];
  }

  auditEvents(): AuditEvent[] {
    if (!this.auditLogPath) throw new Error(`${this.name}: started without auditLog`);
    if (!existsSync(this.auditLogPath)) return [];
    // The last line may be half written while the server runs.
    return readFileSync(this.auditLogPath, 'utf8').split('\n').flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as AuditEvent] : [];
      } catch {
        return [];
      }
    });
  }

  get http(): KubeHttp {
    return this.client;
  }

  get running(): boolean {
    return this.etcd.running && this.apiserver.running;
  }

  get caCertPem(): string {
    return this.pki.caCertPem;
  }

  get controllerManagerPid(): number | undefined {
    return this.controllerManager?.pid;
  }

  get pids(): { etcd: number | undefined; kubeApiserver: number | undefined } {
    return { etcd: this.etcd.pid, kubeApiserver: this.apiserver.pid };
  }

  get kubeConfig(): KubeConfig {
    if (!this.cachedKubeConfig) {
      const kc = new KubeConfig();
      kc.loadFromFile(this.kubeconfigPath);
      this.cachedKubeConfig = kc;
    }
    return this.cachedKubeConfig;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const t0 = Date.now();
    const deadline = t0 + this.startTimeoutMs;
    if (!this.etcd.running) this.etcd.start();
    await this.waitFor('etcd /health', deadline, () => etcdHealthy(this.etcdPort), [this.etcd]);
    if (!this.apiserver.running) this.apiserver.start();
    await this.waitFor('kube-apiserver /readyz', deadline, async () => {
      const res = await this.client.request('GET', '/readyz', { timeoutMs: 5_000 });
      return res.status === 200;
    }, [this.etcd, this.apiserver]);
    // /readyz can pass a moment before the system namespaces controller has run.
    await this.waitFor('namespace default', deadline, async () => {
      const res = await this.client.request('GET', '/api/v1/namespaces/default', { timeoutMs: 5_000 });
      return res.status === 200;
    }, [this.etcd, this.apiserver]);
    if (this.controllerManager && !this.controllerManager.running) this.controllerManager.start();
    this.lastStartupMs = Date.now() - t0;
  }

  async stop(): Promise<void> {
    await this.controllerManager?.stop();
    await this.apiserver.stop();
    await this.etcd.stop();
    // Pooled sockets point at the dead process; a fresh agent avoids ECONNRESET after restart.
    this.client.close();
    this.client = this.newClient();
  }

  /** Closes the HTTP client for good. */
  dispose(): void {
    this.client.close();
  }

  logs(lines: number): string {
    return [this.etcd, this.apiserver, ...(this.controllerManager ? [this.controllerManager] : [])]
      .map((p) => `----- ${p.label} (${p.logPath}) -----\n${p.tail(lines)}`)
      .join('\n');
  }

  private newClient(): KubeHttp {
    return new KubeHttp(this.url, { ca: this.pki.caCertPem, cert: this.pki.adminCertPem, key: this.pki.adminKeyPem });
  }

  private async waitFor(what: string, deadline: number, probe: () => Promise<boolean>, procs: ManagedProcess[]): Promise<void> {
    let lastError = '';
    for (;;) {
      for (const p of procs) {
        if (!p.running) {
          throw new Error(`${p.label} exited (status ${p.exitStatus}) while waiting for ${what}:\n${p.tail(30)}`);
        }
      }
      try {
        if (await probe()) return;
      } catch (err) {
        lastError = (err as Error).message;
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: timed out waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}\n${this.logs(30)}`);
      }
      await sleep(100);
    }
  }

  private kubeconfigYaml(): string {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    return stringify({
      'apiVersion': 'v1',
      'kind': 'Config',
      'clusters': [{ name: this.name, cluster: { 'server': this.url, 'certificate-authority-data': b64(this.pki.caCertPem) } }],
      'users': [{
        name: `${this.name}-admin`,
        user: { 'client-certificate-data': b64(this.pki.adminCertPem), 'client-key-data': b64(this.pki.adminKeyPem) },
      }],
      'contexts': [{ name: this.name, context: { cluster: this.name, user: `${this.name}-admin` } }],
      'current-context': this.name,
    });
  }
}

/**
 * Starts one real etcd + kube-apiserver pair per plane on free 127.0.0.1 ports, in parallel,
 * and waits until each serves `/readyz` and has its `default` namespace.
 *
 * Only these two processes run: there is no controller-manager, so no garbage collection,
 * no namespace finalisation and no pods. Use fresh namespaces per test case.
 */
export async function startApiServers(options: StartApiServersOptions): Promise<ApiServers> {
  const names = [...options.planes];
  if (names.length === 0) throw new Error('startApiServers: at least one plane is required');
  for (const n of names) {
    if (!PLANE_NAME.test(n)) throw new Error(`startApiServers: plane name '${n}' is not a DNS label`);
  }
  if (new Set(names).size !== names.length) throw new Error(`startApiServers: duplicate plane names in ${names.join(', ')}`);

  const assets = options.assets ?? await resolveKubeAssets();
  removeOrphanedRoots();
  const rootDir = mkdtempSync(join(tmpdir(), ROOT_PREFIX));
  writeFileSync(join(rootDir, OWNER_FILE), String(process.pid));
  const logDir = options.logDir ?? join(rootDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  const planes: Record<string, Plane> = {};
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(Object.values(planes).map((p) => p.stop()));
    for (const p of Object.values(planes)) p.dispose();
    rmSync(rootDir, { recursive: true, force: true });
  };
  const dumpLogs = (lines = 60): string => {
    const text = Object.values(planes).map((p) => p.logs(lines)).join('\n');
    process.stderr.write(`${text}\n`);
    return text;
  };

  const startPlanes = async (): Promise<void> => {
    const ports = await reserveLoopbackPorts(names.length * 2);
    await Promise.all(names.map(async (name, i) => {
      const dir = join(rootDir, name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const pki = await createPlanePki(join(dir, 'pki'), name);
      const plane = new Plane(name, dir, logDir, ports[2 * i], ports[2 * i + 1], assets, pki, options.startTimeoutMs ?? 120_000,
        options.extraApiServerArgs, options.kubeControllerManager, options.serviceClusterIpRanges?.[name], options.auditLog);
      planes[name] = plane;
      await plane.start();
    }));
  };

  for (let attempt = 1; ; attempt++) {
    try {
      await startPlanes();
      break;
    } catch (err) {
      const logs = Object.values(planes).map((p) => p.logs(30)).join('\n');
      // Another process may bind a port between its reservation and the server's bind;
      // fresh ports fix that, anything else is a real failure.
      if (attempt < PORT_ATTEMPTS && /address already in use/.test(logs)) {
        await Promise.allSettled(Object.values(planes).map((p) => p.stop()));
        for (const [name, p] of Object.entries(planes)) {
          p.dispose();
          delete planes[name];
        }
        continue;
      }
      await stop();
      throw new Error(`startApiServers failed: ${(err as Error).message}\n${logs}`);
    }
  }

  return { planes, rootDir, logDir, stop, dumpLogs };
}
