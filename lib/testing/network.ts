import { randomBytes } from 'node:crypto';
import { ip } from './ip-command';
import { processAlive } from './process';

/** Prefix of every network namespace the harness creates; the owner's pid follows it. */
export const NETNS_PREFIX = 'mcc-';

// Pod addresses come from the benchmarking range (RFC 2544): the API server accepts them in
// Endpoints (it refuses loopback), and they exist only inside namespaces made here.
const POD_NET = [198, 18];
const SANDBOX_NET = [198, 19];
const HUB_ADDRESS = `${SANDBOX_NET.join('.')}.255.254`;

/** Network namespaces whose owning test process is gone (killed runs cannot clean up). */
export async function orphanedNamespaces(): Promise<string[]> {
  const names = (await listNamespaces()).filter((n) => n.startsWith(NETNS_PREFIX));
  return names.filter((n) => {
    const owner = Number(n.slice(NETNS_PREFIX.length).split('-')[0]);
    return Number.isInteger(owner) && owner > 0 && !processAlive(owner);
  });
}

/** Names of all network namespaces (`ip netns list`). */
export async function listNamespaces(): Promise<string[]> {
  const out = await ip('netns', 'list');
  return out.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter((n) => n);
}

/** One network namespace an operator process runs in, with a route to the pod addresses. */
export interface Sandbox {
  /** `ip netns` name. */
  readonly name: string;
  /** The sandbox's own address on the harness network. */
  readonly address: string;
}

/**
 * The harness's private network: a hub namespace that holds every simulated pod address and a
 * bridge, and one sandbox namespace per operator process (each operator binds port 9443, so two
 * cannot share one namespace). Nothing is added to the host's own namespace.
 */
export class PodNetwork {
  /** Creates the hub namespace and its bridge, after removing namespaces of dead test runs. */
  static async create(): Promise<PodNetwork> {
    if (process.getuid?.() !== 0) throw new Error('the pod network needs root (ip netns, veth)');
    for (const orphan of await orphanedNamespaces()) await ip('netns', 'delete', orphan).catch(() => undefined);
    const id = randomBytes(2).toString('hex');
    const net = new PodNetwork(`${NETNS_PREFIX}${process.pid}-${id}-hub`, id);
    await ip('netns', 'add', net.hub);
    try {
      await ip('-n', net.hub, 'link', 'set', 'lo', 'up');
      await ip('-n', net.hub, 'link', 'add', 'br0', 'type', 'bridge');
      await ip('-n', net.hub, 'addr', 'add', `${HUB_ADDRESS}/16`, 'dev', 'br0');
      await ip('-n', net.hub, 'link', 'set', 'br0', 'up');
    } catch (err) {
      await ip('netns', 'delete', net.hub).catch(() => undefined);
      throw err;
    }
    return net;
  }

  private nextSandbox = 1;
  private nextPod = 10;
  private readonly sandboxes: string[] = [];
  private destroyed = false;

  private constructor(
    /** Hub namespace name: simulated pod addresses live here. */
    readonly hub: string,
    private readonly id: string,
  ) {}

  /** A new sandbox namespace with loopback up and a veth into the hub's bridge. */
  async addSandbox(label: string): Promise<Sandbox> {
    this.assertLive();
    const n = this.nextSandbox++;
    if (n > 250 * 250) throw new Error('pod network: out of sandbox addresses');
    const name = `${NETNS_PREFIX}${process.pid}-${this.id}-${n}-${label}`.slice(0, 60);
    const address = `${SANDBOX_NET.join('.')}.${Math.floor(n / 250)}.${n % 250}`;
    const inner = `s${this.id}${n}`.slice(0, 15);
    const outer = `h${this.id}${n}`.slice(0, 15);
    await ip('netns', 'add', name);
    this.sandboxes.push(name);
    await ip('-n', name, 'link', 'set', 'lo', 'up');
    await ip('-n', name, 'link', 'add', inner, 'type', 'veth', 'peer', 'name', outer, 'netns', this.hub);
    await ip('-n', name, 'addr', 'add', `${address}/16`, 'dev', inner);
    await ip('-n', name, 'link', 'set', inner, 'up');
    await ip('-n', name, 'route', 'add', `${POD_NET.join('.')}.0.0/16`, 'via', HUB_ADDRESS);
    await ip('-n', this.hub, 'link', 'set', outer, 'master', 'br0');
    await ip('-n', this.hub, 'link', 'set', outer, 'up');
    return { name, address };
  }

  /** Deletes a sandbox namespace (its veth goes with it). */
  async removeSandbox(sandbox: Sandbox): Promise<void> {
    const i = this.sandboxes.indexOf(sandbox.name);
    if (i < 0) return;
    this.sandboxes.splice(i, 1);
    await ip('netns', 'delete', sandbox.name).catch(() => undefined);
  }

  /** Allocates a pod address and adds it to the hub, where the pod's listeners bind. */
  async addPodAddress(): Promise<string> {
    this.assertLive();
    const n = this.nextPod++;
    const address = `${POD_NET.join('.')}.${Math.floor(n / 250)}.${n % 250}`;
    await ip('-n', this.hub, 'addr', 'add', `${address}/32`, 'dev', 'lo');
    return address;
  }

  /** Removes a pod address: connections to it then fail like to a deleted pod. */
  async removePodAddress(address: string): Promise<void> {
    if (this.destroyed) return;
    await ip('-n', this.hub, 'addr', 'del', `${address}/32`, 'dev', 'lo').catch(() => undefined);
  }

  /** Every namespace this network created and still holds. */
  get namespaces(): readonly string[] {
    return [this.hub, ...this.sandboxes];
  }

  /** Deletes every namespace. Processes inside must be stopped first. Idempotent. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const name of [...this.sandboxes, this.hub]) await ip('netns', 'delete', name).catch(() => undefined);
    this.sandboxes.length = 0;
  }

  private assertLive(): void {
    if (this.destroyed) throw new Error('pod network already destroyed');
  }
}
