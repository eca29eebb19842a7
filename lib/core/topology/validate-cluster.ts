import type { DataPlaneSpec } from '../model/platform';
import { isDns1035Label } from '../names';
import { distinctProblems, problem, show, type Problem } from '../problems';
import { QUANTITY } from '../quantity';
import { effectiveConfig, effectiveRacks, effectiveResources, effectiveServerVersion, effectiveStorage, MAX_STATEFULSET_NAME, statefulSetName } from './effective';
import { ReaperDeploymentMode, ServerType, type CassandraClusterSpec, type DatacenterSpec, type MedusaSpec } from './model';
import { DSE_ONLY_CASSANDRA_YAML_KEYS, isKnownServerVersion, isReleasedServerVersion, majorMinor, releaseRanges, SERVER_VERSION_LINES, SERVER_VERSION_PATTERN } from './server-versions';
import { checkHeap } from './validate-heap';
import { checkResources } from '../validation/validate-resources';

const MEDUSA_PROVIDERS = ['google_storage', 'azure_blobs', 's3', 's3_compatible', 's3_rgw', 'ibm_storage'];

/** Every problem of one cluster against the platform's data planes, all at once. */
export function validateCluster(cluster: CassandraClusterSpec, dataPlanes: readonly DataPlaneSpec[]): Problem[] {
  const problems: Problem[] = [];
  const p = cluster.path;
  if (!isDns1035Label(cluster.name)) {
    problems.push(problem(p, `cluster object name ${show(cluster.name)} is not a DNS-1035 label`, "use lower-case letters, digits and '-', starting with a letter, e.g. 'orders'; set clusterName for the Cassandra-side name"));
  }
  if (cluster.clusterName.length < 2) {
    problems.push(problem(`${p}/clusterName`, `clusterName ${show(cluster.clusterName)} is shorter than 2 characters`, 'use a cluster name of at least 2 characters'));
  }
  if (!Object.values(ServerType).includes(cluster.serverType)) {
    problems.push(problem(`${p}/serverType`, `serverType ${show(cluster.serverType)} is not one of ${Object.values(ServerType).join(', ')}`, 'use ServerType.CASSANDRA, ServerType.DSE or ServerType.HCD'));
  } else {
    problems.push(...checkServerVersion(`${p}/serverVersion`, cluster.serverType, cluster.serverVersion));
  }
  problems.push(...checkResources(p, cluster.resources), ...checkNumTokens(p, cluster.config?.cassandraYaml));
  if (cluster.datacenters.length === 0) {
    problems.push(problem(`${p}/datacenters`, 'the cluster has no datacenters', 'add at least one datacenter with addDatacenter() or the datacenters prop'));
  }
  const seen = new Map<string, string>();
  for (const dc of cluster.datacenters) {
    const first = seen.get(dc.name);
    if (first !== undefined) problems.push(problem(`${dc.path}/name`, `datacenter name ${show(dc.name)} is already used by ${first}`, 'give every datacenter of the cluster a unique name, across all regions'));
    else seen.set(dc.name, dc.path);
    problems.push(...checkDatacenter(cluster, dc, dataPlanes));
  }
  problems.push(...checkKeyspaces(cluster));
  if (cluster.external) problems.push(...checkExternal(cluster));
  if (cluster.medusa) problems.push(...checkMedusa(`${p}/medusa`, cluster.medusa));
  if (cluster.reaper?.deploymentMode !== undefined && !Object.values(ReaperDeploymentMode).includes(cluster.reaper.deploymentMode)) {
    problems.push(problem(`${p}/reaper/deploymentMode`, `Reaper deploymentMode ${show(cluster.reaper.deploymentMode)} is not supported`, 'use ReaperDeploymentMode.PER_DC or ReaperDeploymentMode.SINGLE'));
  }
  if (cluster.deletionPolicy !== 'Retain' && cluster.deletionPolicy !== 'Delete') {
    problems.push(problem(`${p}/deletionPolicy`, `deletionPolicy ${show(cluster.deletionPolicy)} is not 'Retain' or 'Delete'`, "use 'Retain' (default) or 'Delete'"));
  }
  return distinctProblems(problems);
}

