import { NOT_FOUND_BODY } from './call-log';
import { CassandraError, type Cluster, type JobParams } from './cluster';
import { type JobType, jobToJson } from './jobs';
import { type NodeState, atLeast, cassandraVersionOf, statusOf } from './model';
import { type ConsistencyLevel, type Replication, replicationToJson } from './schema';

/** A request as the router sees it. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body, `undefined` when empty. */
  readonly body: unknown;
}

/** A response from the router. */
export interface ApiResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Features management API v0.1.125 advertises; cass-operator picks async endpoints by them. */
export const MANAGEMENT_API_FEATURES = [
  'async_sstable_tasks',
  'full_query_logging',
  'rebuild',
  'async_upgrade_sstable_task',
  'async_compaction_task',
  'async_scrub_task',
  'async_move_task',
  'async_gc_task',
  'reload_internode_truststore',
  'async_flush_task',
] as const;

const CONSISTENCY_LEVELS: readonly ConsistencyLevel[] = [
  'ANY', 'ONE', 'TWO', 'THREE', 'QUORUM', 'ALL', 'LOCAL_QUORUM', 'EACH_QUORUM', 'LOCAL_ONE', 'SERIAL', 'LOCAL_SERIAL',
];

const text = (status: number, body = ''): ApiResponse => ({ status, contentType: 'text/plain', body });
const json = (status: number, value: unknown): ApiResponse => ({ status, contentType: 'application/json', body: JSON.stringify(value) });

type Handler = (c: Cluster, n: NodeState, req: ApiRequest) => ApiResponse;

function bodyField(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
}

function keyspaceParam(req: ApiRequest): string | undefined {
  const ks = bodyField(req.body, 'keyspace_name');
  return typeof ks === 'string' && ks !== '' ? ks : undefined;
}

/** Parses `replication_settings`; factors arrive as numbers or, from k8ssandra-operator, as strings. */
function replicationParam(req: ApiRequest, verb: string): { name: string; replication: Replication } {
  const name = bodyField(req.body, 'keyspace_name');
  if (typeof name !== 'string' || name === '') {
    throw new CassandraError(400, `${verb} failed. Non-empty 'keyspace_name' must be provided`);
  }
  const settings = bodyField(req.body, 'replication_settings');
  if (!Array.isArray(settings) || settings.length === 0) {
    throw new CassandraError(400, `${verb} failed. 'replication_settings' must be provided`);
  }
  const datacenters: Record<string, number> = {};
  for (const s of settings) {
    const dc = bodyField(s, 'dc_name');
    const raw = bodyField(s, 'replication_factor');
    const rf = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? parseInt(raw, 10) : NaN;
    if (typeof dc !== 'string' || dc === '' || Number.isNaN(rf)) {
      throw new CassandraError(400, `${verb} failed. Invalid replication setting ${JSON.stringify(s)}`);
    }
    datacenters[dc] = rf;
  }
  return { name, replication: { class: 'NetworkTopologyStrategy', datacenters } };
}

function asyncJob(type: JobType, params: (req: ApiRequest) => JobParams = (req) => ({ keyspace: keyspaceParam(req) })): Handler {
  return (c, n, req) => text(202, c.submitJob(n, type, params(req)));
}

function syncJob(type: JobType): Handler {
  return (c, n, req) => {
    c.runNow(n, type, { keyspace: keyspaceParam(req) });
    return text(200, 'OK');
  };
}

