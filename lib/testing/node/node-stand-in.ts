import { appendFileSync } from 'node:fs';
import { corePath, type KubeApi, type Obj } from './kube-api';
import { PodNotReadyToStart } from './pod-spec';
import type { PodRuntime, RunningPod } from './runtime';
import { parseQuantity, type SchedulableNode, unfit, unschedulableMessage } from './scheduler';

/** Options of {@link NodeStandIn}. */
export interface NodeStandInOptions {
  /** The plane (cluster) name; node names start with it. */
  readonly plane: string;
  /** `topology.kubernetes.io/region` of every node. */
  readonly region: string;
  /**
   * Zones nodes are created in, on demand (like a cluster autoscaler): a pod that fits no
   * existing node gets a new node in a zone its affinity accepts.
   */
  readonly zones: readonly string[];
  /**
   * At most this many nodes per zone.
   * @default 6
   */
  readonly maxNodesPerZone?: number;
  /**
   * Allocatable resources of each node.
   * @default { cpu: '8', memory: '32Gi', pods: 110 }
   */
  readonly nodeSize?: { readonly cpu: string; readonly memory: string; readonly pods: number };
  /** Runtimes tried in order for each pod; a pod no runtime accepts waits with `ErrImagePull`. */
  readonly runtimes: readonly PodRuntime[];
  /** File the stand-in appends its own errors to. */
  readonly logPath: string;
  /**
   * Awaited when a pod is being deleted, before its containers are stopped. In a cluster,
   * kube-proxy drops a terminating pod from its Services while the kubelet stops it; here
   * the harness's Service proxy polls, so it is told first and its polling never adds a gap
   * the cluster would not have.
   * @default none
   */
  readonly beforeTerminating?: (pod: Obj) => Promise<void>;
  /**
   * How often the loop runs.
   * @default 250 ms
   */
  readonly intervalMs?: number;
}

interface Tracked {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  running?: RunningPod;
  starting?: Promise<void>;
  stopping?: Promise<void>;
  waitingReason?: { reason: string; message: string };
  lastStatus?: string;
}

const FIELD_MANAGER = 'mission-control-constructs-node-stand-in';

/**
 * The node roles of one simulated cluster, which cannot run here: the scheduler (required
 * filters only), the kubelet (runs pods through {@link PodRuntime}s, reports status, restarts
 * exited containers, finishes deletion) and a volume provisioner (one PersistentVolume per
 * pending claim of an existing StorageClass; the real PV controller binds them).
 */
export class NodeStandIn {
  private readonly nodes: SchedulableNode[] = [];
  private readonly nodeIps = new Map<string, string>();
  private readonly pods = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private errors = 0;

  constructor(private readonly api: KubeApi, private readonly options: NodeStandInOptions) {}

  /** Errors seen by the loop (also appended to the log file). */
  get errorCount(): number {
    return this.errors;
  }

  /** The pod as run now, by namespace and name. */
  runningPod(namespace: string, name: string): RunningPod | undefined {
    for (const t of this.pods.values()) if (t.namespace === namespace && t.name === name && t.running && !t.stopping) return t.running;
    return undefined;
  }

  /** Every pod the kubelet runs now. */
  runningPods(): Array<{ namespace: string; name: string; pod: RunningPod }> {
    return [...this.pods.values()].filter((t) => t.running && !t.stopping).map((t) => ({ namespace: t.namespace, name: t.name, pod: t.running! }));
  }

