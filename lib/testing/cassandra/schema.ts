import { createHash } from 'node:crypto';
import { type NodeSpec, type NodeState, type Ring, atLeast, isAlive, ownsTokens } from './model';

/** Fully qualified strategy class names, as `ops/keyspace/replication` reports them. */
export const SIMPLE_STRATEGY = 'org.apache.cassandra.locator.SimpleStrategy';
export const NETWORK_TOPOLOGY_STRATEGY = 'org.apache.cassandra.locator.NetworkTopologyStrategy';
export const LOCAL_STRATEGY = 'org.apache.cassandra.locator.LocalStrategy';

/** Replication of a keyspace. */
export type Replication =
  | { readonly class: 'SimpleStrategy'; readonly replicationFactor: number }
  | { readonly class: 'NetworkTopologyStrategy'; readonly datacenters: Readonly<Record<string, number>> }
  | { readonly class: 'LocalStrategy' };

/** A keyspace of a ring's schema. */
export interface Keyspace {
  readonly name: string;
  replication: Replication;
  /** Table name to table id. */
  readonly tables: Map<string, string>;
  /** Schema-change time; on a ring merge the later definition wins, as schema mutations do. */
  updatedAt: number;
}

/** Keyspaces every Cassandra node has, with their local strategy. */
export const LOCAL_KEYSPACES = ['system', 'system_schema'] as const;

/** Replicated system keyspaces and the replication factor Cassandra 4 creates them with. */
export const SYSTEM_KEYSPACE_DEFAULT_RF: Readonly<Record<string, number>> = {
  system_auth: 1,
  system_distributed: 3,
  system_traces: 2,
};

const SYSTEM_TABLES: Readonly<Record<string, readonly string[]>> = {
  system_auth: ['network_permissions', 'resource_role_permissons_index', 'role_members', 'role_permissions', 'roles'],
  system_distributed: ['parent_repair_history', 'repair_history', 'view_build_status'],
  system_traces: ['events', 'sessions'],
};

/**
 * Cassandra derives system table ids from their names, so rings founded apart agree on them;
 * user tables get random ids, which is what makes independently created copies clash.
 */
