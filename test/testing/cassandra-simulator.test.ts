import { SimHarness, replicationBody, rpcAddress } from './cassandra/harness';
import { MANAGEMENT_API_FEATURES } from '../../lib/testing';

let h: SimHarness;

afterEach(async () => {
  await h.close();
});

/** Three nodes of dc1: .1 is the seed every node resolves. */
async function oneDc(opts: { version?: string; ips?: string[]; dc?: string; seeds?: string[] } = {}): Promise<string[]> {
  const ips = opts.ips ?? ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
  for (const ip of ips) {
    await h.addPod(ip, { datacenter: opts.dc ?? 'dc1', serverVersion: opts.version ?? '4.1.5', seeds: opts.seeds ?? [ips[0]] });
  }
  for (const ip of ips) await h.start(ip);
  return ips;
}

describe('start and ring membership', () => {
  beforeEach(() => {
    h = new SimHarness();
  });

  test('the first seed founds a ring, the others join it, endpoints carry what cass-operator parses', async () => {
    const ips = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
    for (const ip of ips) await h.addPod(ip, { seeds: ['10.0.0.1'] });
    expect((await h.get('10.0.0.1', '/api/v0/probes/readiness')).status).toBe(500);
    expect((await h.get('10.0.0.1', '/api/v0/probes/liveness')).status).toBe(200);
    expect((await h.get('10.0.0.1', '/api/v0/metadata/endpoints')).status).toBe(500);

    for (const ip of ips) await h.start(ip);

    expect(h.sim.rings()).toHaveLength(1);
    expect(h.sim.rings()[0].members).toEqual(ips);
    for (const ip of ips) {
      expect((await h.get(ip, '/api/v0/probes/readiness')).status).toBe(200);
      const eps = await h.endpoints(ip);
      expect(eps.map(rpcAddress).sort()).toEqual(ips);
      const local = eps.filter((e) => e.IS_LOCAL === 'true');
      expect(local).toHaveLength(1);
      expect(rpcAddress(local[0])).toBe(ip);
      expect(local[0].HOST_ID).toBe(h.sim.node(ip)?.hostId);
      for (const e of eps) {
        expect(e.STATUS).toMatch(/^NORMAL,-?\d+$/);
        expect(e.STATUS_WITH_PORT).toBe(e.STATUS);
        expect(e.IS_ALIVE).toBe('true');
        expect(e).toMatchObject({ DC: 'dc1', RACK: 'r1', RPC_ADDRESS: rpcAddress(e), ENDPOINT_IP: rpcAddress(e) });
        expect(e.HOST_ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
    }
    expect(new Set(ips.map((ip) => h.sim.node(ip)?.hostId)).size).toBe(3);
    // A second start of a running node is "already running and can connect".
    expect((await h.post('10.0.0.1', '/api/v0/lifecycle/start')).status).toBe(202);
  });

  test('host ids and tokens come from the seeded generator', async () => {
    await oneDc();
    const first = h.sim.nodes().map((n) => [n.hostId, n.tokens]);
    await h.close();
    h = new SimHarness();
    await oneDc();
    expect(h.sim.nodes().map((n) => [n.hostId, n.tokens])).toEqual(first);
    expect(h.sim.node('10.0.0.1')?.tokens).toHaveLength(16);
  });

  test('a non-seed that reaches no live seed exits during start-up and never becomes ready', async () => {
    await h.addPod('10.0.0.1', { seeds: ['10.0.0.1'] });
    await h.addPod('10.0.0.2', { seeds: ['10.0.0.1'] });
    // The sidecar only launches the process: 201, then Cassandra gives up on gossip.
    await h.start('10.0.0.2');
    expect(h.sim.node('10.0.0.2')).toMatchObject({ status: 'failed', failureReason: 'Unable to gossip with any peers' });
    expect((await h.get('10.0.0.2', '/api/v0/probes/readiness')).status).toBe(500);
    expect((await h.get('10.0.0.2', '/api/v0/probes/liveness')).status).toBe(200);
    expect(h.sim.rings()).toHaveLength(0);

    // Once the seed runs, the retried start joins it.
    await h.start('10.0.0.1');
    await h.start('10.0.0.2');
    expect(h.sim.node('10.0.0.2')?.status).toBe('normal');
    expect(h.sim.rings()[0].members).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  test('an empty seed list and a seed of another cluster name do not give a ring', async () => {
    await h.addPod('10.0.0.1', { seeds: [] });
    await h.start('10.0.0.1');
    expect(h.sim.node('10.0.0.1')).toMatchObject({ status: 'failed', failureReason: 'The seed provider lists no seeds.' });

    await h.addPod('10.0.1.1', { clusterName: 'other', seeds: ['10.0.1.1'] });
    await h.start('10.0.1.1');
    await h.addPod('10.0.0.2', { seeds: ['10.0.1.1'] });
    await h.start('10.0.0.2');
    expect(h.sim.node('10.0.0.2')?.status).toBe('failed');
  });

  test('a launch failure answers 420 and the next start goes ahead', async () => {
    await h.addPod('10.0.0.1');
    h.sim.failNextStart('10.0.0.1', 'no space left on device');
    const res = await h.post('10.0.0.1', '/api/v0/lifecycle/start');
    expect(res).toMatchObject({ status: 420, body: 'Error starting Cassandra: no space left on device' });
    expect(h.sim.node('10.0.0.1')?.status).toBe('not-started');
    await h.start('10.0.0.1');
    expect(h.sim.node('10.0.0.1')?.status).toBe('normal');
  });

  test('start-up takes the configured simulated time', async () => {
    await h.close();
    h = new SimHarness({ startupMs: 30_000 });
    await h.addPod('10.0.0.1');
    await h.start('10.0.0.1');
    expect(h.sim.node('10.0.0.1')?.status).toBe('starting');
    expect((await h.post('10.0.0.1', '/api/v0/lifecycle/start')).status).toBe(204);
    expect((await h.get('10.0.0.1', '/api/v0/probes/readiness')).status).toBe(500);
    h.clock.advance(30_000);
    expect((await h.get('10.0.0.1', '/api/v0/probes/readiness')).status).toBe(200);
  });

  test('two DCs started with disjoint seeds are two rings with one cluster name until seeds reload', async () => {
    await oneDc({ ips: ['10.0.0.1', '10.0.0.2'], dc: 'dc1' });
    await oneDc({ ips: ['10.1.0.1', '10.1.0.2'], dc: 'dc2' });

    const rings = h.sim.rings();
    expect(rings).toHaveLength(2);
    expect(rings.map((r) => r.clusterName)).toEqual(['demo', 'demo']);
    expect(rings.map((r) => r.datacenters)).toEqual([['dc1'], ['dc2']]);
    expect((await h.endpoints('10.0.0.1')).map((e) => e.DC)).toEqual(['dc1', 'dc1']);
    expect((await h.endpoints('10.1.0.1')).map((e) => e.DC)).toEqual(['dc2', 'dc2']);
    // Each ring set up its own schema and default superuser.
    expect(h.sim.roles().filter((r) => r.name === 'cassandra')).toHaveLength(2);

    // The additional-seed EndpointSlice now lists dc1's seed; cass-operator reloads seeds.
    h.seeds.set('10.1.0.1', ['10.1.0.1', '10.0.0.1']);
    const reload = await h.post('10.1.0.1', '/api/v0/ops/seeds/reload');
    expect(reload.status).toBe(200);
    expect(reload.json()).toEqual(['10.0.0.1']);
    expect(h.sim.node('10.1.0.1')?.resolvedSeeds).toEqual(['10.1.0.1', '10.0.0.1']);

    expect(h.sim.rings()).toHaveLength(1);
    expect(h.sim.rings()[0].datacenters).toEqual(['dc1', 'dc2']);
    expect((await h.endpoints('10.0.0.2')).map((e) => e.DC).sort()).toEqual(['dc1', 'dc1', 'dc2', 'dc2']);
    const superuser = h.sim.roles().filter((r) => r.name === 'cassandra');
    expect(superuser).toHaveLength(1);
    expect(superuser[0].creates).toBe(2);
    // System tables have name-derived ids, so the merged schema agrees.
    const versions = (await h.get('10.0.0.1', '/api/v1/ops/node/schema/versions')).json();
    expect(Object.values(versions)).toEqual([['10.0.0.1', '10.0.0.2', '10.1.0.1', '10.1.0.2']]);
    expect(h.sim.rings()[0].schemaConflicts).toEqual([]);
  });

  test('rings that created the same user table apart never reach schema agreement after merging', async () => {
    await oneDc({ ips: ['10.0.0.1'], dc: 'dc1' });
    await oneDc({ ips: ['10.1.0.1'], dc: 'dc2' });
    const table = { keyspace_name: 'reaper_db', table_name: 'cluster', columns: [{ name: 'k', type: 'int', kind: 'PARTITION_KEY', position: 0 }] };
    for (const [ip, dc] of [['10.0.0.1', 'dc1'], ['10.1.0.1', 'dc2']]) {
      expect((await h.post(ip, '/api/v0/ops/keyspace/create', replicationBody('reaper_db', { [dc]: 1 }))).status).toBe(200);
      expect((await h.post(ip, '/api/v0/ops/tables/create', table)).status).toBe(200);
    }
    h.seeds.set('10.1.0.1', ['10.1.0.1', '10.0.0.1']);
    await h.post('10.1.0.1', '/api/v0/ops/seeds/reload');
    expect(h.sim.rings()).toHaveLength(1);
    expect(h.sim.rings()[0].schemaConflicts).toEqual(['reaper_db.cluster']);
    const versions = (await h.get('10.0.0.1', '/api/v1/ops/node/schema/versions')).json();
    expect(Object.keys(versions)).toHaveLength(2);
    const eps = await h.endpoints('10.0.0.1');
    expect(new Set(eps.map((e) => e.SCHEMA)).size).toBe(2);
  });

  test('a seed that was down at start-up is gossiped to once it is up', async () => {
    await h.addPod('10.0.0.1', { seeds: ['10.0.0.1'] });
    await h.addPod('10.1.0.1', { datacenter: 'dc2', seeds: ['10.1.0.1', '10.0.0.1'] });
    await h.start('10.1.0.1');
    expect(h.sim.rings()).toHaveLength(1);
    await h.start('10.0.0.1');
    expect(h.sim.rings()).toHaveLength(1);
    expect(h.sim.rings()[0].members).toEqual(['10.0.0.1', '10.1.0.1']);
  });

  test('a killed node stays in the ring as DOWN and rejoins on restart without its seeds', async () => {
    const ips = await oneDc();
    const hostId = h.sim.node('10.0.0.3')?.hostId;
    await h.kill('10.0.0.3');
    expect(h.sim.node('10.0.0.3')?.status).toBe('down');
    const seen = (await h.endpoints('10.0.0.1')).find((e) => rpcAddress(e) === '10.0.0.3');
    expect(seen).toMatchObject({ IS_ALIVE: 'false', HOST_ID: hostId });
    expect(seen?.STATUS).toMatch(/^NORMAL,/);
    expect(h.sim.rings()[0].members).toEqual(ips);
    expect(() => h.sim.request('10.0.0.3', 'GET', '/api/v0/probes/liveness')).toThrow(/connection refused/);

    await h.revive('10.0.0.3');
    expect((await h.get('10.0.0.3', '/api/v0/probes/readiness')).status).toBe(500);
    h.seeds.set('10.0.0.3', []);
    await h.start('10.0.0.3');
    expect(h.sim.node('10.0.0.3')).toMatchObject({ status: 'down', failureReason: 'The seed provider lists no seeds.' });
    h.seeds.set('10.0.0.3', ['10.9.9.9']);
    await h.start('10.0.0.3');
    expect(h.sim.node('10.0.0.3')).toMatchObject({ status: 'normal', hostId });
    expect((await h.endpoints('10.0.0.1')).every((e) => e.IS_ALIVE === 'true')).toBe(true);
  });

  test('a new node at the address of a dead member is refused without replace_ip', async () => {
    await oneDc();
    await h.remove('10.0.0.3');
    await h.addPod('10.0.0.3', { podName: 'newcomer', seeds: ['10.0.0.1'] });
    await h.start('10.0.0.3');
    expect(h.sim.node('10.0.0.3')?.failureReason).toBe(
      'A node with address /10.0.0.3:7000 already exists, cancelling join. Use cassandra.replace_address if you want to replace this node.',
    );
    expect((await h.post('10.0.0.3', '/api/v0/lifecycle/start?replace_ip=10.0.0.3')).status).toBe(201);
    expect(h.sim.node('10.0.0.3')?.status).toBe('normal');
    expect(h.sim.rings()[0].members).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });

  test('a pod restarted in place (no removeNode) comes back on its volume', async () => {
    await oneDc();
    const before = h.sim.node('10.0.0.2')!;
    await h.kill('10.0.0.2');
    await h.unlisten('10.0.0.2');
    await h.addPod('10.0.0.2', { podName: before.podName, seeds: ['10.0.0.1'] });
    await h.start('10.0.0.2');
    expect(h.sim.node('10.0.0.2')).toMatchObject({ hostId: before.hostId, status: 'normal' });
    await expect(h.addPod('10.0.0.2', { podName: 'clash' })).rejects.toThrow(/already used/);
  });

  test('a request reaching a pod whose processes are down has its connection reset', async () => {
    await oneDc({ ips: ['10.0.0.1'] });
    h.sim.killNode('10.0.0.1');
    await expect(h.get('10.0.0.1', '/api/v0/probes/liveness')).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  test('a recreated pod on the same volume keeps its host id and tokens under a new IP', async () => {
    await oneDc();
    const before = h.sim.node('10.0.0.3')!;
    await h.remove('10.0.0.3');
    await h.addPod('10.0.0.9', { podName: before.podName, seeds: ['10.0.0.1'] });
    await h.start('10.0.0.9');
    expect(h.sim.node('10.0.0.9')).toMatchObject({ hostId: before.hostId, tokens: before.tokens, status: 'normal' });
    expect(h.sim.rings()[0].members).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.9']);
  });

  test('replace_ip takes over a dead node\'s tokens; a live node cannot be replaced', async () => {
    await oneDc();
    const dead = h.sim.node('10.0.0.3')!;
    const bad = await h.post('10.0.0.1', '/api/v0/lifecycle/start?replace_ip=not-an-ip');
    expect(bad.status).toBe(400);

    await h.addPod('10.0.0.4', { podName: 'other', seeds: ['10.0.0.1'] });
    await h.start('10.0.0.4');
    await h.addPod('10.0.0.5', { podName: 'another', seeds: ['10.0.0.1'] });
    expect((await h.post('10.0.0.5', '/api/v0/lifecycle/start?replace_ip=10.0.0.4')).status).toBe(201);
    expect(h.sim.node('10.0.0.5')?.failureReason).toMatch(/Cannot replace a live node/);

    await h.remove('10.0.0.3');
    await h.addPod('10.0.0.6', { podName: dead.podName, freshVolume: true, seeds: ['10.0.0.1'] });
    expect((await h.post('10.0.0.6', '/api/v0/lifecycle/start?replace_ip=10.0.0.3')).status).toBe(201);
    const replacement = h.sim.node('10.0.0.6')!;
    expect(replacement.status).toBe('normal');
    expect(replacement.tokens).toEqual(dead.tokens);
    expect(replacement.hostId).not.toBe(dead.hostId);
    expect(h.sim.rings()[0].members).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.4', '10.0.0.6']);
  });
});

describe('probes', () => {
  beforeEach(() => {
    h = new SimHarness();
  });

  test('the cluster probe counts live replicas of every range in the local DC', async () => {
    await oneDc();
    const probe = (ip: string, cl: string, rf: number): Promise<{ status: number }> =>
      h.get(ip, `/api/v0/probes/cluster?consistency_level=${cl}&rf_per_dc=${rf}`);
    expect((await probe('10.0.0.1', 'LOCAL_QUORUM', 3)).status).toBe(200);
    await h.kill('10.0.0.3');
    expect((await probe('10.0.0.1', 'LOCAL_QUORUM', 3)).status).toBe(200);
    expect((await probe('10.0.0.1', 'ALL', 3)).status).toBe(500);
    await h.kill('10.0.0.2');
    const res = await h.get('10.0.0.1', '/api/v0/probes/cluster?consistency_level=LOCAL_QUORUM&rf_per_dc=3');
    expect(res.status).toBe(500);
    const failures = res.json() as Record<string, string[]>;
    expect(Object.keys(failures).length).toBeGreaterThan(0);
    for (const [range, messages] of Object.entries(failures)) {
      expect(range).toMatch(/^\[-?\d+, -?\d+\]$/);
      expect(messages[0]).toMatch(/LOCAL_QUORUM: 2 replicas required, but only 1 alive/);
    }
    expect((await probe('10.0.0.1', 'LOCAL_ONE', 3)).status).toBe(200);
    expect((await probe('10.0.0.1', 'BOGUS', 3)).status).toBe(400);
  });

  test('more replicas per DC than nodes fail the probe', async () => {
    await oneDc({ ips: ['10.0.0.1'] });
    const res = await h.get('10.0.0.1', '/api/v0/probes/cluster?consistency_level=LOCAL_QUORUM&rf_per_dc=3');
    expect(res.status).toBe(500);
    expect(Object.values(res.json() as Record<string, string[]>)[0]).toContain('3 replicas required, but only 1 nodes in the ring');
    expect((await h.get('10.0.0.1', '/api/v0/probes/cluster?consistency_level=LOCAL_QUORUM&rf_per_dc=1')).status).toBe(200);
  });
});

describe('keyspaces and replication', () => {
  beforeEach(() => {
    h = new SimHarness();
  });

  test('system keyspaces exist from the first start with Cassandra 4 defaults', async () => {
    await oneDc();
    const list = await h.get('10.0.0.1', '/api/v0/ops/keyspace');
    expect(list.json()).toEqual(['system', 'system_schema', 'system_auth', 'system_distributed', 'system_traces']);
    expect((await h.get('10.0.0.1', '/api/v0/ops/keyspace?keyspaceName=system_auth')).json()).toEqual(['system_auth']);
    expect((await h.get('10.0.0.1', '/api/v0/ops/keyspace?keyspaceName=nope')).json()).toEqual([]);
    const rep = async (ks: string): Promise<unknown> => (await h.get('10.0.0.2', `/api/v0/ops/keyspace/replication?keyspaceName=${ks}`)).json();
    expect(await rep('system_auth')).toEqual({ class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' });
    expect(await rep('system_distributed')).toEqual({ class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '3' });
    expect(await rep('system_traces')).toEqual({ class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '2' });
    expect((await h.get('10.0.0.2', '/api/v0/ops/keyspace/replication?keyspaceName=nope')).status).toBe(404);
    expect((await h.get('10.0.0.2', '/api/v0/ops/keyspace/replication')).status).toBe(400);
  });

  test('the founder\'s system replication option creates system keyspaces with NetworkTopologyStrategy', async () => {
    await h.addPod('10.0.0.1', { systemReplication: { dc1: 3 } });
    await h.start('10.0.0.1');
    expect(h.sim.keyspace('system_auth')?.replicationMap).toEqual({ class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', dc1: '3' });
  });

  test('NetworkTopologyStrategy naming a DC without nodes is rejected from 4.0 on', async () => {
    await oneDc();
    const create = await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', replicationBody('app', { dc1: 3, dc2: 3 }));
    expect(create.status).toBe(500);
    expect(create.body).toBe('Unrecognized strategy option {dc2} passed to NetworkTopologyStrategy for keyspace app');
    expect(h.sim.keyspace('app')).toBeUndefined();
    const alter = await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('system_auth', { dc1: 3, dc2: 3 }));
    expect(alter.status).toBe(500);
    expect(alter.body).toMatch(/Unrecognized strategy option \{dc2\}/);
    expect(h.sim.keyspace('system_auth')?.replication).toEqual({ class: 'SimpleStrategy', replicationFactor: 1 });

    // RF above the node count is accepted (string factors as k8ssandra-operator sends them).
    const ok = await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', replicationBody('app', { dc1: '5' }));
    expect(ok.status).toBe(200);
    expect(h.sim.keyspace('app')?.replicationMap).toEqual({ class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', dc1: '5' });
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('missing', { dc1: 1 }))).status).toBe(500);
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', { replication_settings: [] })).status).toBe(400);
  });

  test('Cassandra 3.11 accepts an unknown DC', async () => {
    await oneDc({ version: '3.11.17' });
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', replicationBody('app', { dc1: 1, dc9: 3 }))).status).toBe(200);
    const eps = await h.endpoints('10.0.0.1');
    expect(eps[0].STATUS_WITH_PORT).toBeUndefined();
    expect(eps.map(rpcAddress)).toContain('10.0.0.1');
  });

  test('4.1 rejects dropping a DC with live nodes from system_auth; 4.0 does not', async () => {
    for (const [version, expected] of [['4.1.5', 500], ['4.0.13', 200]] as const) {
      await h.close();
      h = new SimHarness();
      await oneDc({ version, ips: ['10.0.0.1', '10.0.0.2'], dc: 'dc1' });
      for (const ip of ['10.1.0.1', '10.1.0.2']) await h.addPod(ip, { datacenter: 'dc2', serverVersion: version, seeds: ['10.0.0.1'] });
      for (const ip of ['10.1.0.1', '10.1.0.2']) await h.start(ip);
      expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('system_auth', { dc1: 2, dc2: 2 }))).status).toBe(200);
      const drop = await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('system_auth', { dc1: 2 }));
      expect(drop.status).toBe(expected);
      if (expected === 500) {
        expect(drop.body).toMatch(/dc2 .*system_auth/);
        // With dc2 all down the removal goes through.
        await h.kill('10.1.0.1');
        await h.kill('10.1.0.2');
        expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('system_auth', { dc1: 2 }))).status).toBe(200);
      }
    }
  });

  test('tables and schema versions', async () => {
    await oneDc();
    const table = { keyspace_name: 'system_auth', table_name: 't', columns: [{ name: 'k', type: 'int', kind: 'PARTITION_KEY', position: 0 }] };
    expect((await h.post('10.0.0.1', '/api/v0/ops/tables/create', { ...table, keyspace_name: 'nope' })).status).toBe(500);
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', replicationBody('app', { dc1: 3 }))).status).toBe(200);
    expect((await h.post('10.0.0.1', '/api/v0/ops/tables/create', { ...table, keyspace_name: 'app' })).status).toBe(200);
    expect((await h.get('10.0.0.2', '/api/v0/ops/tables?keyspaceName=app')).json()).toEqual(['t']);
    const versions = (await h.get('10.0.0.2', '/api/v1/ops/node/schema/versions')).json() as Record<string, string[]>;
    expect(Object.keys(versions)).toHaveLength(1);
    await h.kill('10.0.0.3');
    const split = (await h.get('10.0.0.2', '/api/v1/ops/node/schema/versions')).json() as Record<string, string[]>;
    expect(split.UNREACHABLE).toEqual(['10.0.0.3']);
    expect(Object.keys(split)).toHaveLength(2);
  });
});

describe('roles', () => {
  beforeEach(() => {
    h = new SimHarness();
  });

  const role = (name: string, password = 'secret'): string =>
    `/api/v0/ops/auth/role?can_login=true&is_superuser=true&password=${password}&username=${name}`;

  test('role writes are upserts counted per role', async () => {
    await oneDc();
    expect((await h.post('10.0.0.1', role('demo-superuser'))).status).toBe(200);
    expect((await h.post('10.0.0.2', role('demo-superuser', 'other'))).status).toBe(200);
    expect(h.sim.roles().find((r) => r.name === 'demo-superuser')).toMatchObject({ creates: 1, updates: 1, superuser: true, login: true });
    expect((await h.post('10.0.0.1', '/api/v0/ops/auth/role?username=x&password=')).status).toBe(400);
    const list = (await h.get('10.0.0.3', '/api/v0/ops/auth/role')).json();
    expect(list).toContainEqual({ name: 'demo-superuser', super: 'true', login: 'true', options: '{}', datacenters: 'ALL' });
    expect((await h.call('10.0.0.3', 'DELETE', '/api/v0/ops/auth/role?username=demo-superuser')).status).toBe(200);
    expect(h.sim.roles().map((r) => r.name)).toEqual(['cassandra']);
  });

  test('4.1 writes roles at EACH_QUORUM: a DC of system_auth without quorum blocks them', async () => {
    await oneDc({ ips: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] });
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) await h.addPod(ip, { datacenter: 'dc2', seeds: ['10.0.0.1'] });
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) await h.start(ip);
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('system_auth', { dc1: 3, dc2: 3 }))).status).toBe(200);
    await h.kill('10.1.0.1');
    expect((await h.post('10.0.0.1', role('u1'))).status).toBe(200);
    await h.kill('10.1.0.2');
    const blocked = await h.post('10.0.0.1', role('u2'));
    expect(blocked.status).toBe(500);
    expect(blocked.body).toMatch(/Cannot achieve consistency level EACH_QUORUM: 2 replicas required, but only 1 alive in dc2/);
    expect(h.sim.roles().map((r) => r.name)).not.toContain('u2');
  });

  test('before 4.1 a role write needs one live local replica', async () => {
    await oneDc({ version: '4.0.13', ips: ['10.0.0.1', '10.0.0.2'] });
    for (const ip of ['10.1.0.1', '10.1.0.2']) await h.addPod(ip, { datacenter: 'dc2', serverVersion: '4.0.13', seeds: ['10.0.0.1'] });
    for (const ip of ['10.1.0.1', '10.1.0.2']) await h.start(ip);
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('system_auth', { dc1: 2, dc2: 2 }))).status).toBe(200);
    await h.kill('10.1.0.1');
    await h.kill('10.1.0.2');
    expect((await h.post('10.0.0.1', role('u1'))).status).toBe(200);
  });

  test('with SimpleStrategy the 4.1 write needs a quorum of the ring\'s replicas', async () => {
    await oneDc();
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('system_auth', { dc1: 3 }))).status).toBe(200);
    await h.kill('10.0.0.2');
    await h.kill('10.0.0.3');
    expect((await h.post('10.0.0.1', role('u1'))).status).toBe(500);
  });
});