function checkServerVersion(path: string, serverType: ServerType, version: string): Problem[] {
  if (!SERVER_VERSION_PATTERN.test(version)) {
    return [problem(path, `serverVersion ${show(version)} is not of the form major.minor.patch`, "write the full version, e.g. '4.1.8'")];
  }
  if (!isKnownServerVersion(serverType, version)) {
    const lines = SERVER_VERSION_LINES[serverType].map((l) => (l.includes('.') ? `${l}.x` : `${l}.x.y`)).join(', ');
    return [problem(path, `serverVersion ${show(version)} is not a known ${serverType} release line`, `use a ${serverType} version of ${lines}`)];
  }
  if (!isReleasedServerVersion(serverType, version)) {
    return [problem(path, `serverVersion ${show(version)} is not a ${serverType} release`, `use a released ${serverType} version: ${releaseRanges(serverType)}`)];
  }
  return [];
}

function checkDatacenter(cluster: CassandraClusterSpec, dc: DatacenterSpec, dataPlanes: readonly DataPlaneSpec[]): Problem[] {
  const problems: Problem[] = [];
  const p = dc.path;
  if (!isDns1035Label(dc.name)) {
    problems.push(problem(`${p}/name`, `datacenter name ${show(dc.name)} is not a DNS-1035 label`, "use lower-case letters, digits and '-', starting with a letter, e.g. 'dc1'"));
  }
  const dp = dataPlanes.find((d) => d.name === dc.dataPlane);
  if (!dp) {
    const known = dataPlanes.map((d) => show(d.name)).join(', ') || 'none';
    problems.push(problem(`${p}/dataPlane`, `data plane ${show(dc.dataPlane)} does not exist (known: ${known})`, 'create the DataPlane in the same app and pass it as the datacenter\'s dataPlane'));
  }
  if (!Number.isInteger(dc.size) || dc.size < 1) {
    problems.push(problem(`${p}/size`, `size ${show(dc.size)} is not a whole number >= 1`, 'use 1 or more nodes; 3 per DC is the usual minimum for production'));
  }
  const racks = effectiveRacks(dc, dp);
  const rackNames = new Set<string>();
  racks.forEach((rack, i) => {
    const rp = dc.racks ? `${p}/racks[${i}]` : `${p}/racks`;
    if (rack.name.length < 2) problems.push(problem(`${rp}/name`, `rack name ${show(rack.name)} is shorter than 2 characters`, "use at least 2 characters, e.g. 'r1'"));
    if (rackNames.has(rack.name)) problems.push(problem(`${rp}/name`, `rack name ${show(rack.name)} is used twice in datacenter ${show(dc.name)}`, 'give each rack a unique name'));
    rackNames.add(rack.name);
    if (dp && !dp.zones.includes(rack.zone)) {
      problems.push(problem(`${rp}/zone`, `zone ${show(rack.zone)} is not a zone of data plane ${show(dp.name)} (${dp.zones.join(', ')})`, 'pin the rack to one of the data plane\'s zones, or add the zone to the DataPlane'));
    }
    const sts = statefulSetName(cluster.clusterName, dc.name, rack.name);
    if (sts.length > MAX_STATEFULSET_NAME) {
      problems.push(problem(`${rp}/name`, `StatefulSet name ${show(sts)} is ${sts.length} characters, more than ${MAX_STATEFULSET_NAME}`, 'shorten the cluster name, the datacenter name or the rack name'));
    }
  });
  if (dc.racks && dc.racks.length === 0) problems.push(problem(`${p}/racks`, 'racks is an empty list', 'list at least one rack, or leave racks unset for one rack per zone'));
  if (racks.length > 0 && Number.isInteger(dc.size) && dc.size % racks.length !== 0) {
    problems.push(problem(`${p}/size`, `size ${dc.size} is not a multiple of the ${racks.length} racks (${racks.map((r) => r.name).join(', ')})`, `use a multiple of ${racks.length}, e.g. ${Math.max(1, Math.round(dc.size / racks.length)) * racks.length}, so every rack holds the same number of nodes`));
  }
  if (dc.serverVersion !== undefined && Object.values(ServerType).includes(cluster.serverType)) problems.push(...checkServerVersion(`${p}/serverVersion`, cluster.serverType, dc.serverVersion));
  const storage = effectiveStorage(cluster, dc);
  if (!storage) {
    problems.push(problem(`${p}/storage`, `datacenter ${show(dc.name)} has no storage`, "set storage on the cluster or the datacenter, e.g. { storageClassName: 'gp3', size: '100Gi' }"));
  } else {
    if (!QUANTITY.test(storage.size)) problems.push(problem(`${dc.storage ? p : cluster.path}/storage/size`, `storage size ${show(storage.size)} is not a Kubernetes quantity`, "use e.g. '100Gi'"));
    if (!storage.storageClassName) problems.push(problem(`${dc.storage ? p : cluster.path}/storage/storageClassName`, 'storageClassName is empty', 'name the StorageClass of the data volumes'));
  }
  problems.push(...checkResources(p, dc.resources), ...checkNumTokens(p, dc.config?.cassandraYaml), ...checkHeap(cluster, dc));
  const resources = effectiveResources(cluster, dc);
  if (cluster.softPodAntiAffinity) {
    const missing = (['requests', 'limits'] as const).flatMap((k) => (['cpu', 'memory'] as const).filter((r) => !resources?.[k]?.[r]).map((r) => `${k}.${r}`));
    if (missing.length > 0) {
      problems.push(problem(`${p}/resources`, `softPodAntiAffinity lets nodes share a worker, but datacenter ${show(dc.name)} has no ${missing.join(', ')}`, 'set cpu and memory requests and limits on the cluster or the datacenter'));
    }
  }
  problems.push(...checkConfig(cluster, dc));
  return problems;
}

