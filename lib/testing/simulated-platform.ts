import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiServerPlane, type ApiServers, startApiServers } from './api-servers';
import { type ApplyOptions, type ApplyReport, applyObjects, applyPlatform, type KubeObject } from './apply';
import { CertManager, CERT_MANAGER_NAMESPACE, certManagerReleaseCrds } from './cert-manager';
import { certManagerCrds } from './cert-manager-crds';
import { CertManagerStandIn } from './cert-manager-stand-in';
import { type CertManagerAssets, type KubeAssets, type OperatorAssets, resolveCertManagerAssets, resolveOperatorAssets } from './kube-assets';
import { PodNetwork } from './network';
import { type CassandraBackend, CassandraRuntime } from './node/cassandra-runtime';
import { KubeApi } from './node/kube-api';
import { NodeStandIn } from './node/node-stand-in';
import { type ImageBinary, ProcessRuntime, type ProcessPod } from './node/process-runtime';
import { sweepOrphanedRuns } from './orphans';
import type { ManagedProcess } from './process';
import { relay, waitForSocket } from './relay';
import { ServiceAddresses } from './service-addresses';
import { type ProxiedPlane, ServiceProxy } from './service-proxy';

/** One simulated Kubernetes cluster of a {@link SimulatedPlatform}. */
export interface SimulatedPlaneOptions {
  /** Plane name (DNS label); also the kubeconfig context name. */
  readonly name: string;
  /**
   * Region label of the plane's nodes.
   * @default 'local-1'
   */
  readonly region?: string;
  /**
   * Zones the plane's nodes are created in, on demand. Must include the zones the platform's
   * racks ask for, or their pods stay unschedulable (as in a real cluster).
   * @default [`${region}a`, `${region}b`, `${region}c`]
   */
  readonly zones?: readonly string[];
  /**
   * StorageClasses the cluster offers; claims of any other class stay Pending.
   * @default ['standard']
   */
  readonly storageClasses?: readonly string[];
}

/** Options of {@link startSimulatedPlatform}. */
export interface StartSimulatedPlatformOptions {
  /** The clusters of the platform, each with its API server and node. */
  readonly planes: readonly SimulatedPlaneOptions[];
  /** The database behind every Cassandra pod's management API. */
  readonly cassandra: CassandraBackend;
  /**
   * Where logs go (kept after stop when given).
   * @default a directory inside the platform's temporary root
   */
  readonly logDir?: string;
  /** kube-apiserver and etcd. @default resolved with `resolveKubeAssets` */
  readonly kubeAssets?: KubeAssets;
  /** kube-controller-manager and the operators. @default resolved with `resolveOperatorAssets` */
  readonly operatorAssets?: OperatorAssets;
  /**
   * More images the kubelet stand-in can run, by exact image reference.
   * @default only the pinned k8ssandra-operator and cass-operator images
   */
  readonly images?: Readonly<Record<string, ImageBinary>>;
  /**
   * Keep each API server's audit log of ServiceAccount requests (`planes[name].apiServer.auditEvents()`),
   * e.g. to check an identity's RBAC rules against what it really does.
   * @default false
   */
  readonly auditLog?: boolean;
  /**
   * Who issues Certificates and injects CA bundles: cert-manager's real controller and
   * cainjector with the release's CRDs, or the in-process stand-in with minimal CRDs (for
   * machines that cannot build cert-manager).
   * `'real'` builds the binaries when they are not cached yet (many minutes, once).
   * @default 'real' when the cert-manager binaries resolve without a build, else 'stand-in'
   */
  readonly certManager?: 'real' | 'stand-in';
  /** cert-manager's binaries and CRDs. @default resolved with `resolveCertManagerAssets` */
  readonly certManagerAssets?: CertManagerAssets;
}

