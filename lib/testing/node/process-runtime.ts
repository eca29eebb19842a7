import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { linkImageRoot, placeFile } from './image-root';
import type { KubeApi, Obj } from './kube-api';
import { type Container, containerEnv, expand, materialiseVolumes, PodNotReadyToStart, probePort } from './pod-spec';
import type { ContainerStatus, PodRuntime, RunningPod } from './runtime';
import type { PodNetwork, Sandbox } from '../network';
import { ManagedProcess } from '../process';
import { relay, waitForSocket } from '../relay';
import { systemTool } from '../system-tools';

/** An executable that stands for a container image, run as the image's entrypoint would be. */
export interface ImageBinary {
  /**
   * Absolute path of the executable on this machine, placed at the entrypoint's path in the
   * container's root (a static binary, like upstream's operators). Give this or `root`.
   * @default - none: `root` is given
   */
  readonly binary?: string;
  /**
   * A prepared image filesystem, hard-linked under each container's root (for an image whose
   * entrypoint needs more than one file, such as Node and its modules). Give this or `binary`.
   * @default - none: `binary` is given
   */
  readonly root?: string;
  /**
   * The image's entrypoint, where the binary is placed inside the container's root.
   * @default ['/manager'] (the path in upstream's operator images)
   */
  readonly entrypoint?: readonly string[];
  /**
   * Mount a proc file system for the container's own PID namespace at `/proc`, as a container
   * runtime does (Node reads its memory figures there).
   * @default false (upstream's Go operators do not need it)
   */
  readonly mountProc?: boolean;
  /**
   * The user the image runs as when the pod does not say.
   * @default 65532 (distroless `nonroot`, upstream's operator images)
   */
  readonly user?: number;
}

/** Where each API server is reachable from inside a sandbox: the same loopback port as on the host. */
export interface ApiEndpoint {
  readonly port: number;
  /** Host-side Unix socket relayed to the API server's loopback port. */
  readonly socket: string;
}

/** Options of {@link ProcessRuntime}. */
export interface ProcessRuntimeOptions {
  readonly network: PodNetwork;
  /** Image reference (exactly as in the pod spec) to the binary that stands for it. */
  readonly images: (image: string) => ImageBinary | undefined;
  /** Every API server of the platform, so a ClientConfig kubeconfig works from inside too. */
  readonly apiServers: readonly ApiEndpoint[];
  /** The API server of this plane: `KUBERNETES_SERVICE_HOST/PORT` point at it. */
  readonly ownApiPort: number;
  /** Directory for pod roots (removed with each pod). */
  readonly dir: string;
  /**
   * Directory for the pods' Unix sockets; keep its path short, a socket path has at most 107
   * bytes.
   */
  readonly socketDir: string;
  /** Directory for container logs (kept, so tests can read them after the pod is gone). */
  readonly logDir: string;
}

/** One container of a process pod, as the kubelet stand-in tracks it. */
export interface ContainerProcess {
  /** The container's process. */
  readonly proc: ManagedProcess;
  /** Times the container was restarted after it exited. */
  restarts: number;
  /** Result of the last readiness probe (true without one). */
  ready: boolean;
  /** When the current run started (ISO 8601). */
  startedAt: string;
  /**
   * Exit code (null when killed by a signal) and time of the last exit.
   * @default - it has not exited
   */
  lastExit?: { code: number | null; at: string };
  /**
   * When an exited container is restarted (epoch ms), after the kubelet's back-off.
   * @default - it is running
   */
  restartAt?: number;
}

/** A pod whose containers are host processes. */
class ProcessPod implements RunningPod {
  /** Every container, by name. */
  readonly containers = new Map<string, ContainerProcess>();
  private readonly relays: ManagedProcess[] = [];
  private readonly held = new Set<string>();
  private stopped = false;

  constructor(
    readonly ip: string,
    private readonly sandbox: Sandbox,
    private readonly dir: string,
    private readonly socketPrefix: string,
    private readonly spec: Container[],
    private readonly runtime: ProcessRuntime,
  ) {}

  /** @internal A relay of the pod's network, stopped with the pod. */
  addRelay(p: ManagedProcess): void {
    this.relays.push(p);
  }

  /** Host-side socket that reaches `port` inside the sandbox. */
  portSocket(port: number): string {
    return `${this.socketPrefix}-${port}.sock`;
  }

