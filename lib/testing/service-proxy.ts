import { readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { corePath, type KubeApi, type Obj } from './node/kube-api';
import type { NodeStandIn } from './node/node-stand-in';
import type { ManagedProcess } from './process';
import { relay } from './relay';

/** Whether something accepts connections on a loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Exposed {
  readonly plane: string;
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
  readonly hostPort: number;
  readonly link: string;
  readonly relay: ManagedProcess;
  backend?: string;
}

/** A plane as the proxy needs it. */
export interface ProxiedPlane {
  readonly api: KubeApi;
  readonly node: NodeStandIn;
}

/**
 * kube-proxy's role for the Services the API server itself calls (admission webhooks): a
 * loopback port per Service port, relayed to a Unix socket that is a symlink to a ready backing
 * pod's port. The link is re-pointed when backends change; with no ready backend it dangles
 * and connections are refused, as with a Service without endpoints.
 */
export class ServiceProxy {
  private readonly exposed: Exposed[] = [];
  private previousPass: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string, private readonly logDir: string) {}

  /** The loopback port already serving `namespace/name:port` on `plane`, if any. */
  portOf(plane: string, namespace: string, name: string, port: number): number | undefined {
    return this.exposed.find((e) => e.plane === plane && e.namespace === namespace && e.name === name && e.port === port)?.hostPort;
  }

  /**
   * Starts serving a Service port on `hostPort`. Resolves false when the port was taken in the
   * meantime (a free port is only free until someone binds it): pick another and try again.
   */
  async expose(plane: string, namespace: string, name: string, port: number, hostPort: number): Promise<boolean> {
    if (this.portOf(plane, namespace, name, port) !== undefined) return true;
    // Socket paths are limited to 107 bytes: a counter and the port, not the service's name.
    const link = join(this.dir, `${this.exposed.length}-${hostPort}.sock`);
    const r = relay(`service ${plane}/${namespace}/${name}:${port}`, join(this.logDir, `service-${plane}.${namespace}.${name}.${port}.log`),
      { tcpListen: hostPort, bind: '127.0.0.1' }, { unix: link });
    r.start();
    const deadline = Date.now() + 5_000;
    while (r.running && !(await listening(hostPort)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!r.running || !(await listening(hostPort))) {
      await r.stop(1_000);
      return false;
    }
    this.exposed.push({ plane, namespace, name, port, hostPort, link, relay: r });
    return true;
  }

  /**
   * Re-points every exposed Service at a ready pod that its selector matches. Passes run one
   * at a time, so a pass started after a change (a pod marked for deletion) is never undone
   * by an older pass that read the pods before it.
   */
  update(planes: Record<string, ProxiedPlane>): Promise<void> {
    const pass = this.previousPass.then(() => this.pass(planes));
    this.previousPass = pass.catch(() => undefined);
    return pass;
  }

  private async pass(planes: Record<string, ProxiedPlane>): Promise<void> {
    for (const e of this.exposed) {
      const p = planes[e.plane];
      if (!p) continue;
      // Stay with a backend while it is ready: connections move only when it goes away.
      const candidates = await this.backendsOf(p, e);
      const backend = e.backend !== undefined && candidates.includes(e.backend) ? e.backend : candidates[0];
      if (backend === e.backend) continue;
      const tmp = `${e.link}.tmp`;
      rmSync(tmp, { force: true });
      if (backend) {
        symlinkSync(backend, tmp);
        renameSync(tmp, e.link);
      } else {
        rmSync(e.link, { force: true });
      }
      e.backend = backend;
    }
  }

  /** Where each exposed Service points now (for tests and diagnostics). */
  links(): Array<{ service: string; hostPort: number; backend: string | undefined }> {
    return this.exposed.map((e) => {
      let backend: string | undefined;
      try {
        backend = readlinkSync(e.link);
      } catch {
        backend = undefined;
      }
      return { service: `${e.plane}/${e.namespace}/${e.name}:${e.port}`, hostPort: e.hostPort, backend };
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.exposed.map((e) => e.relay.stop(1_000)));
    for (const e of this.exposed) rmSync(e.link, { force: true });
    this.exposed.length = 0;
  }

  /** The sockets of the ready, not terminating pods behind the Service port, by pod name. */
  private async backendsOf(p: ProxiedPlane, e: Exposed): Promise<string[]> {
    const svc = await p.api.get(corePath('services', e.namespace, e.name)).catch(() => undefined);
    const selector = svc?.spec?.selector as Record<string, string> | undefined;
    if (!svc || !selector) return [];
    const servicePort = (svc.spec.ports as Array<{ port: number; targetPort?: number | string }>).find((sp) => sp.port === e.port);
    if (!servicePort) return [];
    const backends: string[] = [];
    const pods = await p.api.list(corePath('pods', e.namespace), {
      labelSelector: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(','),
    }).catch(() => [] as Obj[]);
    for (const pod of pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
      if (pod.metadata.deletionTimestamp) continue;
      const ready = (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
      const running = p.node.runningPod(e.namespace, pod.metadata.name);
      if (!ready || !running?.portSocket) continue;
      const target = servicePort.targetPort ?? e.port;
      const port = typeof target === 'number'
        ? target
        : ((pod.spec.containers ?? []) as Array<{ ports?: Array<{ name?: string; containerPort: number }> }>)
          .flatMap((c) => c.ports ?? []).find((cp) => cp.name === target)?.containerPort;
      if (port !== undefined) backends.push(running.portSocket(port));
    }
    return backends;
  }
}
