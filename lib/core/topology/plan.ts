import { MISSION_CONTROL_CLUSTER_KIND } from '../api-group';
import type { KubeObject } from '../kube-object';
import { effectiveConfig, effectiveNumTokens, effectiveResources, effectiveServerVersion, effectiveStorage } from './effective';
import { K8SSANDRA_API_VERSION } from './k8ssandra-types';
import { clusterSpecFromMissionControlCluster } from './mission-control-cluster';

/** How a change lands on a running cluster. */
export enum ChangeSeverity {
  /** Rejected upstream, or breaks the cluster: split it up or undo it. */
  FORBIDDEN = 'forbidden',
  /** Applied with a rolling restart or data movement: schedule it. */
  RISKY = 'risky',
  SAFE = 'safe',
}

export interface PlannedChange {
  readonly severity: ChangeSeverity;
  /** Cluster object name. */
  readonly cluster: string;
  /** What changed, e.g. 'datacenters/dc1/serverVersion'. */
  readonly path: string;
  readonly message: string;
}

export interface Plan {
  readonly changes: readonly PlannedChange[];
  readonly forbidden: number;
  readonly risky: number;
  readonly safe: number;
}

/** The facts of one DC that decide how a change lands. */
interface DcView {
  readonly dataPlane: string;
  readonly size: number;
  readonly stopped: boolean;
  readonly serverVersion: string;
  readonly racks: readonly string[];
  readonly storageClassName?: string;
  readonly storageSize?: string;
  readonly numTokens: number;
  readonly config: string;
  readonly resources: string;
}

interface ClusterView {
  readonly clusterName: string;
  readonly serverType: string;
  readonly superuserSecret?: string;
  readonly softPodAntiAffinity: boolean;
  readonly medusa: string;
  readonly dcs: Map<string, DcView>;
}

type Json = Record<string, any>;
const stable = (v: unknown): string => JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : val)) ?? 'null';

function fromMissionControlCluster(obj: KubeObject): ClusterView {
  const spec = clusterSpecFromMissionControlCluster(obj);
  const dcs = new Map<string, DcView>();
  for (const dc of spec.datacenters) {
    const storage = effectiveStorage(spec, dc);
    const config = effectiveConfig(spec, dc);
    const version = effectiveServerVersion(spec, dc);
    dcs.set(dc.name, {
      dataPlane: dc.dataPlane,
      size: dc.size,
      stopped: dc.stopped,
      serverVersion: version,
      racks: (dc.racks ?? []).map((r) => r.name),
      storageClassName: storage?.storageClassName,
      storageSize: storage?.size,
      numTokens: effectiveNumTokens(spec.serverType, version, config.cassandraYaml),
      config: stable(config),
      resources: stable(effectiveResources(spec, dc) ?? {}),
    });
  }
  return {
    clusterName: spec.clusterName,
    serverType: spec.serverType,
    superuserSecret: spec.superuserSecretRef?.name,
    softPodAntiAffinity: spec.softPodAntiAffinity,
    medusa: stable(spec.medusa ?? null),
    dcs,
  };
}

/** Static delivery: the K8ssandraClusters of all data planes, merged. */
function fromK8ssandraClusters(slices: ReadonlyArray<{ folder: string; obj: KubeObject }>): ClusterView {
  const dcs = new Map<string, DcView>();
  const first = slices[0].obj.spec as Json;
  for (const { folder, obj } of slices) {
    const cassandra = (obj.spec as Json).cassandra ?? {};
    for (const dc of (cassandra.datacenters ?? []) as Json[]) {
      const claim = (dc.storageConfig ?? cassandra.storageConfig)?.cassandraDataVolumeClaimSpec;
      const version = dc.serverVersion ?? cassandra.serverVersion;
      const config = Object.fromEntries(
        (['cassandraYaml', 'jvmOptions', 'dseYaml'] as const)
          .filter((k) => cassandra.config?.[k] || dc.config?.[k])
          .map((k) => [k, { ...cassandra.config?.[k], ...dc.config?.[k] }]),
      );
      dcs.set(dc.metadata.name, {
        dataPlane: folder,
        size: dc.size,
        stopped: dc.stopped ?? false,
        serverVersion: version,
        racks: ((dc.racks ?? [{ name: 'default' }]) as Json[]).map((r) => r.name),
        storageClassName: claim?.storageClassName,
        storageSize: claim?.resources?.requests?.storage,
        numTokens: effectiveNumTokens(cassandra.serverType ?? 'cassandra', version, config.cassandraYaml),
        config: stable(config),
        resources: stable(dc.resources ?? cassandra.resources ?? {}),
      });
    }
  }
  return {
    clusterName: first.cassandra?.clusterName ?? slices[0].obj.metadata.name,
    serverType: first.cassandra?.serverType ?? 'cassandra',
    superuserSecret: first.cassandra?.superuserSecretRef?.name,
    softPodAntiAffinity: first.cassandra?.softPodAntiAffinity ?? false,
    medusa: stable(first.medusa ?? null),
    dcs,
  };
}

