import { isIP } from 'node:net';
import { type Job, type JobType, settleJob } from './jobs';
import {
  type Clock,
  type NodeSpec,
  type NodeState,
  type Ring,
  atLeast,
  cassandraVersionOf,
  isAlive,
  ownsTokens,
} from './model';
import { SeededRandom } from './random';
import { mergeRoles, roleWriteUnavailable, writeRole } from './roles';
import {
  type ConsistencyLevel,
  type Keyspace,
  type Replication,
  factors,
  initialSchema,
  isSystemKeyspace,
  probeConsistency,
  ringDatacenters,
  validateReplication,
} from './schema';

/** A failure Cassandra or the management API reports; `status` is the HTTP status it maps to. */
export class CassandraError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'CassandraError';
  }
}

/** Minimal structured logger (pino's `Logger` fits). */
export interface SimulatorLogger {
  /** Logs a routine event. */
  debug(obj: object, msg?: string): void;
  /** Logs something a test may want to look at. */
  warn(obj: object, msg?: string): void;
}

/** Tuning of the domain model. */
export interface ClusterOptions {
  readonly clock: Clock;
  readonly log: SimulatorLogger | undefined;
  readonly seed: number;
  readonly startupMs: number;
  readonly jobDurationsMs: Partial<Record<JobType, number>>;
}

/** Parameters of a job request, as the management API bodies and queries carry them. */
export interface JobParams {
  readonly keyspace?: string;
  readonly srcDc?: string;
  readonly force?: boolean;
  readonly newToken?: string;
}

const DEFAULT_NUM_TOKENS = 16;

/**
 * The Cassandra side of the simulation: nodes, rings, schema, roles and jobs, and the rules
 * that govern them. Time-driven transitions (start-up, jobs) settle lazily in {@link sync}.
 */
export class Cluster {
  private readonly random: SeededRandom;
  private readonly byVolume = new Map<string, NodeState>();
  private readonly byIp = new Map<string, NodeState>();
  /** Nodes whose volume was replaced by a fresh one but which still sit in a ring as DOWN. */
  private readonly retired = new Set<NodeState>();
  private readonly ringList: Ring[] = [];
  private nextRingId = 1;
  private readonly launchFailures = new Map<NodeState, string>();

  constructor(private readonly opts: ClusterOptions) {
    this.random = new SeededRandom(opts.seed);
  }

  now(): number {
    return this.opts.clock.now();
  }

  // ---- harness-facing node management ----

  addNode(spec: NodeSpec): NodeState {
    this.sync();
    if (isIP(spec.ip) === 0) throw new Error(`not an IP address: ${spec.ip}`);
    const volumeKey = `${spec.plane}/${spec.namespace}/${spec.podName}`;
    let node = this.byVolume.get(volumeKey);
    const holder = this.byIp.get(spec.ip);
    if (holder && holder !== node) throw new Error(`IP ${spec.ip} is already used by ${holder.spec.namespace}/${holder.spec.podName}`);
    if (node && node.processUp) throw new Error(`node ${volumeKey} is already running at ${node.ip}`);
    // The pod came back without removeNode (a restart): its old address is no longer its own.
    if (node && this.byIp.get(node.ip) === node) this.byIp.delete(node.ip);
    if (node && spec.freshVolume) {
      if (node.ring) this.retired.add(node);
      node = undefined;
    }
    if (node) {
      // Same PVC: Cassandra keeps its host id and tokens even when the pod IP changed.
      node.spec = spec;
      node.ip = spec.ip;
      node.processUp = true;
      node.running = false;
      node.drained = false;
    } else {
      node = {
        spec,
        volumeKey,
        ip: spec.ip,
        hostId: this.random.uuid(),
        tokens: [],
        phase: 'not-started',
        ring: undefined,
        processUp: true,
        running: false,
        drained: false,
        bootstrapped: false,
        decommissioned: false,
        startDueAt: undefined,
        replaceIp: undefined,
        resolvedSeeds: [],
        hasData: new Map(),
        rebuiltFrom: [],
        failureReason: undefined,
        fullQueryLogging: false,
        jobs: new Map(),
        startedAt: undefined,
        schemaOverride: undefined,
      };
      this.byVolume.set(volumeKey, node);
    }
    this.byIp.set(spec.ip, node);
    return node;
  }