function checkConfig(cluster: CassandraClusterSpec, dc: DatacenterSpec): Problem[] {
  const problems: Problem[] = [];
  const config = effectiveConfig(cluster, dc);
  const version = effectiveServerVersion(cluster, dc);
  const where = (key: 'cassandraYaml' | 'dseYaml', sub?: string) => `${dc.config?.[key] && (!sub || sub in dc.config[key]!) ? dc.path : cluster.path}/config/${key}${sub ? `/${sub}` : ''}`;
  if (config.dseYaml && cluster.serverType !== ServerType.DSE) {
    problems.push(problem(where('dseYaml'), `dseYaml is set but serverType is ${show(cluster.serverType)}`, 'remove dseYaml, or use serverType DSE'));
  }
  if (config.cassandraYaml && cluster.serverType !== ServerType.DSE) {
    for (const key of DSE_ONLY_CASSANDRA_YAML_KEYS.filter((k) => k in config.cassandraYaml!)) {
      problems.push(problem(where('cassandraYaml', key), `cassandra.yaml key ${show(key)} exists only in DSE, not in ${cluster.serverType}`, 'remove the key, or use serverType DSE'));
    }
  }
  if (config.cassandraYaml && 'full_query_logging_options' in config.cassandraYaml && (cluster.serverType !== ServerType.CASSANDRA || majorMinor(version)[0] < 4)) {
    problems.push(problem(where('cassandraYaml', 'full_query_logging_options'), `full_query_logging_options needs Cassandra 4 or newer, not ${cluster.serverType} ${version}`, 'remove the key, or upgrade to Cassandra 4.0+'));
  }
  return problems;
}

/** Checked where it is written: a DC's value overrides the cluster's. */
function checkNumTokens(path: string, cassandraYaml: Readonly<Record<string, unknown>> | undefined): Problem[] {
  if (!cassandraYaml || !('num_tokens' in cassandraYaml)) return [];
  const value = cassandraYaml.num_tokens;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return [];
  return [problem(`${path}/config/cassandraYaml/num_tokens`, `num_tokens ${show(value)} is not a positive whole number`, 'use a whole number of tokens per node, e.g. 16 (fixed once the DC exists)')];
}

/** Keyspaces upstream treats as internal: never part of the dc-replication annotation. */
function internalKeyspaces(cluster: CassandraClusterSpec): string[] {
  return ['system', 'system_auth', 'system_distributed', 'system_schema', 'system_traces', 'system_views', 'system_virtual_schema', ...(cluster.reaper ? ['reaper_db'] : [])];
}

/** Cassandra's rule for unquoted keyspace names. */
const KEYSPACE_NAME = /^[A-Za-z0-9_]{1,48}$/;