/** Clusters of one synthesis (objects per cluster folder), by object name. */
export function clustersOf(folders: Readonly<Record<string, readonly KubeObject[]>>): Map<string, ClusterView> {
  const reconciled = new Map<string, ClusterView>();
  const slices = new Map<string, Array<{ folder: string; obj: KubeObject }>>();
  for (const [folder, objects] of Object.entries(folders)) {
    for (const obj of objects) {
      if (obj.kind === MISSION_CONTROL_CLUSTER_KIND && obj.apiVersion.startsWith('missioncontrol.')) reconciled.set(obj.metadata.name, fromMissionControlCluster(obj));
      if (obj.kind === 'K8ssandraCluster' && obj.apiVersion === K8SSANDRA_API_VERSION) {
        const list = slices.get(obj.metadata.name) ?? [];
        list.push({ folder: folder.replace(/^data-plane-/, ''), obj });
        slices.set(obj.metadata.name, list);
      }
    }
  }
  const result = new Map<string, ClusterView>(reconciled);
  for (const [name, list] of slices) if (!result.has(name)) result.set(name, fromK8ssandraClusters(list));
  return result;
}

/** Quantity in bytes, for comparing storage sizes. */
export function quantityBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]i?|[numk])?$/.exec(q);
  if (!m) return NaN;
  const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  const unit = m[2] ?? '';
  return Number(m[1]) * (binary[unit] ?? decimal[unit] ?? 1);
}

function compareDc(out: PlannedChange[], cluster: string, name: string, before: DcView, after: DcView): void {
  const at = `datacenters/${name}`;
  const add = (severity: ChangeSeverity, field: string, message: string) => out.push({ severity, cluster, path: `${at}/${field}`, message });
  if (before.dataPlane !== after.dataPlane) add(ChangeSeverity.FORBIDDEN, 'dataPlane', `DC ${name} moves from data plane ${before.dataPlane} to ${after.dataPlane}; a DC cannot move: add a new DC there, rebuild it, then remove this one`);
  const kept = after.racks.slice(0, before.racks.length);
  if (before.racks.length > 0 && kept.join(',') !== before.racks.join(',')) {
    add(ChangeSeverity.FORBIDDEN, 'racks', `racks [${before.racks.join(', ')}] become [${after.racks.join(', ')}]; racks can only be appended, never removed, renamed or reordered`);
  } else if (after.racks.length > before.racks.length) {
    const added = after.racks.length - before.racks.length;
    const smallest = Math.floor(before.size / Math.max(1, before.racks.length));
    if (after.size - before.size < smallest * added) add(ChangeSeverity.FORBIDDEN, 'racks', `${added} rack(s) added but size grows by ${after.size - before.size}; it must grow by at least ${smallest * added} (nodes of the smallest rack per new rack)`);
    else add(ChangeSeverity.SAFE, 'racks', `racks ${after.racks.slice(before.racks.length).join(', ')} added`);
  }
  if (before.storageClassName !== after.storageClassName) add(ChangeSeverity.FORBIDDEN, 'storage/storageClassName', `storage class ${before.storageClassName} -> ${after.storageClassName}; the data volume claims are immutable`);
  if (before.storageSize !== after.storageSize && before.storageSize && after.storageSize) {
    if (quantityBytes(after.storageSize) < quantityBytes(before.storageSize)) add(ChangeSeverity.FORBIDDEN, 'storage/size', `storage ${before.storageSize} -> ${after.storageSize}; volumes cannot shrink`);
    else add(ChangeSeverity.RISKY, 'storage/size', `storage ${before.storageSize} -> ${after.storageSize}; volume expansion needs a StorageClass that allows it and the cass-operator allow-storage-changes annotation`);
  }
  if (before.numTokens !== after.numTokens) add(ChangeSeverity.FORBIDDEN, 'config/cassandraYaml/num_tokens', `num_tokens ${before.numTokens} -> ${after.numTokens}; token ownership of existing nodes cannot change`);
  if (before.serverVersion !== after.serverVersion) add(ChangeSeverity.RISKY, 'serverVersion', `server version ${before.serverVersion} -> ${after.serverVersion}: rolling restart of every node`);
  if (before.config !== after.config) add(ChangeSeverity.RISKY, 'config', 'configuration changes: rolling restart of every node');
  if (before.resources !== after.resources) add(ChangeSeverity.RISKY, 'resources', 'resources change: rolling restart of every node');
  if (after.size > before.size) add(ChangeSeverity.SAFE, 'size', `size ${before.size} -> ${after.size}: nodes bootstrap one at a time`);
  if (after.size < before.size) add(ChangeSeverity.RISKY, 'size', `size ${before.size} -> ${after.size}: nodes are decommissioned and their data streamed away`);
  if (before.stopped !== after.stopped) add(ChangeSeverity.RISKY, 'stopped', after.stopped ? `DC ${name} stops: it serves no traffic` : `DC ${name} starts again`);
}

