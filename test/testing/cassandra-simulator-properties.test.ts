import fc from 'fast-check';
import { CassandraSimulator } from '../../lib/testing';

interface Topology {
  /** Per node: datacenter index and indices of the nodes it resolves as seeds. */
  nodes: Array<{ dc: number; seeds: number[] }>;
  /** Order of start calls (node indices, repeats allowed: a retried start). */
  starts: number[];
  /** Nodes killed after the starts. */
  kills: number[];
  /** Nodes whose seeds are then extended and reloaded. */
  reloads: Array<{ node: number; extra: number }>;
}

const topology: fc.Arbitrary<Topology> = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    nodes: fc.array(
      fc.record({ dc: fc.integer({ min: 0, max: 2 }), seeds: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }) }),
      { minLength: n, maxLength: n },
    ),
    starts: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 2 * n }),
    kills: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 2 }),
    reloads: fc.array(fc.record({ node: fc.integer({ min: 0, max: n - 1 }), extra: fc.integer({ min: 0, max: n - 1 }) }), { maxLength: 3 }),
  }),
);

const ipOf = (i: number): string => `10.0.0.${i + 1}`;

function build(t: Topology): CassandraSimulator {
  let time = 0;
  const sim = new CassandraSimulator({ clock: { now: () => time } });
  const seeds = t.nodes.map((n) => n.seeds.map(ipOf));
  t.nodes.forEach((n, i) => {
    sim.addNode({
      podName: `p${i}`,
      namespace: 'ns',
      plane: 'a',
      ip: ipOf(i),
      clusterName: 'demo',
      datacenter: `dc${n.dc}`,
      rack: 'r1',
      serverType: 'cassandra',
      serverVersion: '4.1.5',
      seeds: () => seeds[i],
      numTokens: 4,
    });
  });
  for (const i of t.starts) {
    time += 1;
    sim.request(ipOf(i), 'POST', '/api/v0/lifecycle/start');
  }
  for (const i of t.kills) sim.killNode(ipOf(i));
  for (const r of t.reloads) {
    seeds[r.node] = [...new Set([...seeds[r.node], ipOf(r.extra)])];
    if (sim.node(ipOf(r.node))?.processUp) sim.request(ipOf(r.node), 'POST', '/api/v0/ops/seeds/reload');
  }
  return sim;
}

/** IPs a live node's endpoint metadata lists. */
function view(sim: CassandraSimulator, ip: string): Set<string> {
  const res = sim.request(ip, 'GET', '/api/v0/metadata/endpoints');
  if (res.status !== 200) throw new Error(`endpoints of ${ip}: ${res.status}`);
  return new Set((JSON.parse(res.body).entity as Array<Record<string, string>>).map((e) => e.ENDPOINT_IP));
}

describe('ring membership properties', () => {
  test('membership is symmetric and rings partition the joined nodes', () => {
    fc.assert(
      fc.property(topology, (t) => {
        const sim = build(t);
        const live = sim.nodes().filter((n) => n.status === 'normal').map((n) => n.ip);
        for (const a of live) {
          const va = view(sim, a);
          expect(va.has(a)).toBe(true);
          for (const b of live) expect(view(sim, b).has(a)).toBe(va.has(b));
        }
        const members = sim.rings().flatMap((r) => r.members);
        expect(new Set(members).size).toBe(members.length);
        for (const n of sim.nodes()) expect(members.includes(n.ip)).toBe(n.ringId !== undefined);
      }),
      { numRuns: 150 },
    );
  });

  test('every ring has a founder that listed itself as a seed, and gossip leaves no mergeable pair', () => {
    fc.assert(
      fc.property(topology, (t) => {
        const sim = build(t);
        const nodes = sim.nodes();
        for (const ring of sim.rings()) {
          const founders = ring.members.filter((ip) => nodes.find((n) => n.ip === ip)?.resolvedSeeds.includes(ip));
          expect(founders.length).toBeGreaterThan(0);
        }
        for (const n of nodes.filter((x) => x.status === 'normal')) {
          for (const seed of n.resolvedSeeds) {
            const other = nodes.find((x) => x.ip === seed);
            if (other && other.status === 'normal') expect(other.ringId).toBe(n.ringId);
          }
        }
        // A node that never reached a live seed of a ring, and is not its own seed, is not in one.
        for (const n of nodes.filter((x) => x.status === 'failed')) {
          expect(n.ringId).toBeUndefined();
          expect(n.failureReason).toMatch(/seeds|gossip/);
        }
      }),
      { numRuns: 150 },
    );
  });
});
