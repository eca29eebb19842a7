import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { CallLog, type CallRecord } from './call-log';
import { Cluster, type SimulatorLogger } from './cluster';
import type { JobInfo, JobType } from './jobs';
import { type ApiResponse, route } from './management-api';
import { type Clock, type NodeInfo, type NodeSpec, type NodeState, type Ring, statusOf } from './model';
import type { RoleInfo } from './roles';
import { type Replication, replicationToJson } from './schema';

/** Thrown by {@link CassandraSimulator.request} for an IP with no reachable management API. */
export class ConnectionRefused extends Error {
  constructor(readonly ip: string) {
    super(`connection refused: no management API listening at ${ip}`);
    this.name = 'ConnectionRefused';
  }
}

/** Options of {@link CassandraSimulator}. */
export interface CassandraSimulatorOptions {
  /**
   * Time source for start-up delays, job durations and call timestamps.
   * @default the system clock (`Date.now`)
   */
  readonly clock?: Clock;
  /**
   * Receives gossip merges, failed starts and unknown calls.
   * @default no logging
   */
  readonly log?: SimulatorLogger;
  /**
   * Seed of the generator for host ids, tokens and job ids.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Simulated time between `lifecycle/start` and the node joining (or giving up on its seeds).
   * @default 0 (settled on the start call itself)
   */
  readonly startupMs?: number;
  /**
   * Simulated duration of each job type; a job reports WAITING until it has passed.
   * @default 0 for every type (done at the next poll)
   */
  readonly jobDurationsMs?: Partial<Record<JobType, number>>;
  /**
   * Cassandra's `cassandra.ring_delay_ms`. A decommission spends it twice while the node is
   * LEAVING (settling pending ranges, then announcing that it left), so a decommissioning node
   * stays up and serving for that long, as in Cassandra; `jobDurationsMs.decommission`
   * overrides the total.
   * @default 0 (a decommission finishes at the next poll)
   */
  readonly ringDelayMs?: number;
}

/** A ring as seen from outside: which nodes gossip together. */
export interface RingInfo {
  /** Ring id, unique per simulator. */
  readonly id: number;
  /** `cluster_name` shared by the members. */
  readonly clusterName: string;
  /** IPs of members (live or down), sorted. */
  readonly members: readonly string[];
  /** Datacenters owning tokens, sorted. */
  readonly datacenters: readonly string[];
  /** Current schema version. */
  readonly schemaVersion: string;
  /** `keyspace.table` names created apart in rings that later merged; schema never agrees then. */
  readonly schemaConflicts: readonly string[];
}

/** A keyspace as seen from outside. */
export interface KeyspaceInfo {
  /** Keyspace name. */
  readonly name: string;
  /** Ring whose schema holds it. */
  readonly ringId: number;
  /** Replication as modelled. */
  readonly replication: Replication;
  /** The map `ops/keyspace/replication` returns. */
  readonly replicationMap: Readonly<Record<string, string>>;
  /** Table names, sorted. */
  readonly tables: readonly string[];
}

/** Response of {@link CassandraSimulator.request}. */
export interface SimulatorResponse {
  /** HTTP status. */
  readonly status: number;
  /** `Content-Type` of the body. */
  readonly contentType: string;
  /** Body text. */
  readonly body: string;
}

/**
 * Stands in for the Cassandra process behind each pod's management API. The harness tells it
 * about pods ({@link addNode}, {@link removeNode}, {@link killNode}) and routes each pod's HTTP
 * traffic to {@link handle} or a {@link serverFor} server; the simulator answers as the
 * management API would, enforcing Cassandra's membership, schema, auth and streaming rules.
 */
export class CassandraSimulator {
  /** Every request served, in order. */
  readonly calls = new CallLog();
  private readonly cluster: Cluster;
  private readonly clock: Clock;
  private readonly log: SimulatorLogger | undefined;

  constructor(opts: CassandraSimulatorOptions = {}) {
    this.clock = opts.clock ?? { now: () => Date.now() };
    this.log = opts.log;
    this.cluster = new Cluster({
      clock: this.clock,
      log: opts.log,
      seed: opts.seed ?? 1,
      startupMs: opts.startupMs ?? 0,
      jobDurationsMs: { decommission: 2 * (opts.ringDelayMs ?? 0), ...opts.jobDurationsMs },
    });
  }