  removeNode(ip: string): void {
    const n = this.mustGet(ip);
    this.processDown(n);
    this.byIp.delete(ip);
    this.sync();
  }

  killNode(ip: string): void {
    this.processDown(this.mustGet(ip));
    this.sync();
  }

  reviveNode(ip: string): void {
    const n = this.mustGet(ip);
    n.processUp = true;
    this.sync();
  }

  get(ip: string): NodeState | undefined {
    return this.byIp.get(ip);
  }

  mustGet(ip: string): NodeState {
    const n = this.byIp.get(ip);
    if (!n) throw new Error(`no simulated node at ${ip}`);
    return n;
  }

  allNodes(): NodeState[] {
    return [...this.byVolume.values(), ...this.retired];
  }

  rings(): Ring[] {
    this.sync();
    return [...this.ringList];
  }

  private processDown(n: NodeState): void {
    n.processUp = false;
    this.stopCassandra(n);
  }

  private stopCassandra(n: NodeState): void {
    n.running = false;
    n.drained = false;
    n.jobs.clear();
    n.startDueAt = undefined;
    // An interrupted start or decommission leaves the node as it was before.
    if (n.phase === 'starting') n.phase = n.bootstrapped && n.ring ? 'joined' : 'not-started';
    if (n.phase === 'leaving') n.phase = 'joined';
  }

  // ---- time-driven transitions ----

  /** Settles everything whose time has come: finished start-ups, due jobs, gossip between rings. */
  sync(): void {
    const now = this.now();
    for (const n of this.allNodes()) {
      if (n.phase === 'starting' && n.startDueAt !== undefined && now >= n.startDueAt) this.completeStart(n);
    }
    for (const n of this.allNodes()) for (const job of n.jobs.values()) settleJob(job, now);
    this.gossip();
    this.pruneRings();
  }

  /**
   * A running node keeps gossiping to its resolved seeds, reachable or not; when one of them is
   * a live member of another ring with the same cluster name, the two rings become one.
   */
  private gossip(): void {
    let merged = true;
    while (merged) {
      merged = false;
      for (const ring of this.ringList) {
        for (const m of ring.members) {
          if (!isAlive(m)) continue;
          for (const seedIp of m.resolvedSeeds) {
            const other = this.byIp.get(seedIp);
            if (other && isAlive(other) && other.ring && other.ring !== ring && other.ring.clusterName === ring.clusterName) {
              this.mergeRings(ring, other.ring);
              merged = true;
              break;
            }
          }
          if (merged) break;
        }
        if (merged) break;
      }
    }
  }

  private pruneRings(): void {
    for (let i = this.ringList.length - 1; i >= 0; i--) {
      if (this.ringList[i].members.size === 0) this.ringList.splice(i, 1);
    }
  }

  private mergeRings(into: Ring, from: Ring): void {
    this.opts.log?.debug({ into: into.id, from: from.id }, 'rings merge through gossip');
    for (const m of from.members) {
      m.ring = into;
      into.members.add(m);
    }
    let conflict = false;
    for (const [name, ks] of from.keyspaces) {
      const mine = into.keyspaces.get(name);
      if (!mine) {
        into.keyspaces.set(name, ks);
        continue;
      }
      for (const [table, id] of ks.tables) {
        const other = mine.tables.get(table);
        if (other !== undefined && other !== id) {
          into.schemaConflicts.add(`${name}.${table}`);
          conflict = true;
        }
      }
      const [winner, loser] = ks.updatedAt > mine.updatedAt ? [ks, mine] : [mine, ks];
      for (const [table, id] of loser.tables) if (!winner.tables.has(table)) winner.tables.set(table, id);
      into.keyspaces.set(name, winner);
    }
    for (const c of from.schemaConflicts) into.schemaConflicts.add(c);
    // Nodes that defined a clashing table keep rejecting the other definition.
    if (conflict) for (const m of from.members) m.schemaOverride ??= from.schemaVersion;
    from.members.clear();
    mergeRoles(into.roles, from.roles);
    into.schemaVersion = this.random.uuid();
    this.pruneRings();
  }