function checkKeyspaces(cluster: CassandraClusterSpec): Problem[] {
  const problems: Problem[] = [];
  const dcs = new Map(cluster.datacenters.map((dc) => [dc.name, dc]));
  const internal = internalKeyspaces(cluster);
  const seen = new Set<string>();
  (cluster.keyspaces ?? []).forEach((ks, i) => {
    const p = `${cluster.path}/keyspaces[${i}]`;
    if (!KEYSPACE_NAME.test(ks.name)) problems.push(problem(`${p}/name`, `keyspace name ${show(ks.name)} is not a Cassandra keyspace name`, "use 1 to 48 letters, digits or '_', e.g. 'orders'"));
    if (internal.includes(ks.name)) problems.push(problem(`${p}/name`, `keyspace ${show(ks.name)} is internal; upstream manages its replication`, 'declare user keyspaces only'));
    if (seen.has(ks.name)) problems.push(problem(`${p}/name`, `keyspace ${show(ks.name)} is declared twice`, 'declare each keyspace once'));
    seen.add(ks.name);
    for (const [dcName, rf] of Object.entries(ks.replication ?? {})) {
      const dc = dcs.get(dcName);
      if (!dc) {
        problems.push(problem(`${p}/replication/${dcName}`, `replication names ${show(dcName)}, which is not a datacenter of the cluster (${[...dcs.keys()].join(', ')})`, 'name datacenters of this cluster; leave a DC out for no replicas'));
      } else if (!Number.isInteger(rf) || rf < 0) {
        problems.push(problem(`${p}/replication/${dcName}`, `replication factor ${show(rf)} is not a whole number >= 0`, 'use e.g. 3, or 0 for no replicas in this DC'));
      } else if (rf > dc.size) {
        problems.push(problem(`${p}/replication/${dcName}`, `replication factor ${rf} in ${show(dcName)} exceeds its ${dc.size} nodes`, `use at most ${dc.size}, or grow the datacenter first`));
      }
    }
  });
  return problems;
}

function isIpAddress(v: string): boolean {
  const v4 = /^(\d{1,3})(\.\d{1,3}){3}$/.test(v) && v.split('.').every((o) => Number(o) <= 255);
  return v4 || (/^[0-9a-fA-F:]+$/.test(v) && v.includes(':'));
}

/** Joining an outside cluster: its DC names must not collide, its seeds must be IPs. */
function checkExternal(cluster: CassandraClusterSpec): Problem[] {
  const problems: Problem[] = [];
  const p = `${cluster.path}/external`;
  const own = new Set(cluster.datacenters.map((dc) => dc.name));
  for (const name of cluster.external!.datacenters) {
    if (own.has(name)) problems.push(problem(`${p}/datacenters`, `external datacenter ${show(name)} is also a datacenter of this cluster`, 'list only DCs that run outside the platform; DCs of the platform need no entry'));
  }
  for (const seed of cluster.external!.seeds) {
    if (!isIpAddress(seed)) problems.push(problem(`${p}/seeds`, `seed ${show(seed)} is not an IP address; upstream keeps only IP addresses and drops host names silently`, 'list IP addresses of nodes of the outside cluster'));
  }
  if (cluster.external!.datacenters.length === 0 && cluster.external!.seeds.length > 0) {
    problems.push(problem(`${p}/datacenters`, 'external seeds are given but no external datacenters', 'list the outside DCs so the system keyspaces keep their replicas'));
  }
  return problems;
}

function checkMedusa(path: string, medusa: MedusaSpec): Problem[] {
  const problems: Problem[] = [];
  if (!medusa.storageProvider || !MEDUSA_PROVIDERS.includes(medusa.storageProvider)) {
    problems.push(problem(`${path}/storageProvider`, `Medusa storageProvider ${show(medusa.storageProvider)} is not one of ${MEDUSA_PROVIDERS.join(', ')}`, "use e.g. 's3' or 'google_storage'"));
  }
  if (!medusa.bucketName) problems.push(problem(`${path}/bucketName`, 'Medusa bucketName is empty', 'name the bucket that receives the backups'));
  if (medusa.sharedConfiguration !== undefined) {
    if (!isDns1035Label(medusa.sharedConfiguration)) {
      problems.push(problem(`${path}/sharedConfiguration`, `MedusaConfiguration name ${show(medusa.sharedConfiguration)} is not a DNS-1035 label`, "use e.g. 'backups'"));
    }
    if (!medusa.prefix) problems.push(problem(`${path}/prefix`, `the shared MedusaConfiguration ${show(medusa.sharedConfiguration)} needs a per-cluster prefix`, 'set prefix (e.g. the cluster name) so clusters sharing the bucket keep their backups apart'));
  }
  return problems;
}