  /** Process ids of the containers now running. */
  get pids(): number[] {
    return [...this.containers.values()].map((c) => c.proc.pid).filter((p): p is number => p !== undefined);
  }

  statuses(): ContainerStatus[] {
    return this.spec.map((c) => {
      const s = this.containers.get(c.name)!;
      return {
        name: c.name,
        image: c.image,
        running: s.proc.running,
        ready: s.proc.running && s.ready,
        restartCount: s.restarts,
        startedAt: s.startedAt,
        lastExit: s.lastExit,
      };
    });
  }

  async tick(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    for (const c of this.spec) {
      const s = this.containers.get(c.name)!;
      if (!s.proc.running) {
        // restartPolicy Always with the kubelet's doubling back-off, shortened for tests.
        if (s.restartAt === undefined) {
          s.lastExit = { code: s.proc.exitStatus ?? null, at: new Date().toISOString() };
          s.ready = false;
          s.restartAt = now + Math.min(10_000, 1_000 * 2 ** Math.min(s.restarts, 4));
        } else if (now >= s.restartAt && !this.held.has(c.name)) {
          s.restarts += 1;
          s.restartAt = undefined;
          s.startedAt = new Date().toISOString();
          s.proc.start();
        }
        continue;
      }
      const probe = c.readinessProbe;
      s.ready = probe?.httpGet ? await this.httpProbe(c, probe.httpGet) : probe?.tcpSocket ? await this.tcpProbe(probePort(c, probe.tcpSocket.port)) : true;
    }
  }

  private httpProbe(c: Container, get: NonNullable<NonNullable<Container['readinessProbe']>['httpGet']>): Promise<boolean> {
    const socketPath = this.portSocket(probePort(c, get.port));
    return new Promise((resolve) => {
      const req = request({ socketPath, path: get.path ?? '/', timeout: 1_000 }, (res) => {
        res.resume();
        resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
    });
  }

  /**
   * The kubelet's TCP check: a connection to the port opens. Made from inside the pod's network
   * namespace, because the host-side relay socket accepts whether or not anything listens.
   */
  private tcpProbe(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      execFile(systemTool('ip'), ['netns', 'exec', this.sandbox.name, systemTool('socat'), '-u', '/dev/null', `TCP:127.0.0.1:${port},connect-timeout=1`], { timeout: 2_000 }, (err) => resolve(!err));
    });
  }

  /**
   * SIGKILLs one container's process, as a crash or an OOM kill would. With `hold`, the kubelet
   * does not restart it until {@link ProcessPod.resume}.
   */
  kill(container: string, hold = false): void {
    const s = this.containers.get(container);
    if (!s) throw new Error(`no container ${container}`);
    if (hold) this.held.add(container);
    s.proc.kill();
  }

  /** Lets the kubelet restart a container stopped with `hold`. */
  resume(container: string): void {
    this.held.delete(container);
  }

  async stop(graceMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([...this.containers.values()].map((c) => c.proc.stop(graceMs)));
    await Promise.all(this.relays.map((r) => r.stop(1_000)));
    await this.runtime.release(this.sandbox);
    rmSync(this.dir, { recursive: true, force: true });
    for (const c of this.spec) for (const p of c.ports ?? []) rmSync(this.portSocket(p.containerPort), { force: true });
  }

  /** The whole log of one container, across restarts. */
  logs(container: string): string {
    const s = this.containers.get(container);
    return s ? s.proc.tail(1_000_000) : '';
  }
}

export type { ProcessPod };

/**
 * Runs pods whose images map to local executables (the operators), as a kubelet would: each pod
 * in its own network namespace (both operators bind 9443), each container chrooted into a root
 * that holds the binary at the image's entrypoint and the pod's volumes at their mount paths,
 * as the container's user, with the pod's resolved environment and a token of the pod's own
 * ServiceAccount, so the RBAC the library grants is exactly what the process gets.
 */
export class ProcessRuntime implements PodRuntime {
  private started = 0;

  constructor(private readonly api: KubeApi, private readonly options: ProcessRuntimeOptions) {}

  accepts(pod: Obj): boolean {
    const containers = (pod.spec?.containers ?? []) as Container[];
    return containers.length > 0 && containers.every((c) => this.options.images(c.image) !== undefined);
  }

  async release(sandbox: Sandbox): Promise<void> {
    await this.options.network.removeSandbox(sandbox);
  }