  // ---- lifecycle ----

  /** Makes the next launch of Cassandra on the node fail outright (the start script errors). */
  failNextLaunch(n: NodeState, message: string): void {
    this.launchFailures.set(n, message);
  }

  /** `POST lifecycle/start`; returns the HTTP status the management API answers with. */
  start(n: NodeState, replaceIp: string | undefined): number {
    if (replaceIp !== undefined && isIP(replaceIp) === 0) {
      throw new CassandraError(400, `Invalid replace IP passed: ${replaceIp}`);
    }
    if (n.running) return this.cqlUp(n) ? 202 : 204;
    const launchFailure = this.launchFailures.get(n);
    if (launchFailure !== undefined) {
      this.launchFailures.delete(n);
      n.failureReason = launchFailure;
      throw new CassandraError(420, `Error starting Cassandra: ${launchFailure}`);
    }
    n.running = true;
    n.drained = false;
    n.phase = 'starting';
    n.startedAt = this.now();
    n.startDueAt = this.now() + this.opts.startupMs;
    n.replaceIp = replaceIp;
    n.failureReason = undefined;
    this.sync();
    return 201;
  }

  private failStart(n: NodeState, reason: string): void {
    this.opts.log?.warn({ ip: n.ip, reason }, 'cassandra exited during start-up');
    n.running = false;
    n.startDueAt = undefined;
    // A member that fails to restart stays in its ring, seen DOWN by its peers.
    n.phase = n.bootstrapped && n.ring ? 'joined' : 'failed';
    n.failureReason = reason;
  }

  private completeStart(n: NodeState): void {
    n.startDueAt = undefined;
    if (n.decommissioned) {
      this.failStart(n, 'This node was decommissioned and will not rejoin the ring unless cassandra.override_decommission=true has been set, or all existing data is removed and the node is bootstrapped again');
      return;
    }
    const seeds = [...new Set(n.spec.seeds())];
    n.resolvedSeeds = seeds;
    // Configuration check at every start, restarts included.
    if (seeds.length === 0) {
      this.failStart(n, 'The seed provider lists no seeds.');
      return;
    }
    if (n.bootstrapped && n.ring) {
      if (n.replaceIp !== undefined) {
        this.failStart(n, 'Cannot replace address with a node that is already bootstrapped');
        return;
      }
      // A restarted member knows its ring from its system tables and rejoins it as it was.
      n.phase = 'joined';
      return;
    }
    const contacts = seeds
      .filter((ip) => ip !== n.ip)
      .map((ip) => this.byIp.get(ip))
      .filter((m): m is NodeState => m !== undefined && isAlive(m) && m.ring !== undefined && m.spec.clusterName === n.spec.clusterName);
    if (contacts.length > 0) {
      const ring = contacts[0].ring!;
      for (const c of contacts) if (c.ring && c.ring !== ring) this.mergeRings(ring, c.ring);
      if (n.replaceIp !== undefined) {
        this.replace(n, ring, n.replaceIp);
        return;
      }
      if ([...ring.members].some((m) => m.ip === n.ip && ownsTokens(m))) {
        this.failStart(n, `A node with address /${n.ip}:7000 already exists, cancelling join. Use cassandra.replace_address if you want to replace this node.`);
        return;
      }
      // Seeds never bootstrap: they join without streaming and hold no data until repaired or rebuilt.
      const bootstraps = !seeds.includes(n.ip);
      if (bootstraps && [...ring.members].some((m) => m.phase === 'leaving')) {
        this.failStart(n, 'Other bootstrapping/leaving/moving nodes detected, cannot bootstrap while cassandra.consistent.rangemovement is true');
        return;
      }
      this.join(n, ring, this.newTokens(n), bootstraps);
      return;
    }
    if (seeds.includes(n.ip)) {
      if (n.replaceIp !== undefined) {
        this.failStart(n, `Cannot replace_address /${n.replaceIp} because it doesn't exist in gossip`);
        return;
      }
      this.join(n, this.foundRing(n), this.newTokens(n));
      return;
    }
    this.failStart(n, 'Unable to gossip with any peers');
  }

