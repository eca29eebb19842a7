import { readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { corePath, type KubeApi, type Obj } from './node/kube-api';
import type { NodeStandIn } from './node/node-stand-in';
import type { ManagedProcess } from './process';
import { relay } from './relay';
import { ServiceAddresses } from './service-addresses';

/** Whether something accepts connections on `address:port`. */
function listening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, address);
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
  readonly clusterIP: string;
  readonly link: string;
  readonly relay: ManagedProcess;
  backend?: string;
}

/** A plane as the proxy needs it. */
export interface ProxiedPlane {
  readonly api: KubeApi;
  readonly node: NodeStandIn;
}

interface ServicePort {
  readonly port: number;
  readonly protocol?: string;
}

/**
 * kube-proxy's role for the Services the API server itself calls (admission webhooks): every
 * TCP port of every Service with a ClusterIP is served on that ClusterIP (made local by
 * {@link ServiceAddresses}) and relayed to a Unix socket that is a symlink to a ready backing
 * pod's port. The link is re-pointed when backends change; with no ready backend it dangles
 * and connections are refused, as with a Service without endpoints.
 */
export class ServiceProxy {
  private readonly exposed: Exposed[] = [];
  private readonly addresses = new ServiceAddresses();
  private previousPass: Promise<void> = Promise.resolve();
  private nextLink = 0;
  private stopped = false;

  constructor(private readonly dir: string, private readonly logDir: string) {}

  /**
   * Re-points every exposed Service at a ready pod that its selector matches. Passes run one
   * at a time, so a pass started after a change (a pod marked for deletion) is never undone
   * by an older pass that read the pods before it.
   */
  update(planes: Record<string, ProxiedPlane>): Promise<void> {
    const pass = this.previousPass.then(() => (this.stopped ? undefined : this.pass(planes)));
    this.previousPass = pass.catch(() => undefined);
    return pass;
  }

  private async pass(planes: Record<string, ProxiedPlane>): Promise<void> {
    for (const [name, p] of Object.entries(planes)) await this.discover(name, p);
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

  /**
   * Serves every ClusterIP Service port of a plane that is not served yet, and stops serving
   * ports whose Service is gone or has another ClusterIP now. A failed list (the API server is
   * down) changes nothing: the Services are still there when it comes back.
   */
  private async discover(plane: string, p: ProxiedPlane): Promise<void> {
    let services: Obj[];
    try {
      services = await p.api.list(corePath('services'));
    } catch {
      return;
    }
    const wanted = new Map<string, { namespace: string; name: string; port: number; clusterIP: string }>();
    for (const svc of services) {
      const clusterIP = svc.spec?.clusterIP as string | undefined;
      // `kubernetes` is the API server itself, which resolves it to its own loopback address.
      const { namespace, name } = svc.metadata as { namespace: string; name: string };
      if (!clusterIP || clusterIP === 'None' || (namespace === 'default' && name === 'kubernetes')) continue;
      for (const sp of (svc.spec.ports ?? []) as ServicePort[]) {
        if ((sp.protocol ?? 'TCP') !== 'TCP') continue;
        wanted.set(`${namespace}/${name}:${sp.port}@${clusterIP}`, { namespace, name, port: sp.port, clusterIP });
      }
    }
    const keyOf = (e: Exposed) => `${e.namespace}/${e.name}:${e.port}@${e.clusterIP}`;
    for (const e of this.exposed.filter((x) => x.plane === plane && !wanted.has(keyOf(x)))) await this.unexpose(e);
    const have = new Set(this.exposed.filter((x) => x.plane === plane).map(keyOf));
    for (const [key, w] of wanted) if (!have.has(key)) await this.expose(plane, w.namespace, w.name, w.port, w.clusterIP);
  }

  private async expose(plane: string, namespace: string, name: string, port: number, clusterIP: string): Promise<void> {
    await this.addresses.add(clusterIP);
    // Socket paths are limited to 107 bytes: a counter and the port, not the service's name.
    const link = join(this.dir, `${this.nextLink++}-${port}.sock`);
    const r = relay(`service ${plane}/${namespace}/${name}:${port}`, join(this.logDir, `service-${plane}.${namespace}.${name}.${port}.log`),
      { tcpListen: port, bind: clusterIP }, { unix: link });
    r.start();
    const deadline = Date.now() + 5_000;
    while (r.running && !(await listening(clusterIP, port)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!r.running || !(await listening(clusterIP, port))) {
      await r.stop(1_000);
      throw new Error(`the proxy for Service ${plane}/${namespace}/${name}:${port} could not listen on ${clusterIP}:${port} (log: ${this.logDir})`);
    }
    this.exposed.push({ plane, namespace, name, port, clusterIP, link, relay: r });
  }

  private async unexpose(e: Exposed): Promise<void> {
    this.exposed.splice(this.exposed.indexOf(e), 1);
    await e.relay.stop(1_000);
    rmSync(e.link, { force: true });
    if (!this.exposed.some((x) => x.clusterIP === e.clusterIP)) await this.addresses.remove(e.clusterIP);
  }

  /** Where each exposed Service points now (for tests and diagnostics). */
  links(): Array<{ service: string; clusterIP: string; backend: string | undefined }> {
    return this.exposed.map((e) => {
      let backend: string | undefined;
      try {
        backend = readlinkSync(e.link);
      } catch {
        backend = undefined;
      }
      return { service: `${e.plane}/${e.namespace}/${e.name}:${e.port}`, clusterIP: e.clusterIP, backend };
    });
  }

  async stop(): Promise<void> {
    // A pass still running could serve a Service (and add its address) after the clean-up.
    this.stopped = true;
    await this.previousPass;
    await Promise.all(this.exposed.map((e) => e.relay.stop(1_000)));
    for (const e of this.exposed) rmSync(e.link, { force: true });
    this.exposed.length = 0;
    await this.addresses.removeAll();
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
