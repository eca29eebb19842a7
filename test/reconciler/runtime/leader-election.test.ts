import { eventually, NAMESPACE, withLogs } from './helpers';
import { KubeClient, kubeHttpFor, loadKubeconfigFile, RESOURCES, type KubeHttp } from '../../../lib/kube';
import { LeaderElector, RuntimeMetrics, type LeaderElectionOptions, type LeaderElectionRecord } from '../../../lib/reconciler/runtime';
import { startApiServers, type ApiServerPlane, type ApiServers } from '../../../lib/testing';

const NS = 'leader-test';

let servers: ApiServers | undefined;
let http: KubeHttp;
let client: KubeClient;
const electors: LeaderElector[] = [];

function plane(): ApiServerPlane {
  const p = servers?.planes.leases;
  if (!p) throw new Error('plane not running');
  return p;
}

const logged = (fn: () => Promise<void>) => withLogs(() => servers, fn);

interface Candidate {
  readonly elector: LeaderElector;
  readonly events: string[];
  readonly run: Promise<void>;
  signal?: AbortSignal;
}

/** Short durations: lease 3 s, renew deadline 2 s, retry 0.5 s (client-go's ratios, scaled down). */
function candidate(lease: string, identity: string, options: Partial<LeaderElectionOptions> = {}): Candidate {
  const events: string[] = [];
  const c: { elector?: LeaderElector; signal?: AbortSignal } = {};
  const elector = new LeaderElector({
    client,
    namespace: NS,
    name: lease,
    identity,
    leaseDurationMs: 3_000,
    renewDeadlineMs: 2_000,
    retryPeriodMs: 500,
    metrics: new RuntimeMetrics(),
    onStartedLeading: (signal) => {
      events.push('started');
      c.signal = signal;
    },
    onStoppedLeading: () => events.push('stopped'),
    onNewLeader: (id) => events.push(`leader:${id}`),
    ...options,
  });
  electors.push(elector);
  const run = elector.run();
  return Object.assign(c, { elector, events, run }) as Candidate;
}

async function record(lease: string): Promise<LeaderElectionRecord> {
  const obj = await client.get(RESOURCES.Lease, { namespace: NS, name: lease });
  return obj?.spec as LeaderElectionRecord;
}

beforeAll(async () => {
  servers = await startApiServers({ planes: ['leases'] });
  http = kubeHttpFor(loadKubeconfigFile(plane().kubeconfigPath));
  client = new KubeClient(http);
  await client.apply(NAMESPACE, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
}, 300_000);

afterAll(async () => {
  await Promise.all(electors.map((e) => e.stop()));
  http?.close();
  await servers?.stop();
}, 120_000);

describe('LeaderElector on a real Lease', () => {
  test('rejects configurations client-go rejects', () => {
    const base = { client: {} as KubeClient, namespace: 'n', name: 'l', identity: 'me' };
    expect(() => new LeaderElector({ ...base, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 })).toThrow(/leaseDuration must be greater than renewDeadline/);
    expect(() => new LeaderElector({ ...base, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 })).toThrow(/renewDeadline must be greater than retryPeriod/);
    expect(() => new LeaderElector({ ...base, identity: '' })).toThrow(/identity/);
  });

  test('of two candidates exactly one leads and keeps renewing; release hands over without waiting for expiry', logged(async () => {
    // A long lease: if the standby waited for expiry it would need 30 s.
    const long = { leaseDurationMs: 30_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
    const a = candidate('release', 'a', long);
    const b = candidate('release', 'b', long);
    const [leader, standby] = await eventually('a leader', () => {
      if (a.elector.isLeader()) return [a, b];
      if (b.elector.isLeader()) return [b, a];
      return undefined;
    });
    expect(leader.events).toContain('started');
    // Several retry periods later: still the same single leader, renewing.
    const first = await record('release');
    await new Promise((r) => setTimeout(r, 1_500));
    const later = await record('release');
    expect(later.holderIdentity).toBe(leader.elector.identity);
    expect(later.renewTime > first.renewTime).toBe(true);
    expect(later.leaseTransitions).toBe(first.leaseTransitions);
    expect(later.leaseDurationSeconds).toBe(30);
    expect(standby.elector.isLeader()).toBe(false);
    expect(standby.events).toEqual([`leader:${leader.elector.identity}`]);

    await leader.elector.stop();
    await leader.run;
    expect(leader.signal?.aborted).toBe(true);
    expect(leader.events.slice(-1)).toEqual(['stopped']);
    const released = await record('release');
    if (released.holderIdentity !== standby.elector.identity) {
      expect(released).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    }

    const t0 = Date.now();
    await eventually('the standby to take over', () => standby.elector.isLeader(), 20_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(standby.events).toEqual([`leader:${leader.elector.identity}`, `leader:${standby.elector.identity}`, 'started']);
    const taken = await record('release');
    expect(taken.holderIdentity).toBe(standby.elector.identity);
    expect(taken.leaseTransitions).toBe(first.leaseTransitions + 1);
  }));

  test('when the leader stops renewing without releasing, the standby takes over only after the lease expires', logged(async () => {
    const a = candidate('expiry', 'a', { releaseOnCancel: false });
    await eventually('a to lead', () => a.elector.isLeader());
    const b = candidate('expiry', 'b', { releaseOnCancel: false });
    await eventually('b to see a as leader', () => b.events.includes('leader:a'));

    await a.elector.stop();
    const abandoned = await record('expiry');
    expect(abandoned.holderIdentity).toBe('a');
    const lastRenew = Date.parse(abandoned.renewTime);

    await eventually('b to take over', () => b.elector.isLeader(), 30_000);
    // A correctness bound, not a speed one: b must not take over a lease that is still valid.
    expect(Date.now() - lastRenew).toBeGreaterThanOrEqual(3_000);
    const taken = await record('expiry');
    expect(taken.holderIdentity).toBe('b');
    expect(taken.leaseTransitions).toBe(abandoned.leaseTransitions + 1);
    expect(Date.parse(taken.acquireTime)).toBeGreaterThan(Date.parse(abandoned.acquireTime));
  }));

  test('a leader that cannot renew within the deadline stops leading', logged(async () => {
    const errors: unknown[] = [];
    const a = candidate('outage', 'solo', { onError: (e) => errors.push(e) });
    await eventually('solo to lead', () => a.elector.isLeader());
    await plane().stop();
    try {
      await a.run;
      expect(a.events).toEqual(['leader:solo', 'started', 'stopped']);
      expect(a.signal?.aborted).toBe(true);
      expect(errors.map(String).join('\n')).toMatch(/failed to renew lease leader-test\/outage within 2000 ms/);
    } finally {
      await plane().start();
    }
  }), 120_000);
});