  private newTokens(n: NodeState): bigint[] {
    const count = n.spec.numTokens ?? DEFAULT_NUM_TOKENS;
    const tokens: bigint[] = [];
    for (let i = 0; i < count; i++) tokens.push(this.random.token());
    return tokens;
  }

  private foundRing(founder: NodeState): Ring {
    const now = this.now();
    const ring: Ring = {
      id: this.nextRingId++,
      clusterName: founder.spec.clusterName,
      members: new Set(),
      keyspaces: initialSchema(founder.spec, now),
      roles: new Map(),
      schemaVersion: this.random.uuid(),
      schemaConflicts: new Set(),
    };
    // PasswordAuthenticator sets up the default superuser when system_auth has no roles.
    writeRole(ring, 'cassandra', { superuser: true, login: true, password: 'cassandra' }, now);
    this.ringList.push(ring);
    this.opts.log?.debug({ ring: ring.id, founder: founder.ip }, 'new ring');
    return ring;
  }

  private join(n: NodeState, ring: Ring, tokens: bigint[], streams = true): void {
    n.tokens = tokens;
    n.ring = ring;
    n.phase = 'joined';
    n.bootstrapped = true;
    n.replaceIp = undefined;
    ring.members.add(n);
    // Bootstrap streams every keyspace this node now replicates from its current holders.
    for (const ks of ring.keyspaces.values()) {
      if (!this.isReplica(n, ks)) continue;
      const holders = [...ring.members].filter((m) => m !== n && this.isReplica(m, ks));
      n.hasData.set(ks.name, holders.length === 0 || (streams && holders.some((m) => m.hasData.get(ks.name) === true)));
    }
  }

  private replace(n: NodeState, ring: Ring, replaceIp: string): void {
    const target = [...ring.members].find((m) => m.ip === replaceIp && ownsTokens(m));
    if (!target) {
      this.failStart(n, `Cannot replace_address /${replaceIp} because it doesn't exist in gossip`);
      return;
    }
    if (isAlive(target)) {
      this.failStart(n, `Cannot replace a live node /${replaceIp}. Endpoint is still alive.`);
      return;
    }
    const tokens = target.tokens;
    ring.members.delete(target);
    target.ring = undefined;
    target.phase = 'not-started';
    target.bootstrapped = false;
    target.tokens = [];
    this.retired.delete(target);
    // Only a replacement on the same address keeps the replaced node's host id.
    if (replaceIp === n.ip) n.hostId = target.hostId;
    this.join(n, ring, tokens);
  }

  stop(n: NodeState): void {
    if (!n.running) throw new CassandraError(500, 'Cassandra is not running');
    this.stopCassandra(n);
    this.sync();
  }

  drain(n: NodeState): void {
    this.requireCql(n);
    n.drained = true;
  }

  /** Re-resolves the seeds; answers the gossip seed list, which never holds the node itself. */
  reloadSeeds(n: NodeState): string[] {
    this.requireCql(n);
    const seeds = [...new Set(n.spec.seeds())];
    // Cassandra keeps its previous list rather than gossiping to no seed at all.
    if (seeds.length > 0) n.resolvedSeeds = seeds;
    this.sync();
    return n.resolvedSeeds.filter((ip) => ip !== n.ip);
  }

  // ---- reads ----

  /** CQL is reachable on the node: running, joined, not drained. */
  cqlUp(n: NodeState): boolean {
    return n.running && !n.drained && (n.phase === 'joined' || n.phase === 'leaving');
  }

  requireCql(n: NodeState): Ring {
    if (!this.cqlUp(n) || !n.ring) {
      throw new CassandraError(500, 'Unable to connect to Cassandra: the local node is not running');
    }
    return n.ring;
  }

