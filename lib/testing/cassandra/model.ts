import type { Job } from './jobs';
import type { Role } from './roles';
import type { Keyspace } from './schema';

/** Source of the simulated wall-clock time, in milliseconds since the epoch. */
export interface Clock {
  /** The current simulated time, in milliseconds since the epoch. */
  now(): number;
}

/** Server flavours the operators distinguish (`CassandraDatacenter.spec.serverType`). */
export type ServerType = 'cassandra' | 'dse' | 'hcd';

/**
 * What a node is doing, as an operator would observe it.
 * - `not-started`: the pod's management API is up, Cassandra was never started (or was stopped
 *   before it ever joined).
 * - `starting`: `lifecycle/start` was accepted; the node has not finished joining.
 * - `normal`: running, joined, gossiping (peers see it UP NORMAL).
 * - `leaving`: decommission in progress (peers see it UP LEAVING).
 * - `down`: joined a ring earlier but its Cassandra process is not running or is drained; peers
 *   keep it in the ring as DOWN.
 * - `decommissioned`: left the ring; the process still runs but owns nothing.
 * - `failed`: the process exited during start-up ({@link NodeInfo.failureReason} says why).
 */
export type NodeStatus = 'not-started' | 'starting' | 'normal' | 'leaving' | 'down' | 'decommissioned' | 'failed';

/** Internal life-cycle phase; {@link NodeStatus} is derived from it and the process flags. */
export type Phase = 'not-started' | 'starting' | 'joined' | 'leaving' | 'decommissioned' | 'failed';

/** Description of a simulated node, given by the harness when it creates the pod. */
export interface NodeSpec {
  /** Pod name; with namespace and plane it names the node's data volume. */
  readonly podName: string;
  /** Pod namespace. */
  readonly namespace: string;
  /** The Kubernetes cluster (plane) the pod runs in. */
  readonly plane: string;
  /** Pod IP: Cassandra's listen, broadcast and RPC address. */
  readonly ip: string;
  /** `cluster_name` from cassandra.yaml; gossip refuses peers with another name. */
  readonly clusterName: string;
  /** Datacenter reported by the snitch. */
  readonly datacenter: string;
  /** Rack reported by the snitch. */
  readonly rack: string;
  /** Server flavour. */
  readonly serverType: ServerType;
  /** Server version as in `spec.serverVersion` (e.g. `4.1.5`, `6.8.50`, `1.0.0`). */
  readonly serverVersion: string;
  /**
   * The seed IPs this node can resolve right now (the harness resolves the seed Services'
   * endpoints). Called when Cassandra starts and on `ops/seeds/reload`.
   */
  readonly seeds: () => readonly string[];
  /**
   * Number of vnode tokens.
   * @default 16
   */
  readonly numTokens?: number;
  /**
   * The Cassandra release the server's behaviour follows, for DSE and HCD whose own version
   * numbers say nothing about it. Rules that changed in Cassandra 4.0 and 4.1 key on this.
   * @default serverVersion for `cassandra`, `4.0.0` for `dse`, `4.0.11` for `hcd`
   */
  readonly cassandraVersion?: string;
  /**
   * Replication for system_auth, system_distributed and system_traces when this node founds a
   * ring, as set by `-Dcassandra.system_distributed_replication=dc1:3,...` (k8ssandra-operator
   * passes it through the pod's JVM options). Without it Cassandra's own defaults apply.
   * @default undefined
   */
  readonly systemReplication?: Readonly<Record<string, number>>;
  /**
   * Start with an empty data volume even when a node with the same pod name, namespace and
   * plane existed before: its PVC was deleted and recreated (after a decommission, or to
   * replace a node). Without it the node resumes the old volume's identity, and a volume that
   * was decommissioned refuses to start, as Cassandra does.
   * @default false
   */
  readonly freshVolume?: boolean;
}

/** A token ring: the nodes that gossip with each other, with the schema and roles they share. */
export interface Ring {
  /** Sequence number, unique per simulator. */
  readonly id: number;
  /** `cluster_name` of every member. */
  readonly clusterName: string;
  /** Members, live or down, that have joined and not yet left. */
  readonly members: Set<NodeState>;
  /** Schema: keyspaces by name. */
  readonly keyspaces: Map<string, Keyspace>;
  /** Rows of system_auth.roles. */
  readonly roles: Map<string, Role>;
  /** Changes whenever the schema changes, as Cassandra's schema version does. */
  schemaVersion: string;
  /** `keyspace.table` names that two merged rings created with different table ids. */
  readonly schemaConflicts: Set<string>;
}

