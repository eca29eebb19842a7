import { API_GROUP, API_VERSION, DATA_PLANE_REGISTRATION_KIND, MISSION_CONTROL_CLUSTER_KIND, MISSION_CONTROL_TASK_KIND } from '../core/api-group';

/** Where a kind lives in the REST API; enough to build URLs without discovery. */
export interface ResourceType {
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Lower-case plural used in URLs. */
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Describes one more kind, e.g. for tests or kinds not in {@link RESOURCES}. */
export function resourceType(apiVersion: string, kind: string, plural: string, namespaced = true): ResourceType {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion, kind, plural, namespaced }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind, plural, namespaced };
}

/**
 * Every kind the reconciler reads or writes. A static table rather than discovery: the
 * reconciler only touches these, and a data plane that is down must not block URL building.
 */
export const RESOURCES = {
  MissionControlCluster: resourceType(`${API_GROUP}/${API_VERSION}`, MISSION_CONTROL_CLUSTER_KIND, 'missioncontrolclusters'),
  DataPlaneRegistration: resourceType(`${API_GROUP}/${API_VERSION}`, DATA_PLANE_REGISTRATION_KIND, 'dataplaneregistrations'),
  MissionControlTask: resourceType(`${API_GROUP}/${API_VERSION}`, MISSION_CONTROL_TASK_KIND, 'missioncontroltasks'),
  K8ssandraCluster: resourceType('k8ssandra.io/v1alpha1', 'K8ssandraCluster', 'k8ssandraclusters'),
  K8ssandraTask: resourceType('control.k8ssandra.io/v1alpha1', 'K8ssandraTask', 'k8ssandratasks'),
  CassandraTask: resourceType('control.k8ssandra.io/v1alpha1', 'CassandraTask', 'cassandratasks'),
  MedusaBackupJob: resourceType('medusa.k8ssandra.io/v1alpha1', 'MedusaBackupJob', 'medusabackupjobs'),
  MedusaRestoreJob: resourceType('medusa.k8ssandra.io/v1alpha1', 'MedusaRestoreJob', 'medusarestorejobs'),
  MedusaBackupSchedule: resourceType('medusa.k8ssandra.io/v1alpha1', 'MedusaBackupSchedule', 'medusabackupschedules'),
  CassandraDatacenter: resourceType('cassandra.datastax.com/v1beta1', 'CassandraDatacenter', 'cassandradatacenters'),
  Secret: resourceType('v1', 'Secret', 'secrets'),
  Lease: resourceType('coordination.k8s.io/v1', 'Lease', 'leases'),
  // Core v1 Events, which every kubectl version shows; events.k8s.io/v1 would need its own entry.
  Event: resourceType('v1', 'Event', 'events'),
} as const satisfies Record<string, ResourceType>;

/** Names of the kinds in {@link RESOURCES}. */
export type KnownKind = keyof typeof RESOURCES;

/** `group/version`, or just `version` for the core group. */
export function apiVersionOf(resource: ResourceType): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** Options of {@link resourcePath}. */
export interface ResourcePathOptions {
  /** Required for namespaced kinds unless listing across all namespaces. */
  readonly namespace?: string;
  /** Omit for collection URLs (list, watch, create). */
  readonly name?: string;
  /** E.g. `status`; requires `name`. */
  readonly subresource?: string;
}

/** Builds the REST path of a collection, an object or an object's subresource. */
export function resourcePath(resource: ResourceType, options: ResourcePathOptions = {}): string {
  const root = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  if (!resource.namespaced && options.namespace) {
    throw new Error(`${resource.kind} is cluster-scoped; no namespace expected (got '${options.namespace}')`);
  }
  if (resource.namespaced && options.name !== undefined && !options.namespace) {
    throw new Error(`${resource.kind} '${options.name}' is namespaced; a namespace is required`);
  }
  if (options.subresource && options.name === undefined) throw new Error('a subresource requires an object name');
  const ns = options.namespace ? `/namespaces/${encodeURIComponent(options.namespace)}` : '';
  const name = options.name !== undefined ? `/${encodeURIComponent(options.name)}` : '';
  const sub = options.subresource ? `/${options.subresource}` : '';
  return `${root}${ns}/${resource.plural}${name}${sub}`;
}