  probeCluster(n: NodeState, cl: ConsistencyLevel, rfPerDc: number): Record<string, string[]> {
    const ring = this.requireCql(n);
    return probeConsistency(ring, cl, rfPerDc, n.spec.datacenter);
  }

  isReplica(n: NodeState, ks: Keyspace): boolean {
    if (!ownsTokens(n)) return false;
    const rf = factors(ks.replication);
    return ks.replication.class === 'SimpleStrategy' ? (rf.get('*') ?? 0) > 0 : (rf.get(n.spec.datacenter) ?? 0) > 0;
  }

  // ---- schema writes ----

  createKeyspace(n: NodeState, name: string, replication: Replication): void {
    const ring = this.requireCql(n);
    if (ring.keyspaces.has(name)) return;
    const error = validateReplication(ring, name, replication, cassandraVersionOf(n.spec));
    if (error) throw new CassandraError(500, error);
    const ks: Keyspace = { name, replication, tables: new Map(), updatedAt: this.now() };
    ring.keyspaces.set(name, ks);
    ring.schemaVersion = this.random.uuid();
    for (const m of ring.members) if (this.isReplica(m, ks)) m.hasData.set(name, true);
  }

  alterKeyspace(n: NodeState, name: string, replication: Replication): void {
    const ring = this.requireCql(n);
    const ks = ring.keyspaces.get(name);
    if (!ks) throw new CassandraError(500, `Keyspace '${name}' doesn't exist`);
    if (ks.replication.class === 'LocalStrategy') throw new CassandraError(500, `Cannot alter system keyspace ${name}`);
    const version = cassandraVersionOf(n.spec);
    const error = validateReplication(ring, name, replication, version);
    if (error) throw new CassandraError(500, error);
    if (name === 'system_auth' && atLeast(version, 4, 1)) {
      const dcs = ringDatacenters(ring);
      const before = ks.replication.class === 'SimpleStrategy' ? [...dcs.keys()] : [...factors(ks.replication).keys()];
      const after = factors(replication);
      for (const dc of before) {
        if ((after.get(dc) ?? 0) > 0) continue;
        if ((dcs.get(dc) ?? []).some(isAlive)) {
          throw new CassandraError(500, `Cannot remove datacenter ${dc} from the replication of system_auth while it has live nodes`);
        }
      }
    }
    const wasReplica = new Map([...ring.members].map((m) => [m, this.isReplica(m, ks)]));
    ks.replication = replication;
    ks.updatedAt = this.now();
    ring.schemaVersion = this.random.uuid();
    // Nodes that just became replicas own ranges whose data still sits elsewhere until a rebuild.
    for (const m of ring.members) {
      const now = this.isReplica(m, ks);
      if (now && !wasReplica.get(m)) m.hasData.set(name, false);
      if (!now) m.hasData.delete(name);
    }
  }

  createTable(n: NodeState, keyspace: string, table: string): void {
    const ring = this.requireCql(n);
    const ks = ring.keyspaces.get(keyspace);
    if (!ks) throw new CassandraError(500, `Keyspace '${keyspace}' doesn't exist`);
    if (ks.tables.has(table)) return;
    ks.tables.set(table, this.random.uuid());
    ks.updatedAt = this.now();
    ring.schemaVersion = this.random.uuid();
  }

  // ---- roles ----

  writeRole(n: NodeState, name: string, fields: { superuser: boolean; login: boolean; password: string }): void {
    const ring = this.requireCql(n);
    const unavailable = roleWriteUnavailable(ring, n, name);
    if (unavailable) throw new CassandraError(500, unavailable);
    writeRole(ring, name, fields, this.now());
  }

  dropRole(n: NodeState, name: string): void {
    const ring = this.requireCql(n);
    const unavailable = roleWriteUnavailable(ring, n, name);
    if (unavailable) throw new CassandraError(500, unavailable);
    ring.roles.delete(name);
  }

  // ---- jobs ----

