import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { corePath, type KubeApi, type Obj } from './kube-api';
import { type Container, containerEnv } from './pod-spec';
import type { ContainerStatus, PodRuntime, RunningPod } from './runtime';
import type { PodNetwork } from '../network';
import type { ManagedProcess } from '../process';
import { relay, waitForSocket } from '../relay';

/** What the kubelet stand-in knows about a Cassandra pod when its container starts. */
export interface CassandraPodInfo {
  /** `<plane>/<namespace>/<pod>`: stable across pod re-creation, like the node's data volume. */
  readonly key: string;
  /** Plane the pod runs in. */
  readonly plane: string;
  /** Namespace of the pod. */
  readonly namespace: string;
  /** Pod name. */
  readonly podName: string;
  /** The pod's IP on the pod network. */
  readonly ip: string;
  /** Cassandra `cluster_name`, from the pod's server config (else its cluster label). */
  readonly clusterName: string;
  /** Datacenter name, from the pod's server config (else its datacenter label). */
  readonly datacenter: string;
  /** Rack name, from the pod's rack label. */
  readonly rack: string;
  /** `cassandra`, `dse` or `hcd`, from the pod's server config. */
  readonly serverType: string;
  /** Server version, from the pod's server config. */
  readonly serverVersion: string;
  /** Seed addresses this node resolves right now (the DNS names of its seed Services). */
  readonly resolveSeeds: () => Promise<string[]>;
}

/** The database behind the management API: the Cassandra simulator. */
export interface CassandraBackend {
  /** The pod's server container started (the management API answers; Cassandra is not started yet). */
  podStarted(info: CassandraPodInfo): void;
  /** The pod's processes are gone (deleted, or the node killed). */
  podStopped(key: string): void;
  /** Serves one management-API request sent to the pod. */
  handle(key: string, req: IncomingMessage, res: ServerResponse): void;
  /** What `GET /api/v0/probes/readiness` would answer. */
  ready(key: string): boolean;
}

const MANAGEMENT_PORT = 8080;

interface ConfigFileData {
  'cluster-info'?: { name?: string; seeds?: string };
  'datacenter-info'?: { name?: string };
}

class CassandraPod implements RunningPod {
  private ready = false;
  private stopped = false;
  private readonly startedAt = new Date().toISOString();

  constructor(
    readonly ip: string,
    private readonly key: string,
    private readonly containers: Container[],
    private readonly server: Server,
    private readonly hubRelay: ManagedProcess,
    private readonly dir: string,
    private readonly runtime: CassandraRuntime,
  ) {}

  statuses(): ContainerStatus[] {
    return this.containers.map((c) => ({
      name: c.name,
      image: c.image,
      running: !this.stopped,
      // Only the server container has a probe that depends on Cassandra; the log tailers are up.
      ready: !this.stopped && (c.name !== 'cassandra' || this.ready),
      restartCount: 0,
      startedAt: this.startedAt,
    }));
  }