  /**
   * Registers a pod whose management API is now up (Cassandra not started). A pod with the same
   * name, namespace and plane as an earlier one reuses that node's data volume unless
   * `freshVolume` is set. Throws when the IP is taken.
   */
  addNode(spec: NodeSpec): NodeInfo {
    return this.info(this.cluster.addNode(spec));
  }

  /** The pod is gone; a node that had joined stays in its ring as DOWN, as in Cassandra. */
  removeNode(ip: string): void {
    this.cluster.removeNode(ip);
  }

  /** The pod's processes die (the harness closes its listener); peers see the node DOWN. */
  killNode(ip: string): void {
    this.cluster.killNode(ip);
  }

  /** The pod's container restarted: the management API is back, Cassandra awaits `lifecycle/start`. */
  reviveNode(ip: string): void {
    this.cluster.reviveNode(ip);
  }

  /**
   * Makes the next `lifecycle/start` on the node fail to launch Cassandra: the management API
   * answers 420 (cass-operator then deletes the pod and records a failed start).
   */
  failNextStart(ip: string, message = 'simulated launch failure'): void {
    this.cluster.failNextLaunch(this.cluster.mustGet(ip), message);
  }

  /** Snapshot of the node at `ip`, if any. */
  node(ip: string): NodeInfo | undefined {
    this.cluster.sync();
    const n = this.cluster.get(ip);
    return n ? this.info(n) : undefined;
  }

  /** Snapshots of all known nodes, including removed pods whose volume is kept. */
  nodes(): NodeInfo[] {
    this.cluster.sync();
    return this.cluster.allNodes().map((n) => this.info(n));
  }

  /** Current rings; one cluster name may have several, which is the split-brain to detect. */
  rings(): RingInfo[] {
    return this.cluster.rings().map((r) => this.ringInfo(r));
  }

  /** The ring the node at `ip` belongs to. */
  ringOf(ip: string): RingInfo | undefined {
    this.cluster.sync();
    const ring = this.cluster.get(ip)?.ring;
    return ring ? this.ringInfo(ring) : undefined;
  }

  /**
   * A keyspace of the ring of the node at `ip`, or, without `ip`, of the only ring defining it.
   * Throws when several rings define it and no `ip` says which.
   */
  keyspace(name: string, ip?: string): KeyspaceInfo | undefined {
    const rings = this.ringsFor(ip).filter((r) => r.keyspaces.has(name));
    if (rings.length > 1) throw new Error(`keyspace ${name} exists in rings ${rings.map((r) => r.id).join(', ')}; pass an ip`);
    const ring = rings[0];
    const ks = ring?.keyspaces.get(name);
    if (!ring || !ks) return undefined;
    return {
      name,
      ringId: ring.id,
      replication: ks.replication,
      replicationMap: replicationToJson(ks.replication),
      tables: [...ks.tables.keys()].sort(),
    };
  }

  /** Roles of the ring of the node at `ip`, or of all rings. */
  roles(ip?: string): RoleInfo[] {
    return this.ringsFor(ip).flatMap((ring) =>
      [...ring.roles.values()].map((r) => ({
        name: r.name,
        superuser: r.superuser,
        login: r.login,
        creates: r.creates,
        updates: r.updates,
        ringId: ring.id,
      })),
    );
  }

  /** Jobs in the executors of running nodes (all, or those of the node at `ip`). */
  jobs(ip?: string): JobInfo[] {
    this.cluster.sync();
    const nodes = ip ? [this.cluster.get(ip)].filter((n): n is NodeState => n !== undefined) : this.cluster.allNodes();
    return nodes.flatMap((n) =>
      [...n.jobs.values()].map((j) => ({
        id: j.id,
        type: j.type,
        status: j.status,
        submitTime: j.submitTime,
        endTime: j.endTime,
        error: j.error,
        ip: n.ip,
      })),
    );
  }

  /** Calls whose path starts with `pathPrefix`, optionally filtered by method or pod IP. */
  callsTo(pathPrefix: string, opts: { method?: string; ip?: string } = {}): CallRecord[] {
    return this.calls.to(pathPrefix, opts);
  }