describe('jobs', () => {
  beforeEach(() => {
    h = new SimHarness({ jobDurationsMs: { rebuild: 60_000, decommission: 10_000 } });
  });

  async function twoDcs(): Promise<void> {
    await oneDc({ ips: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] });
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', replicationBody('app', { dc1: 3 }))).status).toBe(200);
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) await h.addPod(ip, { datacenter: 'dc2', seeds: ['10.0.0.1', '10.1.0.1'] });
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) await h.start(ip);
  }

  test('a new DC holds no data of a user keyspace until rebuilt from an existing DC', async () => {
    await twoDcs();
    expect(h.sim.node('10.1.0.1')?.hasData).not.toHaveProperty('app');
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('app', { dc1: 3, dc2: 3 }))).status).toBe(200);
    expect(h.sim.node('10.1.0.1')?.hasData.app).toBe(false);
    expect(h.sim.node('10.0.0.1')?.hasData.app).toBe(true);

    const submit = await h.post('10.1.0.1', '/api/v1/ops/node/rebuild?src_dc=dc1');
    expect(submit.status).toBe(202);
    const id = submit.body;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await h.job('10.1.0.1', id)).toMatchObject({ id, type: 'rebuild', status: 'WAITING' });
    h.clock.advance(59_999);
    expect((await h.job('10.1.0.1', id)).status).toBe('WAITING');
    h.clock.advance(1);
    const done = await h.job('10.1.0.1', id);
    expect(done).toMatchObject({ status: 'COMPLETED', submit_time: expect.stringMatching(/^\d+$/), end_time: String(h.clock.now()) });
    expect(h.sim.node('10.1.0.1')).toMatchObject({ rebuiltFrom: ['dc1'], hasData: expect.objectContaining({ app: true }) });
    expect(h.sim.node('10.1.0.2')?.hasData.app).toBe(false);
  });

  test('a joining non-seed streams existing data; a joining seed does not bootstrap', async () => {
    await oneDc({ ips: ['10.0.0.1', '10.0.0.2'] });
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', replicationBody('app', { dc1: 2 }))).status).toBe(200);
    await h.addPod('10.0.0.3', { seeds: ['10.0.0.1'] });
    await h.start('10.0.0.3');
    expect(h.sim.node('10.0.0.3')?.hasData.app).toBe(true);
    await h.addPod('10.0.0.4', { seeds: ['10.0.0.1', '10.0.0.4'] });
    await h.start('10.0.0.4');
    expect(h.sim.node('10.0.0.4')).toMatchObject({ status: 'normal', hasData: expect.objectContaining({ app: false }) });
  });

  test('no node bootstraps while another is leaving', async () => {
    await twoDcs();
    const id = (await h.post('10.1.0.3', '/api/v1/ops/node/decommission?force=true')).body;
    await h.addPod('10.0.0.4', { seeds: ['10.0.0.1'] });
    await h.start('10.0.0.4');
    expect(h.sim.node('10.0.0.4')?.failureReason).toMatch(/Other bootstrapping\/leaving\/moving nodes detected/);
    h.clock.advance(10_000);
    expect((await h.job('10.1.0.3', id)).status).toBe('COMPLETED');
    await h.start('10.0.0.4');
    expect(h.sim.node('10.0.0.4')?.status).toBe('normal');
  });

  test('rebuild from a DC that does not exist or has no live node fails the job', async () => {
    await twoDcs();
    const missing = (await h.post('10.1.0.1', '/api/v1/ops/node/rebuild?src_dc=dc9')).body;
    expect(await h.job('10.1.0.1', missing)).toMatchObject({
      status: 'ERROR',
      error: "Provided datacenter 'dc9' is not a valid datacenter, available datacenters are: dc1,dc2",
    });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) await h.kill(ip);
    const dead = (await h.post('10.1.0.1', '/api/v1/ops/node/rebuild?src_dc=dc1')).body;
    expect(await h.job('10.1.0.1', dead)).toMatchObject({ status: 'ERROR', error: expect.stringMatching(/no live node in datacenter dc1/) });
    expect(h.sim.node('10.1.0.1')?.rebuiltFrom).toEqual([]);
  });

  test('unknown job ids are 404 and jobs die with the Cassandra process', async () => {
    await twoDcs();
    expect((await h.get('10.1.0.1', '/api/v0/ops/executor/job?job_id=nope')).status).toBe(404);
    const id = (await h.post('10.1.0.1', '/api/v1/ops/node/rebuild?src_dc=dc1')).body;
    await h.kill('10.1.0.1');
    await h.revive('10.1.0.1');
    await h.start('10.1.0.1');
    expect((await h.get('10.1.0.1', `/api/v0/ops/executor/job?job_id=${id}`)).status).toBe(404);
    expect(h.sim.node('10.1.0.1')?.rebuiltFrom).toEqual([]);
  });

  test('decommission: LEAVING while streaming, then gone; a DC whose nodes all left disappears', async () => {
    await twoDcs();
    const id = (await h.post('10.1.0.3', '/api/v1/ops/node/decommission?force=true')).body;
    const leaving = (await h.endpoints('10.0.0.1')).find((e) => rpcAddress(e) === '10.1.0.3');
    expect(leaving?.STATUS).toMatch(/^LEAVING,/);
    expect(h.sim.node('10.1.0.3')?.status).toBe('leaving');
    h.clock.advance(10_000);
    expect((await h.job('10.1.0.3', id)).status).toBe('COMPLETED');
    expect((await h.endpoints('10.0.0.1')).map(rpcAddress)).not.toContain('10.1.0.3');
    const self = await h.endpoints('10.1.0.3');
    expect(self).toHaveLength(1);
    expect(self[0].STATUS).toMatch(/^LEFT,/);
    expect((await h.get('10.1.0.3', '/api/v0/probes/readiness')).status).toBe(500);

    // Synchronous variant for the rest of dc2, with system_auth still replicated there.
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/alter', replicationBody('system_auth', { dc1: 3, dc2: 3 }))).status).toBe(200);
    expect((await h.post('10.1.0.2', '/api/v0/ops/node/decommission?force=true')).status).toBe(200);
    expect((await h.post('10.1.0.1', '/api/v0/ops/node/decommission?force=true')).status).toBe(200);
    expect(h.sim.rings()[0].datacenters).toEqual(['dc1']);
    // EACH_QUORUM now waits for a DC that is gone.
    const roleWrite = await h.post('10.0.0.1', '/api/v0/ops/auth/role?username=u&password=p&is_superuser=false&can_login=true');
    expect(roleWrite.status).toBe(500);
    expect(roleWrite.body).toMatch(/EACH_QUORUM.*in dc2/);
    const create = await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', replicationBody('later', { dc1: 1, dc2: 1 }));
    expect(create.body).toMatch(/Unrecognized strategy option \{dc2\}/);

    // A decommissioned node does not rejoin on restart.
    await h.kill('10.1.0.1');
    await h.revive('10.1.0.1');
    await h.start('10.1.0.1');
    expect(h.sim.node('10.1.0.1')).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/decommissioned/) });
  });

  test('decommission refusals: RF check without force, last node, not normal', async () => {
    await oneDc();
    expect((await h.post('10.0.0.1', '/api/v0/ops/keyspace/create', replicationBody('app', { dc1: 3 }))).status).toBe(200);
    const noForce = await h.post('10.0.0.3', '/api/v0/ops/node/decommission?force=false');
    expect(noForce.status).toBe(500);
    // Cassandra checks every keyspace not on LocalStrategy, system_distributed (RF 3) included.
    expect(noForce.body).toBe(
      'Not enough live nodes to maintain replication factor in keyspace system_distributed (RF = 3, N = 3). Perform a forceful decommission to ignore.',
    );
    const first = (await h.post('10.0.0.3', '/api/v1/ops/node/decommission?force=true')).body;
    const again = (await h.post('10.0.0.3', '/api/v1/ops/node/decommission?force=true')).body;
    expect((await h.job('10.0.0.3', again)).status).toBe('ERROR');
    const cleanup = (await h.post('10.0.0.1', '/api/v1/ops/keyspace/cleanup', { jobs: '1', keyspace_name: 'app' })).body;
    expect(await h.job('10.0.0.1', cleanup)).toMatchObject({ status: 'ERROR', error: expect.stringMatching(/Not safe to run cleanup/) });
    h.clock.advance(10_000);
    expect((await h.job('10.0.0.3', first)).status).toBe('COMPLETED');
    expect((await h.post('10.0.0.2', '/api/v0/ops/node/decommission?force=true')).status).toBe(200);
    const last = await h.post('10.0.0.1', '/api/v0/ops/node/decommission?force=true');
    expect(last.body).toBe('no other normal nodes in the ring; decommission would be pointless');
  });

  test('sstable and table jobs, cleanup, move', async () => {
    await oneDc();
    for (const path of ['/api/v1/ops/keyspace/cleanup', '/api/v1/ops/tables/sstables/upgrade', '/api/v1/ops/tables/compact',
      '/api/v1/ops/tables/scrub', '/api/v1/ops/tables/flush', '/api/v1/ops/tables/garbagecollect']) {
      const res = await h.post('10.0.0.1', path, { keyspace_name: 'system_auth', tables: [] });
      expect(res.status).toBe(202);
      expect((await h.job('10.0.0.1', res.body)).status).toBe('COMPLETED');
      expect((await h.post('10.0.0.1', path.replace('/v1/', '/v0/'), { keyspace_name: 'system_auth' })).status).toBe(200);
    }
    const missing = (await h.post('10.0.0.1', '/api/v1/ops/keyspace/cleanup', { keyspace_name: 'nope' })).body;
    expect(await h.job('10.0.0.1', missing)).toMatchObject({ status: 'ERROR', error: 'Keyspace nope does not exist' });

    expect((await h.post('10.0.0.1', '/api/v0/ops/node/move')).status).toBe(400);
    const multi = await h.post('10.0.0.1', '/api/v0/ops/node/move?newToken=42');
    expect(multi.status).toBe(202);
    expect((await h.job('10.0.0.1', multi.body)).error).toBe('This node has more than one token and cannot be moved thusly.');
  });

  test('move on a single-token node', async () => {
    await h.addPod('10.0.0.1', { numTokens: 1 });
    await h.addPod('10.0.0.2', { numTokens: 1, seeds: ['10.0.0.1'] });
    await h.start('10.0.0.1');
    await h.start('10.0.0.2');
    const taken = h.sim.node('10.0.0.1')!.tokens[0];
    const clash = (await h.post('10.0.0.2', `/api/v0/ops/node/move?newToken=${taken}`)).body;
    expect((await h.job('10.0.0.2', clash)).status).toBe('ERROR');
    const id = (await h.post('10.0.0.2', '/api/v0/ops/node/move?newToken=-42')).body;
    expect((await h.job('10.0.0.2', id)).status).toBe('COMPLETED');
    expect(h.sim.node('10.0.0.2')?.tokens).toEqual(['-42']);
  });
});