/** One cluster of the platform: its API server and its node. */
export interface SimulatedPlane {
  /** Plane name, as in the options. */
  readonly name: string;
  /** The plane's etcd and kube-apiserver. */
  readonly apiServer: ApiServerPlane;
  /** The plane's one node: the kubelet stand-in that runs pods as host processes. */
  readonly node: NodeStandIn;
  /** The real cert-manager of this plane, or the stand-in; see {@link SimulatedPlatform.certManager}. */
  readonly certManager: CertManager | CertManagerStandIn;
  /** The running pod of a Deployment (by its pods' name prefix), or undefined. */
  operatorPod(namespace: string, deployment: string): ProcessPod | undefined;
}

/** A running platform; always call {@link SimulatedPlatform.stop}. */
export interface SimulatedPlatform {
  /** The planes, by name. */
  readonly planes: Readonly<Record<string, SimulatedPlane>>;
  /** Every plane's etcd and kube-apiserver. */
  readonly apiServers: ApiServers;
  /** The harness's private pod network, shared by all planes. */
  readonly network: PodNetwork;
  /** Directory of every process's log. */
  readonly logDir: string;
  /** Whether cert-manager's real controller and cainjector run, or the stand-in. */
  readonly certManager: 'real' | 'stand-in';
  /**
   * Applies synthesised folders (`folder -> plane name`), webhook configurations last, once the
   * service proxy serves the Services they name (see the README's harness section).
   */
  apply(distDir: string, folders: Readonly<Record<string, string>>, options?: ApplyOptions): Promise<ApplyReport>;
  /** Applies objects to one plane, in the same order as {@link SimulatedPlatform.apply}. */
  applyObjects(plane: string, objects: readonly KubeObject[], options?: ApplyOptions): Promise<ApplyReport>;
  /**
   * Lines of every operator log that show an authorization denial (HTTP 403, `forbidden`).
   * The library's RBAC is what the operators run with, so any line here is a defect.
   */
  rbacDenials(): string[];
  /** Errors the stand-ins hit (their own bugs or an unreachable API server), with their log. */
  standInErrors(): number;
  /** Stops every process, then removes every namespace and temporary file. Idempotent. */
  stop(): Promise<void>;
}

const DENIAL = /\bforbidden\b|\b403\b/i;

