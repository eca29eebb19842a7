import type { IncomingMessage, ServerResponse } from 'node:http';
import { CassandraSimulator, type CassandraSimulatorOptions } from './cassandra';
import type { CassandraBackend, CassandraPodInfo } from './node/cassandra-runtime';

// Cassandra resolves its seed names when it starts and when told to reload them; the
// simulator asks synchronously, so the addresses are looked up just before those calls.
/** Cassandra's default `cassandra.ring_delay_ms`. */
const CASSANDRA_RING_DELAY_MS = 30_000;

const RESOLVES_SEEDS = ['/api/v0/lifecycle/start', '/api/v0/ops/seeds/reload'];

/**
 * Connects the Cassandra simulator to the kubelet stand-in: one simulated node per Cassandra
 * pod, its data kept across pod re-creation (same plane, namespace and name), its seed names
 * resolved through the pod's cluster (EndpointSlices of the seed Services).
 */
export class SimulatorBackend implements CassandraBackend {
  /** The simulator that answers every Cassandra pod's management API. */
  readonly simulator: CassandraSimulator;
  private readonly pods = new Map<string, { info: CassandraPodInfo; seeds: string[] }>();

  /**
   * @param simulator a simulator, or options for a new one; a new one gets Cassandra's default
   *   `ringDelayMs` of 30 s unless the options say otherwise (test clusters often lower it, as
   *   `-Dcassandra.ring_delay_ms` does)
   */
  constructor(simulator?: CassandraSimulator | CassandraSimulatorOptions) {
    this.simulator = simulator instanceof CassandraSimulator ? simulator : new CassandraSimulator({ ringDelayMs: CASSANDRA_RING_DELAY_MS, ...simulator });
  }

  podStarted(info: CassandraPodInfo): void {
    const entry = { info, seeds: [] as string[] };
    this.pods.set(info.key, entry);
    this.simulator.addNode({
      podName: info.podName,
      namespace: info.namespace,
      plane: info.plane,
      ip: info.ip,
      clusterName: info.clusterName,
      datacenter: info.datacenter,
      rack: info.rack,
      serverType: info.serverType as 'cassandra' | 'dse' | 'hcd',
      serverVersion: info.serverVersion,
      seeds: () => entry.seeds,
    });
  }

  podStopped(key: string): void {
    const entry = this.pods.get(key);
    if (!entry) return;
    this.pods.delete(key);
    this.simulator.removeNode(entry.info.ip);
  }

  handle(key: string, req: IncomingMessage, res: ServerResponse): void {
    const entry = this.pods.get(key);
    if (!entry) {
      res.statusCode = 503;
      res.end();
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    if (!RESOLVES_SEEDS.some((p) => path === p)) {
      this.simulator.handle(entry.info.ip, req, res);
      return;
    }
    // Pause the body until the seeds are known, so the simulator reads it as usual.
    req.pause();
    entry.info.resolveSeeds().then((seeds) => {
      entry.seeds = seeds;
    }, () => undefined).finally(() => {
      this.simulator.handle(entry.info.ip, req, res);
      req.resume();
    });
  }

  ready(key: string): boolean {
    const entry = this.pods.get(key);
    if (!entry) return false;
    return this.simulator.request(entry.info.ip, 'GET', '/api/v0/probes/readiness').status === 200;
  }
}