  /**
   * Serves one management API request in process. `pathAndQuery` is the request target as the
   * Go client sends it (`/api/v0/probes/cluster?consistency_level=LOCAL_QUORUM&rf_per_dc=1`).
   * Throws when no reachable node has this IP (a real client would see the connection refused).
   */
  request(ip: string, method: string, pathAndQuery: string, body?: string): SimulatorResponse {
    const node = this.cluster.get(ip);
    if (!node || !node.processUp) throw new ConnectionRefused(ip);
    const url = new URL(pathAndQuery, 'http://simulated');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    let parsed: unknown;
    let res: ApiResponse;
    try {
      parsed = body && body.trim() !== '' ? JSON.parse(body) : undefined;
      res = route(this.cluster, node, { method: method.toUpperCase(), path: url.pathname, query, body: parsed });
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      res = { status: 400, contentType: 'text/plain', body: `Invalid JSON body: ${err.message}` };
    }
    this.calls.add({
      time: this.clock.now(),
      ip,
      method: method.toUpperCase(),
      path: url.pathname,
      query,
      body: parsed,
      status: res.status,
      response: res.body,
    });
    if (res.status === 404 || res.status === 405) this.log?.warn({ ip, method, path: url.pathname }, 'unmodelled management API call');
    return res;
  }

  /**
   * node:http handler for the pod at `ip`. A request to a pod whose processes are down gets its
   * connection reset, like a refused connection.
   */
  handle(ip: string, req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let out: SimulatorResponse;
      try {
        out = this.request(ip, req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        if (err instanceof ConnectionRefused) {
          this.log?.warn({ ip }, 'management API unreachable');
          req.socket.destroy();
          return;
        }
        // A simulator bug: answer loudly rather than hang the operator's call.
        this.log?.warn({ ip, err: String(err) }, 'simulator failure');
        out = { status: 500, contentType: 'text/plain', body: `simulator failure: ${String(err)}` };
      }
      res.writeHead(out.status, { 'Content-Type': out.contentType, 'Content-Length': Buffer.byteLength(out.body) });
      res.end(out.body);
    });
  }

  /** A fresh HTTP server answering as the pod at `ip`; the caller chooses what it listens on. */
  serverFor(ip: string): Server {
    return createServer((req, res) => this.handle(ip, req, res));
  }

  private ringsFor(ip: string | undefined): Ring[] {
    if (ip === undefined) return this.cluster.rings();
    this.cluster.sync();
    const ring = this.cluster.get(ip)?.ring;
    return ring ? [ring] : [];
  }

  private ringInfo(r: Ring): RingInfo {
    const dcs = new Set<string>();
    for (const m of r.members) dcs.add(m.spec.datacenter);
    return {
      id: r.id,
      clusterName: r.clusterName,
      members: [...r.members].map((m) => m.ip).sort(),
      datacenters: [...dcs].sort(),
      schemaVersion: r.schemaVersion,
      schemaConflicts: [...r.schemaConflicts].sort(),
    };
  }

  private info(n: NodeState): NodeInfo {
    const hasData: Record<string, boolean> = {};
    if (n.ring) {
      for (const ks of n.ring.keyspaces.values()) {
        if (this.cluster.isReplica(n, ks)) hasData[ks.name] = n.hasData.get(ks.name) === true;
      }
    }
    return {
      podName: n.spec.podName,
      namespace: n.spec.namespace,
      plane: n.spec.plane,
      ip: n.ip,
      clusterName: n.spec.clusterName,
      datacenter: n.spec.datacenter,
      rack: n.spec.rack,
      serverType: n.spec.serverType,
      serverVersion: n.spec.serverVersion,
      hostId: n.hostId,
      tokens: n.tokens.map(String),
      status: statusOf(n),
      processUp: n.processUp,
      ringId: n.ring?.id,
      resolvedSeeds: [...n.resolvedSeeds],
      hasData,
      rebuiltFrom: [...n.rebuiltFrom],
      failureReason: n.failureReason,
      fullQueryLogging: n.fullQueryLogging,
    };
  }
}