  /** Submits an asynchronous job; returns its id. Validation failures show as an ERROR job. */
  submitJob(n: NodeState, type: JobType, params: JobParams): string {
    this.requireCql(n);
    const id = this.random.uuid();
    const now = this.now();
    const error = this.validateJob(n, type, params);
    const job: Job = {
      id,
      type,
      status: 'WAITING',
      submitTime: now,
      dueAt: error ? now : now + (this.opts.jobDurationsMs[type] ?? 0),
      endTime: undefined,
      error: undefined,
      complete: () => error ?? this.completeJob(n, type, params),
    };
    if (!error) this.beginJob(n, type);
    n.jobs.set(id, job);
    this.sync();
    return id;
  }

  /** Runs an operation synchronously (the blocking v0 endpoints); throws on failure. */
  runNow(n: NodeState, type: JobType, params: JobParams): void {
    this.requireCql(n);
    const error = this.validateJob(n, type, params);
    if (error) throw new CassandraError(500, error);
    this.beginJob(n, type);
    const completion = this.completeJob(n, type, params);
    this.sync();
    if (completion) throw new CassandraError(500, completion);
  }

  job(n: NodeState, id: string): Job | undefined {
    this.sync();
    return n.jobs.get(id);
  }

  private beginJob(n: NodeState, type: JobType): void {
    if (type === 'decommission') n.phase = 'leaving';
  }