  async tick(): Promise<void> {
    this.ready = this.runtime.backend.ready(this.key);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.runtime.backend.podStopped(this.key);
    await this.hubRelay.stop(1_000);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections?.();
    await this.runtime.network.removePodAddress(this.ip);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Runs the pods cass-operator creates: the pod gets an address inside the harness network,
 * its management-API port there is relayed to an in-process server, and the Cassandra
 * simulator answers for the node.
 */
export class CassandraRuntime implements PodRuntime {
  constructor(
    private readonly api: KubeApi,
    readonly network: PodNetwork,
    readonly backend: CassandraBackend,
    private readonly plane: string,
    private readonly dir: string,
    private readonly socketDir: string,
  ) {
    mkdirSync(socketDir, { recursive: true });
  }

  accepts(pod: Obj): boolean {
    return ((pod.spec?.containers ?? []) as Container[]).some((c) => c.name === 'cassandra')
      && pod.metadata.labels?.['cassandra.datastax.com/datacenter'] !== undefined;
  }

  async start(pod: Obj, hostIp: string): Promise<RunningPod> {
    const ns = pod.metadata.namespace ?? 'default';
    const containers = pod.spec.containers as Container[];
    const labels = pod.metadata.labels ?? {};
    const configData = await this.configFileData(pod, hostIp);
    const server = containers.find((c) => c.name === 'cassandra')!;
    const key = `${this.plane}/${ns}/${pod.metadata.name}`;
    const seedServices = (configData['cluster-info']?.seeds ?? '').split(',').map((s) => s.trim()).filter((s) => s);

    const ip = await this.network.addPodAddress();
    const dir = join(this.dir, `${ns}.${pod.metadata.name}.${(pod.metadata.uid ?? '').slice(0, 8)}`);
    mkdirSync(dir, { recursive: true });
    // Socket paths are limited to 107 bytes: named by the pod address, not the pod.
    const socket = join(this.socketDir, `${ip}.sock`);
    const http = createServer((req, res) => this.backend.handle(key, req, res));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(socket, () => resolve());
    });
    const hubRelay = relay(`${key}/management-api`, join(dir, 'relay.log'),
      { tcpListen: MANAGEMENT_PORT, bind: ip }, { unix: socket }, this.network.hub);
    hubRelay.start();

    this.backend.podStarted({
      key,
      plane: this.plane,
      namespace: ns,
      podName: pod.metadata.name,
      ip,
      clusterName: configData['cluster-info']?.name ?? labels['cassandra.datastax.com/cluster'] ?? '',
      datacenter: configData['datacenter-info']?.name ?? labels['cassandra.datastax.com/datacenter'],
      rack: labels['cassandra.datastax.com/rack'] ?? 'default',
      serverType: this.serverType(server),
      serverVersion: this.serverVersion(server),
      resolveSeeds: () => this.resolveSeeds(ns, seedServices),
    });
    await waitForSocket(socket, 5_000);
    return new CassandraPod(ip, key, containers, http, hubRelay, dir, this);
  }

  /** cass-operator hands the node its configuration as `CONFIG_FILE_DATA` (a value or a Secret key). */
  private async configFileData(pod: Obj, hostIp: string): Promise<ConfigFileData> {
    const all = [...((pod.spec.initContainers ?? []) as Container[]), ...(pod.spec.containers as Container[])];
    for (const c of all) {
      if (!c.env?.some((e) => e.name === 'CONFIG_FILE_DATA')) continue;
      const env = await containerEnv(this.api, pod, c, { hostIp }, {});
      try {
        return JSON.parse(env.CONFIG_FILE_DATA) as ConfigFileData;
      } catch (err) {
        throw new Error(`CONFIG_FILE_DATA of ${pod.metadata.name} is not JSON: ${(err as Error).message}`);
      }
    }
    return {};
  }

  /** Resolves seed Service names the way cluster DNS would: to the addresses in their EndpointSlices. */
  private async resolveSeeds(namespace: string, services: readonly string[]): Promise<string[]> {
    const addresses = new Set<string>();
    for (const svc of services) {
      const name = svc.split('.')[0];
      const slices = await this.api.list(`/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`, {
        labelSelector: `kubernetes.io/service-name=${name}`,
      });
      for (const slice of slices) {
        for (const ep of ((slice as { endpoints?: Array<{ addresses?: string[] }> }).endpoints ?? [])) {
          for (const a of ep.addresses ?? []) addresses.add(a);
        }
      }
      if (slices.length === 0) {
        const endpoints = await this.api.get(corePath('endpoints', namespace, name));
        for (const subset of ((endpoints as { subsets?: Array<{ addresses?: Array<{ ip: string }>; notReadyAddresses?: Array<{ ip: string }> }> } | undefined)?.subsets ?? [])) {
          for (const a of [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])]) addresses.add(a.ip);
        }
      }
    }
    return [...addresses].sort();
  }

  private serverType(c: Container): string {
    const image = c.image.toLowerCase();
    if (image.includes('dse')) return 'dse';
    if (image.includes('hcd')) return 'hcd';
    return 'cassandra';
  }

  /** The version is the image tag's leading `x.y.z` (cass-operator builds tags from serverVersion). */
  private serverVersion(c: Container): string {
    const tag = c.image.split(':').pop() ?? '';
    const m = /(\d+\.\d+\.\d+)/.exec(tag);
    return m ? m[1] : tag;
  }
}