export function systemTableId(keyspace: string, table: string): string {
  const hex = createHash('md5').update(`${keyspace}.${table}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-3${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Keyspaces created when a ring is founded, honouring `systemReplication` like the k8ssandra images. */
export function initialSchema(founder: NodeSpec, now: number): Map<string, Keyspace> {
  const schema = new Map<string, Keyspace>();
  for (const name of LOCAL_KEYSPACES) {
    schema.set(name, { name, replication: { class: 'LocalStrategy' }, tables: new Map(), updatedAt: now });
  }
  for (const [name, rf] of Object.entries(SYSTEM_KEYSPACE_DEFAULT_RF)) {
    const replication: Replication = founder.systemReplication
      ? { class: 'NetworkTopologyStrategy', datacenters: { ...founder.systemReplication } }
      : { class: 'SimpleStrategy', replicationFactor: rf };
    const tables = new Map((SYSTEM_TABLES[name] ?? []).map((t) => [t, systemTableId(name, t)]));
    schema.set(name, { name, replication, tables, updatedAt: now });
  }
  return schema;
}

/** Whether a keyspace is one of Cassandra's own (never user data). */
export function isSystemKeyspace(name: string): boolean {
  return (LOCAL_KEYSPACES as readonly string[]).includes(name) || name in SYSTEM_KEYSPACE_DEFAULT_RF;
}

/** The JSON map `GET ops/keyspace/replication` returns: class plus string-valued factors. */
export function replicationToJson(r: Replication): Record<string, string> {
  switch (r.class) {
    case 'SimpleStrategy':
      return { class: SIMPLE_STRATEGY, replication_factor: String(r.replicationFactor) };
    case 'NetworkTopologyStrategy': {
      const out: Record<string, string> = { class: NETWORK_TOPOLOGY_STRATEGY };
      for (const [dc, rf] of Object.entries(r.datacenters)) out[dc] = String(rf);
      return out;
    }
    default:
      return { class: LOCAL_STRATEGY };
  }
}

/** Datacenters that own tokens in the ring (what NetworkTopologyStrategy validates against). */
export function ringDatacenters(ring: Ring): Map<string, NodeState[]> {
  const dcs = new Map<string, NodeState[]>();
  for (const m of ring.members) {
    if (!ownsTokens(m)) continue;
    const list = dcs.get(m.spec.datacenter) ?? [];
    list.push(m);
    dcs.set(m.spec.datacenter, list);
  }
  return dcs;
}

/**
 * Cassandra 4.0+ rejects a NetworkTopologyStrategy option naming a datacenter that owns no
 * tokens in the ring; 3.11 accepted it silently. Returns the error message, if any.
 */
export function validateReplication(ring: Ring, keyspace: string, r: Replication, version: string): string | undefined {
  if (r.class === 'SimpleStrategy') {
    if (!Number.isInteger(r.replicationFactor) || r.replicationFactor < 0) {
      return `Replication factor must be non-negative, found ${r.replicationFactor}`;
    }
    return undefined;
  }
  if (r.class !== 'NetworkTopologyStrategy') return undefined;
  const known = ringDatacenters(ring);
  for (const [dc, rf] of Object.entries(r.datacenters)) {
    if (!Number.isInteger(rf) || rf < 0) return `Replication factor must be non-negative, found ${rf}`;
    if (atLeast(version, 4, 0) && !known.has(dc)) {
      return `Unrecognized strategy option {${dc}} passed to NetworkTopologyStrategy for keyspace ${keyspace}`;
    }
  }
  return undefined;
}

/** Replication factor per datacenter (`*` for SimpleStrategy, which ignores datacenters). */
export function factors(r: Replication): Map<string, number> {
  if (r.class === 'SimpleStrategy') return new Map([['*', r.replicationFactor]]);
  if (r.class === 'NetworkTopologyStrategy') return new Map(Object.entries(r.datacenters).filter(([, rf]) => rf > 0));
  return new Map();
}

interface TokenEntry { readonly token: bigint; readonly node: NodeState }

function sortedTokens(ring: Ring): TokenEntry[] {
  const entries: TokenEntry[] = [];
  for (const m of ring.members) {
    if (!ownsTokens(m)) continue;
    for (const token of m.tokens) entries.push({ token, node: m });
  }
  return entries.sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
}

/**
 * Replicas of the range ending at the first ring token at or after `token`: walking the ring
 * clockwise, the first distinct nodes of each datacenter up to its replication factor. Rack
 * diversity, which NetworkTopologyStrategy also prefers, is not modelled.
 */
export function replicasFor(ring: Ring, r: Replication, token: bigint): Map<string, NodeState[]> {
  const entries = sortedTokens(ring);
  const want = factors(r);
  const out = new Map<string, NodeState[]>();
  for (const dc of want.keys()) out.set(dc, []);
  if (entries.length === 0) return out;
  let start = entries.findIndex((e) => e.token >= token);
  if (start < 0) start = 0;
  const seen = new Set<NodeState>();
  for (let i = 0; i < entries.length; i++) {
    const node = entries[(start + i) % entries.length].node;
    if (seen.has(node)) continue;
    seen.add(node);
    const key = r.class === 'SimpleStrategy' ? '*' : node.spec.datacenter;
    const list = out.get(key);
    if (list && list.length < (want.get(key) ?? 0)) list.push(node);
  }
  return out;
}

/** Consistency levels the probes and role writes use. */
export type ConsistencyLevel = 'ANY' | 'ONE' | 'TWO' | 'THREE' | 'QUORUM' | 'ALL' | 'LOCAL_QUORUM' | 'EACH_QUORUM' | 'LOCAL_ONE' | 'SERIAL' | 'LOCAL_SERIAL';

const quorum = (rf: number): number => Math.floor(rf / 2) + 1;

/**
 * Whether the live replicas satisfy `cl` for one token range; returns Cassandra's
 * "Cannot achieve consistency level" style message when they do not.
 */
export function checkAvailability(
  replicas: Map<string, NodeState[]>,
  r: Replication,
  cl: ConsistencyLevel,
  localDc: string,
): string | undefined {
  const rfs = factors(r);
  const total = [...rfs.values()].reduce((a, b) => a + b, 0);
  const all = [...replicas.values()].flat();
  const live = (nodes: NodeState[]): number => nodes.filter(isAlive).length;
  const localKey = r.class === 'SimpleStrategy' ? '*' : localDc;
  const localReplicas = (replicas.get(localKey) ?? []).filter((n) => r.class !== 'SimpleStrategy' || n.spec.datacenter === localDc);
  const fail = (required: number, alive: number): string =>
    `Cannot achieve consistency level ${cl}: ${required} replicas required, but only ${alive} alive`;
  switch (cl) {
    case 'ANY':
      return undefined;
    case 'ONE':
    case 'TWO':
    case 'THREE': {
      const need = cl === 'ONE' ? 1 : cl === 'TWO' ? 2 : 3;
      return live(all) >= need ? undefined : fail(need, live(all));
    }
    case 'LOCAL_ONE':
      return live(localReplicas) >= 1 ? undefined : fail(1, live(localReplicas));
    case 'QUORUM':
    case 'SERIAL':
      return live(all) >= quorum(total) ? undefined : fail(quorum(total), live(all));
    case 'ALL':
      return live(all) >= total ? undefined : fail(total, live(all));
    case 'LOCAL_QUORUM':
    case 'LOCAL_SERIAL': {
      const rf = r.class === 'SimpleStrategy' ? total : rfs.get(localDc) ?? 0;
      return live(localReplicas) >= quorum(rf) ? undefined : fail(quorum(rf), live(localReplicas));
    }
    case 'EACH_QUORUM': {
      // Cassandra applies EACH_QUORUM per datacenter only with NetworkTopologyStrategy.
      if (r.class !== 'NetworkTopologyStrategy') return checkAvailability(replicas, r, 'QUORUM', localDc);
      for (const [dc, rf] of rfs) {
        const alive = live(replicas.get(dc) ?? []);
        if (alive < quorum(rf)) return `${fail(quorum(rf), alive)} in ${dc}`;
      }
      return undefined;
    }
    default:
      return `Unknown consistency level ${String(cl)}`;
  }
}

/**
 * The cluster probe: for every token range of a virtual keyspace with `rfPerDc` replicas in each
 * datacenter of the ring, whether `cl` is achievable. Returns failing ranges with messages.
 */
export function probeConsistency(ring: Ring, cl: ConsistencyLevel, rfPerDc: number, localDc: string): Record<string, string[]> {
  const dcs = ringDatacenters(ring);
  const datacenters: Record<string, number> = {};
  for (const dc of dcs.keys()) datacenters[dc] = rfPerDc;
  const r: Replication = { class: 'NetworkTopologyStrategy', datacenters };
  const entries = sortedTokens(ring);
  const failures: Record<string, string[]> = {};
  for (let i = 0; i < entries.length; i++) {
    const end = entries[i].token;
    const startToken = entries[(i - 1 + entries.length) % entries.length].token;
    const key = `[${startToken}, ${end}]`;
    const messages: string[] = [];
    for (const [dc, nodes] of dcs) {
      if (rfPerDc > nodes.length && (cl === 'ALL' || dc === localDc || !cl.startsWith('LOCAL_'))) {
        messages.push(`${rfPerDc} replicas required, but only ${nodes.length} nodes in the ring`);
      }
    }
    const unavailable = checkAvailability(replicasFor(ring, r, end), r, cl, localDc);
    if (unavailable) messages.push(unavailable);
    if (messages.length > 0) failures[key] = [...new Set(messages)];
  }
  return failures;
}