  private validateJob(n: NodeState, type: JobType, params: JobParams): string | undefined {
    const ring = n.ring!;
    if (params.keyspace && !ring.keyspaces.has(params.keyspace)) return `Keyspace ${params.keyspace} does not exist`;
    switch (type) {
      case 'rebuild':
        return this.validateRebuild(n, ring, params.srcDc);
      case 'decommission':
        return this.validateDecommission(n, ring, params.force === true);
      case 'move':
        if (n.tokens.length > 1) return 'This node has more than one token and cannot be moved thusly.';
        if ([...ring.members].some((m) => m !== n && m.tokens.some((t) => String(t) === params.newToken))) {
          return `target token ${params.newToken} is already owned by another node.`;
        }
        return undefined;
      case 'cleanup':
        if ([...ring.members].some((m) => m.phase === 'leaving' || m.phase === 'starting')) {
          return 'Node is involved in cluster membership changes. Not safe to run cleanup.';
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private validateRebuild(n: NodeState, ring: Ring, srcDc: string | undefined): string | undefined {
    const dcs = ringDatacenters(ring);
    if (srcDc !== undefined && srcDc !== '') {
      const nodes = dcs.get(srcDc);
      if (!nodes) {
        return `Provided datacenter '${srcDc}' is not a valid datacenter, available datacenters are: ${[...dcs.keys()].join(',')}`;
      }
      if (!nodes.some(isAlive)) {
        return `Unable to find sufficient sources for streaming: no live node in datacenter ${srcDc}`;
      }
      return undefined;
    }
    if (![...ring.members].some((m) => m !== n && isAlive(m))) return 'Unable to find sufficient sources for streaming: no live peer';
    return undefined;
  }

  private validateDecommission(n: NodeState, ring: Ring, force: boolean): string | undefined {
    if (n.phase !== 'joined') return `Node in ${n.phase.toUpperCase()} state; wait for status to become normal or restart`;
    const others = [...ring.members].filter((m) => m !== n && m.phase === 'joined');
    if (others.length === 0) return 'no other normal nodes in the ring; decommission would be pointless';
    if (force) return undefined;
    const dcs = ringDatacenters(ring);
    for (const ks of ring.keyspaces.values()) {
      if (isSystemKeyspace(ks.name) && ks.replication.class === 'LocalStrategy') continue;
      const rfs = factors(ks.replication);
      const [rf, count] = ks.replication.class === 'SimpleStrategy'
        ? [rfs.get('*') ?? 0, [...dcs.values()].flat().length]
        : [rfs.get(n.spec.datacenter) ?? 0, (dcs.get(n.spec.datacenter) ?? []).length];
      if (rf > 0 && rf >= count) {
        return `Not enough live nodes to maintain replication factor in keyspace ${ks.name} (RF = ${rf}, N = ${count}). Perform a forceful decommission to ignore.`;
      }
    }
    return undefined;
  }

  private completeJob(n: NodeState, type: JobType, params: JobParams): string | undefined {
    const ring = n.ring;
    if (!ring) return 'Node is not a member of a ring';
    switch (type) {
      case 'rebuild':
        return this.completeRebuild(n, ring, params.srcDc);
      case 'decommission':
        ring.members.delete(n);
        n.ring = undefined;
        n.phase = 'decommissioned';
        n.decommissioned = true;
        n.bootstrapped = false;
        n.hasData.clear();
        this.pruneRings();
        return undefined;
      case 'move':
        n.tokens = [BigInt(params.newToken ?? '0')];
        return undefined;
      default:
        return undefined;
    }
  }

  private completeRebuild(n: NodeState, ring: Ring, srcDc: string | undefined): string | undefined {
    const validation = this.validateRebuild(n, ring, srcDc);
    if (validation) return validation;
    for (const ks of ring.keyspaces.values()) {
      if (!this.isReplica(n, ks)) continue;
      const sources = [...ring.members].filter(
        (m) => m !== n && isAlive(m) && this.isReplica(m, ks) && (!srcDc || m.spec.datacenter === srcDc),
      );
      if (sources.length === 0) continue;
      n.hasData.set(ks.name, n.hasData.get(ks.name) === true || sources.some((m) => m.hasData.get(ks.name) === true));
    }
    n.rebuiltFrom.push(srcDc ?? '');
    return undefined;
  }

  // ---- views ----

  /** Endpoint states as the node sees them (its ring only). */
  endpoints(n: NodeState): Array<Record<string, string>> {
    if (n.running && n.phase === 'decommissioned') return [this.endpointState(n, n, 'LEFT')];
    const ring = this.requireCql(n);
    return [...ring.members].filter(ownsTokens).map((m) => this.endpointState(n, m, m.phase === 'leaving' ? 'LEAVING' : 'NORMAL'));
  }

  private endpointState(viewer: NodeState, m: NodeState, status: string): Record<string, string> {
    const version = cassandraVersionOf(m.spec);
    const firstToken = m.tokens.length > 0 ? String([...m.tokens].sort((a, b) => (a < b ? -1 : 1))[0]) : '0';
    const statusValue = status === 'LEFT' ? `LEFT,${firstToken},${this.now() + 3 * 24 * 3600 * 1000}` : `${status},${firstToken}`;
    const state: Record<string, string> = {
      DC: m.spec.datacenter,
      RACK: m.spec.rack,
      HOST_ID: m.hostId,
      ENDPOINT_IP: m.ip,
      RPC_ADDRESS: m.ip,
      STATUS: statusValue,
      IS_ALIVE: String(m === viewer ? true : isAlive(m)),
      IS_LOCAL: String(m === viewer),
      RELEASE_VERSION: version,
      SCHEMA: m.schemaOverride ?? m.ring?.schemaVersion ?? viewer.ring?.schemaVersion ?? '',
      LOAD: '102400.0',
      NET_VERSION: atLeast(version, 4, 0) ? '12' : '11',
      TOKENS: '<hidden>',
    };
    if (m.spec.serverType === 'dse') {
      state.NATIVE_TRANSPORT_ADDRESS = m.ip;
    } else if (atLeast(version, 4, 0)) {
      state.STATUS_WITH_PORT = statusValue;
      state.NATIVE_ADDRESS_AND_PORT = `${m.ip}:9042`;
      state.INTERNAL_ADDRESS_AND_PORT = `${m.ip}:7000`;
      state.SSTABLE_VERSIONS = 'big-nb';
    }
    return state;
  }

  /** Schema versions by live node, with unreachable members under `UNREACHABLE`. */
  schemaVersions(n: NodeState): Record<string, string[]> {
    const ring = this.requireCql(n);
    const out: Record<string, string[]> = {};
    for (const m of ring.members) {
      if (!ownsTokens(m)) continue;
      const key = isAlive(m) ? m.schemaOverride ?? ring.schemaVersion : 'UNREACHABLE';
      (out[key] ??= []).push(m.ip);
    }
    for (const ips of Object.values(out)) ips.sort();
    return out;
  }
}