  async start(pod: Obj, hostIp: string): Promise<RunningPod> {
    const containers = (pod.spec.containers ?? []) as Container[];
    const dir = join(this.options.dir, `${pod.metadata.namespace}.${pod.metadata.name}.${(pod.metadata.uid ?? '').slice(0, 8)}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    mkdirSync(this.options.socketDir, { recursive: true });
    const sandbox = await this.options.network.addSandbox(pod.metadata.name.slice(0, 20));
    const running = new ProcessPod(sandbox.address, sandbox, dir, join(this.options.socketDir, String(++this.started)), containers, this);
    try {
      await this.launch(pod, hostIp, dir, containers, sandbox, running);
    } catch (err) {
      await running.stop(1_000);
      throw err;
    }
    return running;
  }

  private async launch(pod: Obj, hostIp: string, dir: string, containers: Container[], sandbox: Sandbox, running: ProcessPod): Promise<void> {
    const prepared: Array<{ c: Container; rootfs: string; argv: string[]; env: Record<string, string>; uid: number; gid: number; mountProc: boolean }> = [];
    for (const c of containers) {
      const image = this.options.images(c.image)!;
      const uid = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser ?? image.user ?? 65532;
      const gid = c.securityContext?.runAsGroup ?? pod.spec.securityContext?.runAsGroup ?? uid;
      const rootfs = join(dir, 'rootfs', c.name);
      mkdirSync(rootfs, { recursive: true, mode: 0o755 });
      await materialiseVolumes(this.api, pod, c, rootfs, uid, gid);
      const env = await containerEnv(this.api, pod, c, { podIp: sandbox.address, hostIp }, {
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: String(this.options.ownApiPort),
        KUBERNETES_SERVICE_PORT_HTTPS: String(this.options.ownApiPort),
        PATH: '/',
        HOSTNAME: pod.metadata.name,
      });
      const entry = c.command?.length ? c.command : [...(image.entrypoint ?? ['/manager'])];
      if (image.root) linkImageRoot(image.root, rootfs);
      if (image.binary) placeFile(image.binary, join(rootfs, entry[0]), false);
      if (!image.root && !image.binary) throw new Error(`the image of ${c.name} names neither a binary nor a root`);
      const argv = [...entry, ...(c.args ?? [])].map((a) => expand(a, env));
      prepared.push({ c, rootfs, argv, env, uid, gid, mountProc: image.mountProc === true });
    }

    for (const api of this.options.apiServers) {
      const r = relay(`${pod.metadata.name}/api-${api.port}`, join(dir, `relay-api-${api.port}.log`),
        { tcpListen: api.port, bind: '127.0.0.1' }, { unix: api.socket }, sandbox.name);
      r.start();
      running.addRelay(r);
    }
    for (const c of containers) {
      for (const p of c.ports ?? []) {
        const r = relay(`${pod.metadata.name}/port-${p.containerPort}`, join(dir, `relay-port-${p.containerPort}.log`),
          { unixListen: running.portSocket(p.containerPort) }, { tcp: p.containerPort, host: '127.0.0.1' }, sandbox.name);
        r.start();
        running.addRelay(r);
        await waitForSocket(running.portSocket(p.containerPort), 10_000, () => r.running);
      }
    }
    for (const { c, rootfs, argv, env, uid, gid, mountProc } of prepared) {
      const log = join(this.options.logDir, `${pod.metadata.namespace}.${pod.metadata.name}.${c.name}.log`);
      // Changing to the container's user clears the parent-death signal, so the container runs
      // below a root init in its own PID namespace: when the harness dies, the init dies
      // (kill-child), and with it, by the kernel's rule, everything in the namespace.
      // With a proc mount the container also gets its own mount namespace, so the mount goes
      // away with it.
      const proc = new ManagedProcess(`${pod.metadata.namespace}/${pod.metadata.name}/${c.name}`, systemTool('unshare'), [
        '--pid', '--fork', '--kill-child=SIGKILL', ...(mountProc ? [`--mount-proc=${join(rootfs, 'proc')}`] : []), '--', '/bin/sh', '-c', '"$@" & child=$!; wait $child; exit $?', 'pod-init',
        systemTool('ip'), 'netns', 'exec', sandbox.name, systemTool('chroot'), `--userspec=${uid}:${gid}`, rootfs, ...argv,
      ], log, { env, processGroup: true });
      proc.start();
      running.containers.set(c.name, { proc, restarts: 0, ready: false, startedAt: new Date().toISOString() });
    }
  }
}

export { PodNotReadyToStart };