/** Compares a new synthesis with a previous one, cluster by cluster. */
export function planChanges(previous: Readonly<Record<string, readonly KubeObject[]>>, next: Readonly<Record<string, readonly KubeObject[]>>): Plan {
  const before = clustersOf(previous);
  const after = clustersOf(next);
  const changes: PlannedChange[] = [];
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const name of names) {
    const b = before.get(name);
    const a = after.get(name);
    const add = (severity: ChangeSeverity, path: string, message: string) => changes.push({ severity, cluster: name, path, message });
    if (!b) {
      add(ChangeSeverity.SAFE, '', `new cluster with DCs ${[...a!.dcs.keys()].join(', ')}`);
      continue;
    }
    if (!a) {
      add(ChangeSeverity.RISKY, '', 'cluster removed from the output; with deletionPolicy Delete its DCs and data are deleted');
      continue;
    }
    if (b.clusterName !== a.clusterName) add(ChangeSeverity.FORBIDDEN, 'clusterName', `clusterName ${b.clusterName} -> ${a.clusterName}; the Cassandra cluster name is immutable`);
    if (b.serverType !== a.serverType) add(ChangeSeverity.FORBIDDEN, 'serverType', `serverType ${b.serverType} -> ${a.serverType}; the distribution of a cluster cannot change`);
    if (b.superuserSecret !== a.superuserSecret) add(ChangeSeverity.FORBIDDEN, 'superuserSecretRef', `superuser Secret ${b.superuserSecret ?? '(generated)'} -> ${a.superuserSecret ?? '(generated)'}; it is fixed once DCs exist`);
    if (b.softPodAntiAffinity !== a.softPodAntiAffinity) add(ChangeSeverity.FORBIDDEN, 'softPodAntiAffinity', `softPodAntiAffinity ${b.softPodAntiAffinity} -> ${a.softPodAntiAffinity}; it is immutable`);
    if (b.medusa !== a.medusa) add(ChangeSeverity.RISKY, 'medusa', 'Medusa settings change: rolling restart (Medusa runs beside every node)');
    const removed = [...b.dcs.keys()].filter((dc) => !a.dcs.has(dc));
    const added = [...a.dcs.keys()].filter((dc) => !b.dcs.has(dc));
    if (removed.length > 0 && added.length > 0) {
      add(ChangeSeverity.FORBIDDEN, 'datacenters', `DCs ${removed.join(', ')} removed and ${added.join(', ')} added in one step (a rename); add the new DCs first, remove the old ones in a later change`);
    } else {
      for (const dc of removed) add(ChangeSeverity.RISKY, `datacenters/${dc}`, `DC ${dc} removed: its replicas are dropped from replication and its nodes deleted`);
      for (const dc of added) add(ChangeSeverity.SAFE, `datacenters/${dc}`, `DC ${dc} added in ${a.dcs.get(dc)!.dataPlane}: created after the existing DCs, then rebuilt`);
    }
    for (const [dc, view] of b.dcs) {
      const updated = a.dcs.get(dc);
      if (updated) compareDc(changes, name, dc, view, updated);
    }
  }
  const count = (s: ChangeSeverity) => changes.filter((c) => c.severity === s).length;
  return { changes, forbidden: count(ChangeSeverity.FORBIDDEN), risky: count(ChangeSeverity.RISKY), safe: count(ChangeSeverity.SAFE) };
}

/** A plan as text, forbidden changes first. */
export function formatPlan(plan: Plan): string {
  if (plan.changes.length === 0) return 'No cluster changes.\n';
  const order = [ChangeSeverity.FORBIDDEN, ChangeSeverity.RISKY, ChangeSeverity.SAFE];
  const lines = order.flatMap((severity) =>
    plan.changes.filter((c) => c.severity === severity).map((c) => `${severity.toUpperCase().padEnd(9)} ${c.cluster}${c.path ? `/${c.path}` : ''}: ${c.message}`),
  );
  return `${lines.join('\n')}\n\n${plan.forbidden} forbidden, ${plan.risky} risky, ${plan.safe} safe.\n`;
}