  /** Starts the loop: schedule, run and report pods, provision volumes. */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.loop = this.tick().catch((err) => this.log(err)).finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 250);
      });
    };
    tick();
  }

  /** Stops the loop and every pod's processes (the node is switched off). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.loop;
    await Promise.allSettled([...this.pods.values()].map(async (t) => {
      await t.starting;
      await t.running?.stop(2_000);
    }));
    this.pods.clear();
  }

  private log(err: unknown): void {
    this.errors += 1;
    appendFileSync(this.options.logPath, `${new Date().toISOString()} ${(err as Error).stack ?? String(err)}\n`);
  }

  private async tick(): Promise<void> {
    await this.provisionVolumes();
    const pods = await this.api.list(corePath('pods'));
    await this.schedule(pods);
    await this.runPods(pods);
  }

  // ---- nodes -------------------------------------------------------------------------------

  private async addNode(zone: string): Promise<SchedulableNode> {
    const size = this.options.nodeSize ?? { cpu: '8', memory: '32Gi', pods: 110 };
    const index = this.nodes.filter((n) => n.labels['topology.kubernetes.io/zone'] === zone).length;
    const name = `${this.options.plane}-${zone}-${index}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
    const labels = {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'topology.kubernetes.io/region': this.options.region,
      'topology.kubernetes.io/zone': zone,
    };
    await this.api.create(corePath('nodes'), { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } }, true);
    const capacity = { cpu: size.cpu, memory: size.memory, pods: String(size.pods) };
    // Nothing connects to a node address; it only has to be a valid IP outside loopback.
    const ip = `198.19.254.${this.nodes.length + 1}`;
    this.nodeIps.set(name, ip);
    const now = new Date().toISOString();
    await this.api.mergePatch(`${corePath('nodes', undefined, name)}/status`, {
      status: {
        capacity,
        allocatable: capacity,
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'node stand-in is ready', lastHeartbeatTime: now, lastTransitionTime: now }],
        addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
        nodeInfo: { kubeletVersion: 'v1.34.10', containerRuntimeVersion: 'mission-control-constructs://stand-in', operatingSystem: 'linux', architecture: 'amd64' },
      },
    });
    const node = { name, labels, allocatable: { cpuMilli: parseQuantity(size.cpu) * 1000, memoryBytes: parseQuantity(size.memory), pods: size.pods } };
    this.nodes.push(node);
    return node;
  }

  // ---- volumes -----------------------------------------------------------------------------

  private async provisionVolumes(): Promise<void> {
    const classes = new Map((await this.api.list('/apis/storage.k8s.io/v1/storageclasses')).map((c) => [c.metadata.name, c]));
    const claims = await this.api.list(corePath('persistentvolumeclaims'));
    for (const pvc of claims) {
      if (pvc.status?.phase !== 'Pending' || pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) continue;
      const sc = classes.get(pvc.spec?.storageClassName);
      if (!sc) continue;
      const name = `pvc-${pvc.metadata.uid}`;
      await this.api.create(corePath('persistentvolumes'), {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': (sc as { provisioner?: string }).provisioner ?? 'stand-in' } },
        spec: {
          capacity: { storage: pvc.spec.resources?.requests?.storage ?? '1Gi' },
          accessModes: pvc.spec.accessModes ?? ['ReadWriteOnce'],
          storageClassName: sc.metadata.name,
          persistentVolumeReclaimPolicy: (sc as { reclaimPolicy?: string }).reclaimPolicy ?? 'Delete',
          volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid },
          hostPath: { path: `/nonexistent/mission-control-constructs/${name}` },
        },
      }, true);
    }
    // What an external provisioner does for reclaimPolicy Delete once the claim is gone.
    for (const pv of await this.api.list(corePath('persistentvolumes'))) {
      if (pv.status?.phase === 'Released' && pv.spec?.persistentVolumeReclaimPolicy === 'Delete') {
        await this.api.delete(corePath('persistentvolumes', undefined, pv.metadata.name));
      }
    }
  }

  // ---- scheduler ---------------------------------------------------------------------------

  private async schedule(pods: Obj[]): Promise<void> {
    const claims = new Map((await this.api.list(corePath('persistentvolumeclaims'))).map((c) => [`${c.metadata.namespace}/${c.metadata.name}`, c]));
    for (const pod of pods) {
      if (pod.spec?.nodeName || pod.metadata.deletionTimestamp) continue;
      if ((pod.spec?.schedulerName ?? 'default-scheduler') !== 'default-scheduler') continue;
      const unbound = ((pod.spec.volumes ?? []) as Array<{ persistentVolumeClaim?: { claimName: string } }>)
        .filter((v) => v.persistentVolumeClaim)
        .filter((v) => claims.get(`${pod.metadata.namespace}/${v.persistentVolumeClaim!.claimName}`)?.status?.phase !== 'Bound');
      if (unbound.length) {
        await this.markUnschedulable(pod, `0/${this.nodes.length} nodes are available: pod has unbound immediate PersistentVolumeClaims.`);
        continue;
      }
      const onNode = (n: string) => pods.filter((p) => p.spec?.nodeName === n && !['Succeeded', 'Failed'].includes(p.status?.phase));
      const reasons: string[] = [];
      let chosen = [...this.nodes]
        .sort((a, b) => onNode(a.name).length - onNode(b.name).length || a.name.localeCompare(b.name))
        .find((n) => {
          const why = unfit(pod, n, onNode(n.name));
          if (why) reasons.push(why);
          return why === undefined;
        });
      if (!chosen) {
        for (const zone of this.options.zones) {
          const inZone = this.nodes.filter((n) => n.labels['topology.kubernetes.io/zone'] === zone).length;
          if (inZone >= (this.options.maxNodesPerZone ?? 6)) continue;
          const candidate: SchedulableNode = {
            name: `${this.options.plane}-${zone}-new`,
            labels: { 'topology.kubernetes.io/zone': zone, 'topology.kubernetes.io/region': this.options.region, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
            allocatable: { cpuMilli: 8000, memoryBytes: 32 * 2 ** 30, pods: 110 },
          };
          if (unfit(pod, { ...candidate, labels: { ...candidate.labels, 'kubernetes.io/hostname': candidate.name } }, []) === undefined) {
            chosen = await this.addNode(zone);
            break;
          }
        }
      }
      if (!chosen) {
        await this.markUnschedulable(pod, unschedulableMessage(reasons, this.nodes.length));
        continue;
      }
      const res = await this.api.create(`${corePath('pods', pod.metadata.namespace, pod.metadata.name)}/binding`, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
        target: { apiVersion: 'v1', kind: 'Node', name: chosen.name },
      }, true).catch((err) => this.log(err));
      if (res !== undefined) pod.spec.nodeName = chosen.name;
    }
  }

  private async markUnschedulable(pod: Obj, message: string): Promise<void> {
    const current = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
    if (current?.status === 'False' && current.message === message) return;
    await this.api.mergePatch(`${corePath('pods', pod.metadata.namespace, pod.metadata.name)}/status`, {
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: new Date().toISOString() }] },
    });
  }

  // ---- kubelet -----------------------------------------------------------------------------

  private async runPods(pods: Obj[]): Promise<void> {
    const mine = new Set(this.nodes.map((n) => n.name));
    const seen = new Set<string>();
    for (const pod of pods) {
      if (!mine.has(pod.spec?.nodeName)) continue;
      const uid = pod.metadata.uid!;
      seen.add(uid);
      let t = this.pods.get(uid);
      if (!t) {
        t = { uid, namespace: pod.metadata.namespace!, name: pod.metadata.name };
        this.pods.set(uid, t);
      }
      if (pod.metadata.deletionTimestamp) {
        this.terminate(t, pod);
        continue;
      }
      if (!t.running && !t.starting) this.startPod(t, pod);
      if (t.running && !t.stopping) await t.running.tick();
      await this.writeStatus(t, pod);
    }
    // Gone from the API (force-deleted, or the namespace went): stop what still runs.
    for (const [uid, t] of this.pods) {
      if (seen.has(uid)) continue;
      this.pods.delete(uid);
      void (async () => {
        await t.starting;
        await t.running?.stop(0);
      })().catch((err) => this.log(err));
    }
  }

  private startPod(t: Tracked, pod: Obj): void {
    const runtime = this.options.runtimes.find((r) => r.accepts(pod));
    if (!runtime) {
      const images = ((pod.spec.containers ?? []) as Array<{ image: string }>).map((c) => c.image).join(', ');
      t.waitingReason = { reason: 'ErrImagePull', message: `no binary in the harness stands for ${images}` };
      return;
    }
    t.starting = runtime.start(pod, this.nodeIps.get(pod.spec.nodeName) ?? '').then((running) => {
      t.running = running;
      t.waitingReason = undefined;
    }, (err: Error) => {
      t.waitingReason = { reason: err instanceof PodNotReadyToStart ? 'ContainerCreating' : 'CreateContainerError', message: err.message };
      if (!(err instanceof PodNotReadyToStart)) this.log(err);
    }).finally(() => {
      t.starting = undefined;
    });
  }

  private terminate(t: Tracked, pod: Obj): void {
    if (t.stopping) return;
    const graceMs = Math.min(30, pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    t.stopping = (async () => {
      await t.starting;
      await this.options.beforeTerminating?.(pod).catch((err: Error) => this.log(err));
      await t.running?.stop(graceMs);
      // The kubelet's last word: the pod is gone from the node, the API object can go.
      await this.api.delete(corePath('pods', t.namespace, t.name), { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: t.uid } });
    })().catch((err) => this.log(err));
  }

  private async writeStatus(t: Tracked, pod: Obj): Promise<void> {
    const containers = (pod.spec.containers ?? []) as Array<{ name: string; image: string }>;
    const initContainers = (pod.spec.initContainers ?? []) as Array<{ name: string; image: string }>;
    const statuses = t.running?.statuses();
    const ready = statuses !== undefined && statuses.every((s) => s.ready);
    const old = (pod.status?.conditions ?? []) as Array<{ type: string; status: string; lastTransitionTime?: string }>;
    const cond = (type: string, value: boolean) => {
      const status = value ? 'True' : 'False';
      const prev = old.find((c) => c.type === type);
      return { type, status, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : new Date().toISOString() };
    };
    const containerStatuses = containers.map((c, i) => {
      const s = statuses?.[i];
      return {
        name: c.name,
        image: c.image,
        imageID: `stand-in://${c.image}`,
        ready: s?.ready ?? false,
        started: s?.running ?? false,
        restartCount: s?.restartCount ?? 0,
        state: s?.running
          ? { running: { startedAt: s.startedAt } }
          : s
            ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${c.name}` } }
            : { waiting: t.waitingReason ?? { reason: 'ContainerCreating' } },
        ...(s?.lastExit ? { lastState: { terminated: { exitCode: s.lastExit.code ?? 137, reason: s.lastExit.code === null ? 'Error' : 'Completed', finishedAt: s.lastExit.at } } } : {}),
      };
    });
    const status = {
      phase: statuses ? 'Running' : 'Pending',
      hostIP: this.nodeIps.get(pod.spec.nodeName),
      ...(t.running ? { podIP: t.running.ip, podIPs: [{ ip: t.running.ip }] } : {}),
      startTime: pod.status?.startTime ?? new Date().toISOString(),
      conditions: [cond('PodScheduled', true), cond('Initialized', statuses !== undefined), cond('ContainersReady', ready), cond('Ready', ready)],
      initContainerStatuses: initContainers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: `stand-in://${c.image}`,
        ready: statuses !== undefined,
        restartCount: 0,
        state: statuses ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: statuses[0]?.startedAt, finishedAt: statuses[0]?.startedAt } } : { waiting: { reason: 'PodInitializing' } },
      })),
      containerStatuses,
    };
    if (status.hostIP === undefined) delete (status as { hostIP?: string }).hostIP;
    const text = JSON.stringify(status);
    if (text === t.lastStatus) return;
    // The kubelet is the status' only writer; a merge patch replaces the lists whole.
    await this.api.mergePatch(`${corePath('pods', t.namespace, t.name)}/status`, { metadata: { uid: t.uid }, status });
    t.lastStatus = text;
  }
}

export { FIELD_MANAGER as NODE_STAND_IN_FIELD_MANAGER };
