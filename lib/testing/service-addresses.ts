import { randomInt } from 'node:crypto';
import { ip } from './ip-command';
import { processAlive } from './process';

// Linux limits address labels to 15 characters and requires the device name as their prefix:
// `lo:mcc` and a pid (at most 7 digits) fit.
const LABEL_PREFIX = 'lo:mcc';

interface LoopbackAddress {
  readonly address: string;
  readonly label: string | undefined;
}

async function hostAddresses(): Promise<LoopbackAddress[]> {
  const out = await ip('-o', '-4', 'addr', 'show');
  return out.split('\n').flatMap((line) => {
    const m = /\binet (\d+\.\d+\.\d+\.\d+)\/\d+.*?(?:\s(lo:\S+))?\s*(?:\\|$)/.exec(line);
    return m ? [{ address: m[1], label: m[2] }] : [];
  });
}

const ownerOf = (label: string | undefined): number | undefined => {
  if (!label?.startsWith(LABEL_PREFIX)) return undefined;
  const pid = Number(label.slice(LABEL_PREFIX.length));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

/** Service addresses that killed test runs left on the host's loopback device. */
export async function orphanedServiceAddresses(): Promise<string[]> {
  return (await hostAddresses()).filter((a) => {
    const owner = ownerOf(a.label);
    return owner !== undefined && !processAlive(owner);
  }).map((a) => a.address);
}

/** Removes a loopback address; gone already is fine. */
export async function removeServiceAddress(address: string): Promise<void> {
  await ip('addr', 'del', `${address}/32`, 'dev', 'lo').catch(() => undefined);
}

/**
 * Service ClusterIPs made local to this machine, as kube-proxy makes them answer on a node:
 * each address is added to the loopback device (labelled with this process's id, so a later
 * run can remove what a killed one left), and the service proxy listens on it. kube-apiserver
 * calls a webhook's Service at its ClusterIP, so with these addresses the webhook
 * configurations stay exactly as synthesised.
 */
export class ServiceAddresses {
  /**
   * `count` distinct /24 ranges inside 10.128.0.0/9 that no address of this host falls in,
   * one per plane, so that the planes' ClusterIPs never collide with each other, with another
   * run's, or with the machine's own network.
   */
  static async freeRanges(count: number): Promise<string[]> {
    const taken = new Set((await hostAddresses()).map((a) => a.address.split('.').slice(0, 3).join('.')));
    const ranges: string[] = [];
    for (let attempt = 0; ranges.length < count; attempt++) {
      if (attempt > 1_000) throw new Error('no free /24 inside 10.128.0.0/9 for Service ClusterIPs');
      const prefix = `10.${128 + randomInt(128)}.${randomInt(256)}`;
      if (taken.has(prefix)) continue;
      taken.add(prefix);
      ranges.push(`${prefix}.0/24`);
    }
    return ranges;
  }

  private readonly added = new Set<string>();
  private readonly label = `${LABEL_PREFIX}${process.pid}`;

  /** Makes `address` local (idempotent). */
  async add(address: string): Promise<void> {
    if (this.added.has(address)) return;
    if (process.getuid?.() !== 0) throw new Error('Service addresses need root (ip addr add)');
    await ip('addr', 'add', `${address}/32`, 'dev', 'lo', 'label', this.label);
    this.added.add(address);
  }

  async remove(address: string): Promise<void> {
    if (!this.added.delete(address)) return;
    await removeServiceAddress(address);
  }

  /** Removes every address this instance added. Idempotent. */
  async removeAll(): Promise<void> {
    for (const a of [...this.added]) await this.remove(a);
  }
}