/** Mutable state of one node; owned by the simulator, exposed only through {@link NodeInfo}. */
export interface NodeState {
  spec: NodeSpec;
  /** Data-volume identity: plane/namespace/podName. */
  readonly volumeKey: string;
  ip: string;
  hostId: string;
  tokens: bigint[];
  phase: Phase;
  ring: Ring | undefined;
  /** The pod's management API answers (false after killNode or removeNode). */
  processUp: boolean;
  /** The Cassandra process runs. */
  running: boolean;
  drained: boolean;
  /** The node had joined a ring before, so a restart needs no seed to rejoin. */
  bootstrapped: boolean;
  /** The data volume belongs to a decommissioned node; Cassandra refuses to start on it. */
  decommissioned: boolean;
  startDueAt: number | undefined;
  replaceIp: string | undefined;
  resolvedSeeds: string[];
  /** Whether the node holds the data of each replicated keyspace it is a replica of. */
  hasData: Map<string, boolean>;
  rebuiltFrom: string[];
  failureReason: string | undefined;
  fullQueryLogging: boolean;
  /**
   * Schema version this node is stuck at after its ring merged with one holding the same user
   * table under another id (schema disagreement that never resolves).
   */
  schemaOverride: string | undefined;
  /** Jobs live in the Cassandra process and are lost when it stops. */
  jobs: Map<string, Job>;
  startedAt: number | undefined;
}

/** Read-only snapshot of a node for assertions. */
export interface NodeInfo {
  /** Pod name. */
  readonly podName: string;
  /** Pod namespace. */
  readonly namespace: string;
  /** Kubernetes cluster the pod runs in. */
  readonly plane: string;
  /** Current pod IP. */
  readonly ip: string;
  /** `cluster_name`. */
  readonly clusterName: string;
  /** Snitch datacenter. */
  readonly datacenter: string;
  /** Snitch rack. */
  readonly rack: string;
  /** Server flavour. */
  readonly serverType: ServerType;
  /** Server version of the current pod. */
  readonly serverVersion: string;
  /** Host id; stable across restarts and IP changes while the data volume is kept. */
  readonly hostId: string;
  /** Tokens, as decimal strings. */
  readonly tokens: readonly string[];
  /** What the node is doing. */
  readonly status: NodeStatus;
  /** The management API is reachable. */
  readonly processUp: boolean;
  /** Id of the ring the node belongs to, if any. */
  readonly ringId: number | undefined;
  /** Seed IPs resolved at the last start or seed reload. */
  readonly resolvedSeeds: readonly string[];
  /** Per replicated keyspace this node is a replica of: whether it holds the keyspace's data. */
  readonly hasData: Readonly<Record<string, boolean>>;
  /** Source datacenters of completed rebuilds, in order. */
  readonly rebuiltFrom: readonly string[];
  /** Why the last start failed. */
  readonly failureReason: string | undefined;
  /** Full query logging switched on through the management API. */
  readonly fullQueryLogging: boolean;
}

/** Public status derived from the internal state. */
export function statusOf(n: NodeState): NodeStatus {
  if (n.phase === 'joined' || n.phase === 'leaving') {
    if (!n.running || n.drained || !n.processUp) return 'down';
    return n.phase === 'joined' ? 'normal' : 'leaving';
  }
  return n.phase;
}

/** Whether peers see the node UP. */
export function isAlive(n: NodeState): boolean {
  return statusOf(n) === 'normal' || statusOf(n) === 'leaving';
}

/** Whether the node owns tokens in its ring (joined or leaving, live or down). */
export function ownsTokens(n: NodeState): boolean {
  return n.ring !== undefined && (n.phase === 'joined' || n.phase === 'leaving');
}

/** The Cassandra release whose rules the node follows. */
export function cassandraVersionOf(spec: NodeSpec): string {
  if (spec.cassandraVersion) return spec.cassandraVersion;
  switch (spec.serverType) {
    case 'dse':
      return '4.0.0';
    case 'hcd':
      return '4.0.11';
    default:
      return spec.serverVersion;
  }
}

/** True when `version` (dotted numbers) is at least `major.minor`. */
export function atLeast(version: string, major: number, minor: number): boolean {
  const [ma = 0, mi = 0] = version.split('.').map((p) => parseInt(p, 10) || 0);
  return ma > major || (ma === major && mi >= minor);
}