const routes: Record<string, Partial<Record<string, Handler>>> = {
  '/api/v0/probes/liveness': { GET: () => text(200, 'OK') },
  '/api/v0/probes/readiness': {
    GET: (_c, n) => {
      const s = statusOf(n);
      return s === 'normal' || s === 'leaving' ? text(200, 'OK') : text(500);
    },
  },
  '/api/v0/probes/cluster': {
    GET: (c, n, req) => {
      const cl = (req.query.consistency_level ?? '').toUpperCase() as ConsistencyLevel;
      if (!CONSISTENCY_LEVELS.includes(cl)) throw new CassandraError(400, `Unknown consistency level: ${req.query.consistency_level ?? ''}`);
      const rf = req.query.rf_per_dc === undefined ? 1 : parseInt(req.query.rf_per_dc, 10);
      if (!Number.isInteger(rf) || rf < 1) throw new CassandraError(400, `Invalid rf_per_dc: ${req.query.rf_per_dc}`);
      const failures = c.probeCluster(n, cl, rf);
      return Object.keys(failures).length === 0 ? text(200) : json(500, failures);
    },
  },
  '/api/v0/lifecycle/start': {
    POST: (c, n, req) => {
      const status = c.start(n, req.query.replace_ip);
      return status === 201 ? text(201, 'OK') : text(status);
    },
  },
  '/api/v0/lifecycle/stop': {
    POST: (c, n) => {
      c.stop(n);
      return text(200, 'OK');
    },
  },
  '/api/v0/lifecycle/pid': { GET: (_c, n) => (n.running ? text(200, String(1000 + (n.startedAt ?? 0) % 30000)) : text(204)) },
  '/api/v0/metadata/endpoints': { GET: (c, n) => json(200, { entity: c.endpoints(n) }) },
  '/api/v0/metadata/localdc': {
    GET: (c, n) => {
      c.requireCql(n);
      return text(200, n.spec.datacenter);
    },
  },
  '/api/v0/metadata/versions/release': {
    GET: (c, n) => {
      c.requireCql(n);
      return text(200, cassandraVersionOf(n.spec));
    },
  },
  '/api/v0/metadata/versions/features': {
    GET: (_c, n) => json(200, {
      cassandra_version: cassandraVersionOf(n.spec),
      features: [...MANAGEMENT_API_FEATURES],
      mgmt_version: '0.1.125',
    }),
  },
  '/api/v0/ops/seeds/reload': { POST: (c, n) => json(200, c.reloadSeeds(n)) },
  '/api/v0/ops/auth/role': {
    GET: (c, n) => {
      const ring = c.requireCql(n);
      return json(200, [...ring.roles.values()].map((r) => ({
        name: r.name,
        super: String(r.superuser),
        login: String(r.login),
        options: '{}',
        datacenters: 'ALL',
      })));
    },
    POST: (c, n, req) => {
      const { username, password } = req.query;
      if (!username || !password) throw new CassandraError(400, 'Username and/or password is empty');
      c.writeRole(n, username, {
        superuser: req.query.is_superuser === 'true',
        login: req.query.can_login === 'true',
        password,
      });
      return text(200, 'OK');
    },
    DELETE: (c, n, req) => {
      if (!req.query.username) throw new CassandraError(400, 'Username is empty');
      c.dropRole(n, req.query.username);
      return text(200, 'OK');
    },
  },
  '/api/v0/ops/keyspace': {
    GET: (c, n, req) => {
      const ring = c.requireCql(n);
      const name = req.query.keyspaceName;
      const names = [...ring.keyspaces.keys()];
      return json(200, name ? names.filter((k) => k === name) : names);
    },
  },
  '/api/v0/ops/keyspace/replication': {
    GET: (c, n, req) => {
      const ring = c.requireCql(n);
      const name = req.query.keyspaceName;
      if (!name) throw new CassandraError(400, "Get keyspace replication failed. Non-empty 'keyspaceName' must be provided");
      const ks = ring.keyspaces.get(name);
      if (!ks) throw new CassandraError(404, `Get keyspace replication failed. Keyspace '${name}' does not exist.`);
      return json(200, replicationToJson(ks.replication));
    },
  },
  '/api/v0/ops/keyspace/create': {
    POST: (c, n, req) => {
      const { name, replication } = replicationParam(req, 'Keyspace creation');
      c.createKeyspace(n, name, replication);
      return text(200, 'OK');
    },
  },
  '/api/v0/ops/keyspace/alter': {
    POST: (c, n, req) => {
      const { name, replication } = replicationParam(req, 'Altering Keyspace');
      c.alterKeyspace(n, name, replication);
      return text(200, 'OK');
    },
  },
  '/api/v0/ops/tables': {
    GET: (c, n, req) => {
      const ring = c.requireCql(n);
      if (!req.query.keyspaceName) throw new CassandraError(400, "List tables failed. Non-empty 'keyspaceName' must be provided");
      return json(200, [...(ring.keyspaces.get(req.query.keyspaceName)?.tables.keys() ?? [])]);
    },
  },
  '/api/v0/ops/tables/create': {
    POST: (c, n, req) => {
      const ks = bodyField(req.body, 'keyspace_name');
      const table = bodyField(req.body, 'table_name');
      const columns = bodyField(req.body, 'columns');
      if (typeof ks !== 'string' || typeof table !== 'string' || ks === '' || table === '') {
        throw new CassandraError(400, 'Table creation failed: keyspace_name and table_name are required');
      }
      if (!Array.isArray(columns) || columns.length === 0) throw new CassandraError(400, 'Table creation failed: columns are required');
      c.createTable(n, ks, table);
      return text(200, 'OK');
    },
  },
  '/api/v1/ops/node/schema/versions': { GET: (c, n) => json(200, c.schemaVersions(n)) },
  '/api/v0/ops/node/drain': {
    POST: (c, n) => {
      c.drain(n);
      return text(200, 'OK');
    },
  },
  '/api/v0/ops/node/fullquerylogging': {
    GET: (c, n) => {
      c.requireCql(n);
      requireFql(n);
      return json(200, { entity: n.fullQueryLogging });
    },
    POST: (c, n, req) => {
      c.requireCql(n);
      requireFql(n);
      n.fullQueryLogging = req.query.enabled === 'true';
      return text(200, 'OK');
    },
  },
  '/api/v0/ops/node/encryption/internode/truststore/reload': {
    POST: (c, n) => {
      c.requireCql(n);
      return text(200, 'OK');
    },
  },
  '/api/v0/ops/node/decommission': {
    POST: (c, n, req) => {
      c.runNow(n, 'decommission', { force: req.query.force === 'true' });
      return text(200, 'OK');
    },
  },
  '/api/v1/ops/node/decommission': { POST: asyncJob('decommission', (req) => ({ force: req.query.force === 'true' })) },
  '/api/v1/ops/node/rebuild': { POST: asyncJob('rebuild', (req) => ({ srcDc: req.query.src_dc })) },
  '/api/v0/ops/node/move': {
    POST: (c, n, req) => {
      const token = req.query.newToken;
      if (!token) throw new CassandraError(400, 'newToken must be specified');
      if (!/^-?\d+$/.test(token)) throw new CassandraError(400, `Invalid token: ${token}`);
      return text(202, c.submitJob(n, 'move', { newToken: token }));
    },
  },
  '/api/v0/ops/keyspace/cleanup': { POST: syncJob('cleanup') },
  '/api/v1/ops/keyspace/cleanup': { POST: asyncJob('cleanup') },
  '/api/v0/ops/tables/sstables/upgrade': { POST: syncJob('upgradesstables') },
  '/api/v1/ops/tables/sstables/upgrade': { POST: asyncJob('upgradesstables') },
  '/api/v0/ops/tables/compact': { POST: syncJob('compaction') },
  '/api/v1/ops/tables/compact': { POST: asyncJob('compaction') },
  '/api/v0/ops/tables/scrub': { POST: syncJob('scrub') },
  '/api/v1/ops/tables/scrub': { POST: asyncJob('scrub') },
  '/api/v0/ops/tables/flush': { POST: syncJob('flush') },
  '/api/v1/ops/tables/flush': { POST: asyncJob('flush') },
  '/api/v0/ops/tables/garbagecollect': { POST: syncJob('garbagecollect') },
  '/api/v1/ops/tables/garbagecollect': { POST: asyncJob('garbagecollect') },
  '/api/v0/ops/executor/job': {
    GET: (c, n, req) => {
      const id = req.query.job_id;
      if (!id) throw new CassandraError(400, 'job_id is required');
      const job = c.job(n, id);
      return job ? json(200, jobToJson(job)) : json(404, {});
    },
  },
};

function requireFql(n: NodeState): void {
  if (n.spec.serverType === 'cassandra' && !atLeast(cassandraVersionOf(n.spec), 4, 0)) {
    throw new CassandraError(500, 'Full query logging requires Cassandra 4.0 or later');
  }
}

/** Paths the simulated management API serves. */
export const ROUTES: readonly string[] = Object.keys(routes);

/** Serves one request against the node's state. */
export function route(cluster: Cluster, node: NodeState, req: ApiRequest): ApiResponse {
  const methods = routes[req.path];
  if (!methods) return text(404, NOT_FOUND_BODY);
  const handler = methods[req.method];
  if (!handler) return text(405, 'HTTP 405 Method Not Allowed');
  cluster.sync();
  try {
    const res = handler(cluster, node, req);
    cluster.sync();
    return res;
  } catch (err) {
    if (err instanceof CassandraError) return text(err.status, err.message);
    throw err;
  }
}