describe('metadata and misc endpoints', () => {
  beforeEach(() => {
    h = new SimHarness();
  });

  test('features, release, fql, drain and unknown paths', async () => {
    await oneDc({ ips: ['10.0.0.1', '10.0.0.2'] });
    const features = (await h.get('10.0.0.1', '/api/v0/metadata/versions/features')).json();
    expect(features.cassandra_version).toBe('4.1.5');
    expect(features.features).toEqual([...MANAGEMENT_API_FEATURES]);
    expect(features.features).toEqual(expect.arrayContaining(['async_sstable_tasks', 'rebuild', 'async_flush_task', 'full_query_logging']));
    expect((await h.get('10.0.0.1', '/api/v0/metadata/versions/release')).body).toBe('4.1.5');
    expect((await h.get('10.0.0.1', '/api/v0/metadata/localdc')).body).toBe('dc1');

    expect((await h.get('10.0.0.1', '/api/v0/ops/node/fullquerylogging')).json()).toEqual({ entity: false });
    expect((await h.post('10.0.0.1', '/api/v0/ops/node/fullquerylogging?enabled=true')).status).toBe(200);
    expect((await h.get('10.0.0.1', '/api/v0/ops/node/fullquerylogging')).json()).toEqual({ entity: true });
    expect((await h.post('10.0.0.1', '/api/v0/ops/node/encryption/internode/truststore/reload')).status).toBe(200);

    expect((await h.post('10.0.0.2', '/api/v0/ops/node/drain')).status).toBe(200);
    expect(h.sim.node('10.0.0.2')?.status).toBe('down');
    expect((await h.get('10.0.0.2', '/api/v0/probes/readiness')).status).toBe(500);
    expect((await h.endpoints('10.0.0.1')).find((e) => rpcAddress(e) === '10.0.0.2')?.IS_ALIVE).toBe('false');
    expect((await h.post('10.0.0.2', '/api/v0/lifecycle/stop')).status).toBe(200);
    expect((await h.get('10.0.0.2', '/api/v0/lifecycle/pid')).status).toBe(204);

    const unknown = await h.get('10.0.0.1', '/api/v0/ops/node/snapshots');
    expect(unknown.status).toBe(404);
    expect((await h.call('10.0.0.1', 'DELETE', '/api/v0/ops/keyspace')).status).toBe(405);
    expect(h.sim.calls.unknown().map((c) => c.path)).toEqual(['/api/v0/ops/node/snapshots']);
  });

  test('Cassandra 3.11 has no full query logging; DSE reports its native address', async () => {
    await oneDc({ version: '3.11.17', ips: ['10.0.0.1'] });
    expect((await h.get('10.0.0.1', '/api/v0/ops/node/fullquerylogging')).status).toBe(500);
    await h.addPod('10.2.0.1', { clusterName: 'dse', serverType: 'dse', serverVersion: '6.8.50' });
    await h.start('10.2.0.1');
    const [ep] = await h.endpoints('10.2.0.1');
    expect(ep.NATIVE_TRANSPORT_ADDRESS).toBe('10.2.0.1');
    expect(ep.NATIVE_ADDRESS_AND_PORT).toBeUndefined();
    expect((await h.get('10.2.0.1', '/api/v0/metadata/versions/features')).json().cassandra_version).toBe('4.0.0');
  });

  test('the call log records every request with time, pod, query and status', async () => {
    await oneDc({ ips: ['10.0.0.1'] });
    h.clock.advance(5);
    await h.post('10.0.0.1', '/api/v0/ops/auth/role?username=a&password=b&is_superuser=false&can_login=true');
    const [call] = h.sim.callsTo('/api/v0/ops/auth/role', { method: 'POST' });
    expect(call).toMatchObject({
      ip: '10.0.0.1',
      method: 'POST',
      path: '/api/v0/ops/auth/role',
      query: { username: 'a', password: 'b', is_superuser: 'false', can_login: 'true' },
      status: 200,
      time: h.clock.now(),
    });
    expect(h.sim.callsTo('/api/v0/lifecycle/start')).toHaveLength(1);
    expect(h.sim.calls.all.length).toBe(2);
  });
});