/** `docker.io/k8ssandra/cass-operator:v1.30.3` also matches a mirror `registry.example/k8ssandra/cass-operator:v1.30.3`. */
function imageMatcher(known: Readonly<Record<string, ImageBinary>>): (image: string) => ImageBinary | undefined {
  return (image) => {
    if (known[image]) return known[image];
    for (const [ref, bin] of Object.entries(known)) {
      const path = ref.replace(/^docker\.io\//, '');
      if (image === path || image.endsWith(`/${path}`)) return bin;
    }
    return undefined;
  };
}

/**
 * Starts simulated clusters with the real operators: per plane etcd, kube-apiserver and
 * kube-controller-manager; a node stand-in that runs the pods the operators' Deployments and
 * cass-operator's StatefulSets create (the operators as real processes, Cassandra through
 * `cassandra`); cert-manager's issuing and CA injection; and a proxy for webhook Services.
 * Needs root (network and mount namespaces).
 */
export async function startSimulatedPlatform(options: StartSimulatedPlatformOptions): Promise<SimulatedPlatform> {
  const operatorAssets = options.operatorAssets ?? await resolveOperatorAssets();
  const certManagerAssets = await certManagerChoice(options);
  await sweepOrphanedRuns();
  const serviceRanges = await ServiceAddresses.freeRanges(options.planes.length);
  const apiServers = await startApiServers({
    planes: options.planes.map((p) => p.name),
    logDir: options.logDir,
    assets: options.kubeAssets,
    kubeControllerManager: operatorAssets.kubeControllerManager,
    serviceClusterIpRanges: Object.fromEntries(options.planes.map((p, i) => [p.name, serviceRanges[i]])),
    auditLog: options.auditLog,
  });
  const cleanups: Array<() => Promise<void>> = [async () => apiServers.stop()];
  const stopAll = async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  };
  try {
    const network = await PodNetwork.create();
    cleanups.push(() => network.destroy());
    const root = join(apiServers.rootDir, 'platform');
    const logDir = apiServers.logDir;
    mkdirSync(join(root, 'api'), { recursive: true });
    mkdirSync(join(root, 'services'), { recursive: true });

    // Host ends of the relays that bring each API server into every sandbox, on the same port.
    const apiRelays: ManagedProcess[] = [];
    const endpoints = Object.values(apiServers.planes).map((p, i) => ({ port: p.port, socket: join(root, 'api', `${i}.sock`), plane: p }));
    for (const e of endpoints) {
      const r = relay(`api ${e.plane.name}`, join(logDir, `relay-api-${e.plane.name}.log`), { unixListen: e.socket }, { tcp: e.port, host: '127.0.0.1' });
      r.start();
      apiRelays.push(r);
      await waitForSocket(e.socket, 10_000, () => r.running);
    }
    cleanups.push(async () => {
      await Promise.all(apiRelays.map((r) => r.stop(1_000)));
    });

    const images = imageMatcher({
      [`docker.io/k8ssandra/k8ssandra-operator:${operatorAssets.versions.k8ssandraOperator}`]: { binary: operatorAssets.k8ssandraOperator },
      [`docker.io/k8ssandra/cass-operator:${operatorAssets.versions.cassOperator}`]: { binary: operatorAssets.cassOperator },
      ...options.images,
    });

    mkdirSync(join(apiServers.rootDir, 'svc'));
    const proxy = new ServiceProxy(join(apiServers.rootDir, 'svc'), logDir);
    cleanups.push(() => proxy.stop());
    const planes: Record<string, SimulatedPlane> = {};
    // Filled once every plane's node exists; the nodes call the proxy only after that.
    const proxyPlanes: Record<string, ProxiedPlane> = {};
    for (const spec of options.planes) {
      const apiServer = apiServers.planes[spec.name];
      const api = new KubeApi(() => apiServer.http);
      const region = spec.region ?? 'local-1';
      const dir = join(root, spec.name);
      mkdirSync(dir, { recursive: true });
      const planeLogs = join(logDir, spec.name);
      mkdirSync(planeLogs, { recursive: true });
      const setup = await applyObjects(apiServer, [
        ...(certManagerAssets ? certManagerReleaseCrds(certManagerAssets.crdDir) : certManagerCrds()),
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: CERT_MANAGER_NAMESPACE } },
        ...(spec.storageClasses ?? ['standard']).map((name) => ({
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: { name },
          provisioner: 'stand-in.mission-control-constructs.dev/volumes',
          reclaimPolicy: 'Delete',
          volumeBindingMode: 'WaitForFirstConsumer',
        })),
      ]);
      if (setup.rejected.length) throw new Error(`${spec.name}: ${setup.rejected.map((r) => `${r.ref.kind}/${r.ref.name}: ${r.message}`).join('; ')}`);
      const processes = new ProcessRuntime(api, {
        network,
        images,
        apiServers: endpoints,
        ownApiPort: apiServer.port,
        dir: join(dir, 'pods'),
        socketDir: join(apiServers.rootDir, 's', String(Object.keys(planes).length)),
        logDir: planeLogs,
      });
      const node = new NodeStandIn(api, {
        plane: spec.name,
        region,
        zones: spec.zones ?? [`${region}a`, `${region}b`, `${region}c`],
        runtimes: [processes, new CassandraRuntime(api, network, options.cassandra, spec.name, join(dir, 'cassandra'), join(apiServers.rootDir, 'c'))],
        logPath: join(planeLogs, 'node-stand-in.log'),
        beforeTerminating: () => proxy.update(proxyPlanes),
      });
      node.start();
      cleanups.push(() => node.stop());
      let certManager: CertManager | CertManagerStandIn;
      if (certManagerAssets) {
        const real = new CertManager(spec.name, apiServer.kubeconfigPath, certManagerAssets, logDir);
        cleanups.push(() => real.stop());
        await real.start();
        certManager = real;
      } else {
        const standIn = new CertManagerStandIn(api, dir, join(planeLogs, 'cert-manager-stand-in.log'));
        standIn.start();
        cleanups.push(() => standIn.stop());
        certManager = standIn;
      }
      planes[spec.name] = {
        name: spec.name,
        apiServer,
        node,
        certManager,
        operatorPod: (namespace, deployment) => {
          const found = node.runningPods().find((p) => p.namespace === namespace && p.name.startsWith(`${deployment}-`));
          return found?.pod as ProcessPod | undefined;
        },
      };
    }

    let proxyTimer: NodeJS.Timeout | undefined;
    let proxyStopped = false;
    for (const p of Object.values(planes)) proxyPlanes[p.name] = { api: new KubeApi(() => p.apiServer.http), node: p.node };
    const proxyLoop = () => {
      void proxy.update(proxyPlanes).catch((err: Error) => appendFileSync(join(logDir, 'service-proxy.log'), `${err.stack}\n`)).finally(() => {
        if (!proxyStopped) proxyTimer = setTimeout(proxyLoop, 250);
      });
    };
    proxyLoop();
    cleanups.push(async () => {
      proxyStopped = true;
      if (proxyTimer) clearTimeout(proxyTimer);
    });

    // The API server calls a webhook at its Service's ClusterIP: a pass of the proxy serves the
    // Services just applied before the webhook configurations that name them are registered.
    const applyOptions = (o: ApplyOptions | undefined): ApplyOptions => ({ webhooks: 'last', ...o, beforeWebhooks: () => proxy.update(proxyPlanes) });
    let stopped = false;
    // Ctrl-C or a CI runner's SIGTERM must not leave namespaces behind: stop, then let the
    // signal do what it would have done.
    const onSignal = (sig: NodeJS.Signals) => {
      void stopAll().finally(() => {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        process.kill(process.pid, sig);
      });
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    cleanups.unshift(async () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    });
    return {
      planes,
      apiServers,
      network,
      logDir,
      certManager: certManagerAssets ? 'real' : 'stand-in',
      apply: (distDir, folders, o) => applyPlatform(distDir, Object.fromEntries(Object.entries(folders).map(([f, p]) => {
        if (!apiServers.planes[p]) throw new Error(`apply: no plane named ${p}`);
        return [f, apiServers.planes[p]];
      })), applyOptions(o)),
      applyObjects: (plane, objects, o) => applyObjects(apiServers.planes[plane], objects, applyOptions(o)),
      rbacDenials: () => {
        const lines: string[] = [];
        for (const p of Object.keys(planes)) {
          const dir = join(logDir, p);
          if (!existsSync(dir)) continue;
          for (const f of readdirSync(dir).filter((n) => n.endsWith('.log') && !n.includes('stand-in'))) {
            for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (DENIAL.test(line)) lines.push(`${p}/${f}: ${line}`);
          }
        }
        return lines;
      },
      standInErrors: () => Object.values(planes).reduce((n, p) => n + p.node.errorCount, 0),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * The cert-manager assets to run, or undefined for the stand-in. The default prefers the real
 * binaries and falls back, saying so, when they are not built (or cannot be: no Go, no proxy).
 */
async function certManagerChoice(options: StartSimulatedPlatformOptions): Promise<CertManagerAssets | undefined> {
  if (options.certManager === 'stand-in') return undefined;
  if (options.certManagerAssets) return options.certManagerAssets;
  try {
    // Without an explicit 'real', a cold build would stall every suite's start-up.
    return await resolveCertManagerAssets({ build: options.certManager === 'real' });
  } catch (err) {
    if (options.certManager === 'real') throw err;
    // The script's last line says why (not built yet, no Go, no proxy).
    const why = (err as Error).message.trim().split('\n').pop();
    process.stderr.write(`[simulated-platform] cert-manager binaries unavailable, using the cert-manager stand-in instead: ${why}\n`);
    return undefined;
  }
}
