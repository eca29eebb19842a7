import { MISSION_CONTROL_CLUSTER_KIND } from '../api-group';
import type { KubeObject } from '../kube-object';
import { DC_REPLICATION_ANNOTATION } from './dc-replication';
import { effectiveConfig, effectiveNumTokens, effectiveResources, effectiveServerVersion, effectiveStorage } from './effective';
import { K8SSANDRA_API_VERSION } from './k8ssandra-types';
import { clusterSpecFromMissionControlCluster } from './mission-control-cluster';
import { quantityValue } from '../quantity';


import { medusaTemplate, RETAIN_ANNOTATIONS } from './placement';
import { ChangeSeverity, LOCAL_CONTEXT, type Folders, type Plan, type PlannedChange, type PlanOptions } from './plan-change';
import { dataPlaneRemovals, dataPlanesOf } from './plan-data-planes';
import { deliverySwitch } from './plan-delivery';
import { operatorChanges } from './plan-operators';

export { ChangeSeverity, type Plan, type PlannedChange, type PlanOptions } from './plan-change';

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

export interface ClusterView {
  /** Static: a K8ssandraCluster in the output; reconciled: a MissionControlCluster. */
  readonly delivery: 'static' | 'reconciled';
  /** Whether GitOps tools leave the object in place when it leaves the output (deletionPolicy Retain). */
  readonly retained: boolean;
  readonly clusterName: string;
  readonly serverType: string;
  readonly superuserSecret?: string;
  readonly softPodAntiAffinity: boolean;
  readonly medusa: string;
  readonly dcs: Map<string, DcView>;
  /** User keyspaces with replicas per DC; undefined = none declared. */
  readonly keyspaces?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Keyspaces that still hold replicas in a DC, by the declaration. */
function replicatedIn(view: ClusterView, dc: string): string[] {
  return [...(view.keyspaces ?? new Map()).entries()].filter(([, rf]) => (rf.get(dc) ?? 0) > 0).map(([ks]) => ks).sort();
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
    delivery: 'reconciled',
    retained: spec.deletionPolicy === 'Retain',
    clusterName: spec.clusterName,
    serverType: spec.serverType,
    superuserSecret: spec.superuserSecretRef?.name,
    softPodAntiAffinity: spec.softPodAntiAffinity,
    // In the K8ssandraCluster's shape, so a delivery switch compares like with like.
    medusa: stable(spec.medusa ? medusaTemplate(spec.medusa) : null),
    dcs,
    ...(spec.keyspaces ? { keyspaces: new Map(spec.keyspaces.map((k) => [k.name, new Map(Object.entries(k.replication))])) } : {}),
  };
}

/**
 * User keyspaces as the dc-replication annotation lists them (every DC after the first).
 * The first DC has no entry, so a keyspace it alone replicates is not seen.
 */
function keyspacesFromAnnotation(obj: KubeObject): Map<string, Map<string, number>> | undefined {
  const value = obj.metadata.annotations?.[DC_REPLICATION_ANNOTATION];
  if (!value) return undefined;
  const out = new Map<string, Map<string, number>>();
  for (const [dc, keyspaces] of Object.entries(JSON.parse(value) as Record<string, Record<string, number>>)) {
    for (const [ks, rf] of Object.entries(keyspaces)) out.set(ks, (out.get(ks) ?? new Map()).set(dc, rf));
  }
  return out;
}

