import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CassandraSimulator, type CassandraSimulatorOptions, type NodeSpec } from '../../../lib/testing';

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface Reply {
  status: number;
  body: string;
  json: () => any;
}

/** Pod options; everything but the IP has a default. */
export type PodOptions = Partial<Omit<NodeSpec, 'seeds'>> & { seeds?: string[] };

/**
 * Gives each simulated pod its own Unix-socket listener, as the real harness does, and calls
 * the management API over it the way cass-operator's Go client does (one connection per call).
 */
export class SimHarness {
  readonly clock = new ManualClock();
  readonly sim: CassandraSimulator;
  /** Seed IPs each pod resolves; tests edit them to model seed Service changes. */
  readonly seeds = new Map<string, string[]>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'cass-sim-'));
  private readonly servers = new Map<string, { server: Server; path: string }>();
  private counter = 0;

  constructor(opts: Omit<CassandraSimulatorOptions, 'clock'> = {}) {
    this.sim = new CassandraSimulator({ ...opts, clock: this.clock });
  }

  async addPod(ip: string, opts: PodOptions = {}): Promise<void> {
    this.seeds.set(ip, opts.seeds ?? [ip]);
    const podName = opts.podName ?? `pod-${ip.replace(/\./g, '-')}`;
    this.sim.addNode({
      podName,
      namespace: opts.namespace ?? 'ns',
      plane: opts.plane ?? 'plane-a',
      ip,
      clusterName: opts.clusterName ?? 'demo',
      datacenter: opts.datacenter ?? 'dc1',
      rack: opts.rack ?? 'r1',
      serverType: opts.serverType ?? 'cassandra',
      serverVersion: opts.serverVersion ?? '4.1.5',
      seeds: () => this.seeds.get(ip) ?? [],
      numTokens: opts.numTokens,
      cassandraVersion: opts.cassandraVersion,
      systemReplication: opts.systemReplication,
      freshVolume: opts.freshVolume,
    });
    await this.listen(ip);
  }

  async listen(ip: string): Promise<void> {
    const path = join(this.dir, `${this.counter++}.sock`);
    const server = this.sim.serverFor(ip);
    await new Promise<void>((resolve) => server.listen(path, resolve));
    this.servers.set(ip, { server, path });
  }

  async unlisten(ip: string): Promise<void> {
    const entry = this.servers.get(ip);
    if (!entry) return;
    this.servers.delete(ip);
    await new Promise<void>((resolve) => entry.server.close(() => resolve()));
  }

  async kill(ip: string): Promise<void> {
    await this.unlisten(ip);
    this.sim.killNode(ip);
  }

  async revive(ip: string): Promise<void> {
    this.sim.reviveNode(ip);
    await this.listen(ip);
  }

  async remove(ip: string): Promise<void> {
    await this.unlisten(ip);
    this.sim.removeNode(ip);
  }

  call(ip: string, method: string, path: string, body?: unknown): Promise<Reply> {
    const entry = this.servers.get(ip);
    if (!entry) throw new Error(`no listener for ${ip}`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          socketPath: entry.path,
          method,
          path,
          headers: {
            Connection: 'close',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) });
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  get(ip: string, path: string): Promise<Reply> {
    return this.call(ip, 'GET', path);
  }

  post(ip: string, path: string, body?: unknown): Promise<Reply> {
    return this.call(ip, 'POST', path, body);
  }

  /** `POST lifecycle/start` and expect the process to be launched. */
  async start(ip: string): Promise<void> {
    const res = await this.post(ip, '/api/v0/lifecycle/start');
    if (res.status !== 201) throw new Error(`start of ${ip} answered ${res.status}: ${res.body}`);
  }

  /** Endpoint states as cass-operator decodes them. */
  async endpoints(ip: string): Promise<Array<Record<string, string>>> {
    const res = await this.get(ip, '/api/v0/metadata/endpoints');
    if (res.status !== 200) throw new Error(`endpoints of ${ip} answered ${res.status}: ${res.body}`);
    return res.json().entity;
  }

  /** Waits for a job the way cass-operator polls it, advancing the clock between polls. */
  async job(ip: string, id: string): Promise<Record<string, string>> {
    const res = await this.get(ip, `/api/v0/ops/executor/job?job_id=${id}`);
    return res.status === 404 ? {} : res.json();
  }

  async close(): Promise<void> {
    for (const ip of [...this.servers.keys()]) await this.unlisten(ip);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** cass-operator's reading of an endpoint's address (NATIVE_ADDRESS_AND_PORT, then DSE's, then RPC_ADDRESS). */
export function rpcAddress(ep: Record<string, string>): string {
  if (ep.NATIVE_ADDRESS_AND_PORT) return ep.NATIVE_ADDRESS_AND_PORT.replace(/:\d+$/, '');
  return ep.NATIVE_TRANSPORT_ADDRESS ?? ep.RPC_ADDRESS ?? '';
}

/** The replication settings body both operators send. */
export function replicationBody(keyspace: string, dcs: Record<string, number | string>): unknown {
  return {
    keyspace_name: keyspace,
    replication_settings: Object.entries(dcs).map(([dc_name, replication_factor]) => ({ dc_name, replication_factor })),
  };
}