/** Static delivery: the cluster's K8ssandraCluster. */
function fromK8ssandraCluster(obj: KubeObject): ClusterView {
  const dcs = new Map<string, DcView>();
  const spec = obj.spec as Json;
  const cassandra = spec.cassandra ?? {};
  for (const dc of (cassandra.datacenters ?? []) as Json[]) {
    const claim = (dc.storageConfig ?? cassandra.storageConfig)?.cassandraDataVolumeClaimSpec;
    const version = dc.serverVersion ?? cassandra.serverVersion;
    const config = Object.fromEntries(
      (['cassandraYaml', 'jvmOptions', 'dseYaml'] as const)
        .filter((k) => cassandra.config?.[k] || dc.config?.[k])
        .map((k) => [k, { ...cassandra.config?.[k], ...dc.config?.[k] }]),
    );
    dcs.set(dc.metadata.name, {
      // The context names the data plane; none = the control plane's own cluster.
      dataPlane: dc.k8sContext || LOCAL_CONTEXT,
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
  const keyspaces = keyspacesFromAnnotation(obj);
  const retainKey = Object.keys(RETAIN_ANNOTATIONS)[0];
  return {
    delivery: 'static',
    retained: obj.metadata.annotations?.[retainKey] === RETAIN_ANNOTATIONS[retainKey],
    clusterName: cassandra.clusterName ?? obj.metadata.name,
    serverType: cassandra.serverType ?? 'cassandra',
    superuserSecret: cassandra.superuserSecretRef?.name,
    softPodAntiAffinity: cassandra.softPodAntiAffinity ?? false,
    medusa: stable(spec.medusa ?? null),
    dcs,
    ...(keyspaces ? { keyspaces } : {}),
  };
}

function withLocalDataPlane(view: ClusterView, dataPlane: string): ClusterView {
  const dcs = new Map([...view.dcs].map(([name, dc]) => [name, dc.dataPlane === LOCAL_CONTEXT ? { ...dc, dataPlane } : dc]));
  return { ...view, dcs };
}

/** Clusters of one synthesis (objects per cluster folder), by object name. */
export function clustersOf(folders: Folders): Map<string, ClusterView> {
  const reconciled = new Map<string, ClusterView>();
  const placed = new Map<string, ClusterView>();
  for (const objects of Object.values(folders)) {
    for (const obj of objects) {
      if (obj.kind === MISSION_CONTROL_CLUSTER_KIND && obj.apiVersion.startsWith('missioncontrol.')) reconciled.set(obj.metadata.name, fromMissionControlCluster(obj));
      if (obj.kind === 'K8ssandraCluster' && obj.apiVersion === K8SSANDRA_API_VERSION) placed.set(obj.metadata.name, fromK8ssandraCluster(obj));
    }
  }
  const result = new Map<string, ClusterView>(reconciled);
  // A static DC in the control plane's own cluster names no context; the registrations say
  // which data plane that is, so a delivery switch does not read as a DC moving.
  const shared = [...dataPlanesOf(folders)].filter(([, inControlPlaneCluster]) => inControlPlaneCluster).map(([name]) => name);
  const local = shared.length === 1 ? shared[0] : undefined;
  for (const [name, view] of placed) if (!result.has(name)) result.set(name, local ? withLocalDataPlane(view, local) : view);
  return result;
}

/** Quantity in bytes, for comparing storage sizes; NaN when it is not a quantity. */
export function quantityBytes(q: string): number {
  return quantityValue(q) ?? NaN;
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

/**
 * Upstream decommissions a removed DC only once no user keyspace has replicas in it (it
 * checks before it streams data away, and waits otherwise), so a DC still declared to hold
 * data cannot go in this change.
 */
function removal(out: PlannedChange[], cluster: string, dc: string, before: ClusterView, after: ClusterView): void {
  const path = `datacenters/${dc}`;
  const holding = [...new Set([...replicatedIn(before, dc), ...replicatedIn(after, dc)])].sort();
  if (holding.length > 0) {
    out.push({ severity: ChangeSeverity.FORBIDDEN, cluster, path, message: `DC ${dc} removed while keyspaces ${holding.join(', ')} keep replicas in it; upstream will not decommission it: first set their replication in ${dc} to 0 (and run it), remove the DC in a later change` });
  } else {
    const note = before.keyspaces ? 'no declared keyspace replicates to it' : 'no keyspaces are declared, so check that no user keyspace replicates to it (upstream waits until none does)';
    out.push({ severity: ChangeSeverity.RISKY, cluster, path, message: `DC ${dc} removed: upstream decommissions its nodes and deletes the DC; ${note}` });
  }
}

/**
 * A DC added to a running cluster: upstream creates it after the others and rebuilds it from
 * an existing DC, streaming only the user keyspaces the dc-replication annotation names.
 */
function addition(out: PlannedChange[], cluster: string, dc: string, before: ClusterView, after: ClusterView): void {
  const where = after.dcs.get(dc)!.dataPlane;
  const keyspaces = replicatedIn(after, dc);
  const data = keyspaces.length > 0
    ? `receives keyspaces ${keyspaces.join(', ')}`
    : after.keyspaces ? 'receives no user data (no declared keyspace replicates to it)' : 'receives no user data: declare keyspaces so upstream alters their replication';
  out.push({ severity: before.dcs.size === 0 || keyspaces.length > 0 ? ChangeSeverity.SAFE : ChangeSeverity.RISKY, cluster, path: `datacenters/${dc}`, message: `DC ${dc} added in ${where}: created after the existing DCs and rebuilt from them; it ${data}` });
}

/** Compares a new synthesis with a previous one, cluster by cluster, then plane by plane. */
export function planChanges(previous: Folders, next: Folders, options: PlanOptions = {}): Plan {
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
    if (b.delivery !== a.delivery) changes.push(deliverySwitch(name, b, a));
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
      for (const dc of removed) removal(changes, name, dc, b, a);
      for (const dc of added) addition(changes, name, dc, b, a);
    }
    for (const [dc, view] of b.dcs) {
      const updated = a.dcs.get(dc);
      if (updated) compareDc(changes, name, dc, view, updated);
    }
  }
  changes.push(...operatorChanges(previous, next, options), ...dataPlaneRemovals(previous, next, before, after));
  const count = (s: ChangeSeverity) => changes.filter((c) => c.severity === s).length;
  return { changes, forbidden: count(ChangeSeverity.FORBIDDEN), risky: count(ChangeSeverity.RISKY), safe: count(ChangeSeverity.SAFE) };
}

/** A plan as text, forbidden changes first. */
export function formatPlan(plan: Plan): string {
  if (plan.changes.length === 0) return 'No cluster or platform changes.\n';
  const order = [ChangeSeverity.FORBIDDEN, ChangeSeverity.RISKY, ChangeSeverity.SAFE];
  const lines = order.flatMap((severity) =>
    plan.changes.filter((c) => c.severity === severity).map((c) => `${severity.toUpperCase().padEnd(9)} ${c.cluster ?? c.plane}${c.path ? `/${c.path}` : ''}: ${c.message}`),
  );
  return `${lines.join('\n')}\n\n${plan.forbidden} forbidden, ${plan.risky} risky, ${plan.safe} safe.\n`;
}
