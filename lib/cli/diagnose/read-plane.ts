import type { PlaneSnapshot } from '../../core/diagnosis/snapshot';
import type { KubeObject } from '../../core/kube-object';
import type { KubeClient } from '../../kube/client';
import { KubeApiError } from '../../kube/errors';
import { RESOURCES, resourceType, type ResourceType } from '../../kube/resources';

export const DEPLOYMENTS = resourceType('apps/v1', 'Deployment', 'deployments');
export const PODS = resourceType('v1', 'Pod', 'pods');
export const SERVICES = resourceType('v1', 'Service', 'services');
export const ENDPOINT_SLICES = resourceType('discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices');
export const CLIENT_CONFIGS = resourceType('config.k8ssandra.io/v1beta1', 'ClientConfig', 'clientconfigs');

/** Lists of one cluster, remembering what could not be read instead of failing on it. */
export class PlaneReader {
  readonly unreadable = new Set<string>();
  error: string | undefined;

  constructor(private readonly client: KubeClient) {}

  /** Items of `resource` in each namespace; `[]` when the kind is not installed or not readable. */
  async list(resource: ResourceType, namespaces: readonly string[]): Promise<KubeObject[]> {
    if (this.error !== undefined) return [];
    const out: KubeObject[] = [];
    for (const namespace of [...new Set(namespaces)].sort()) {
      try {
        out.push(...(await this.client.list(resource, { namespace })).items);
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 404) continue; // CRD not installed
        if (err instanceof KubeApiError && (err.status === 401 || err.status === 403)) {
          this.unreadable.add(resource.kind);
          continue;
        }
        // The API server did not answer: the plane is down for this diagnosis.
        this.error = (err as Error).message;
        return [];
      }
    }
    return out;
  }
}

/** The kinds every plane contributes, read in its operator and Cassandra namespaces. */
export async function readPlane(reader: PlaneReader, meta: { name: string; context: string; operatorNamespace: string }, namespaces: {
  /** Where operators run: their Deployments, pods, webhook Services. */
  operators: readonly string[];
  /** Where DCs, their pods and tasks live. */
  cassandra: readonly string[];
}): Promise<PlaneSnapshot> {
  const deployments = await reader.list(DEPLOYMENTS, namespaces.operators);
  const pods = await reader.list(PODS, [...namespaces.operators, ...namespaces.cassandra]);
  const services = await reader.list(SERVICES, namespaces.operators);
  const endpointSlices = await reader.list(ENDPOINT_SLICES, namespaces.operators);
  const datacenters = await reader.list(RESOURCES.CassandraDatacenter, namespaces.cassandra);
  const cassandraTasks = await reader.list(RESOURCES.CassandraTask, namespaces.cassandra);
  const medusaBackupJobs = await reader.list(RESOURCES.MedusaBackupJob, namespaces.cassandra);
  const medusaRestoreJobs = await reader.list(RESOURCES.MedusaRestoreJob, namespaces.cassandra);
  return {
    ...meta,
    ...(reader.error !== undefined ? { error: reader.error } : {}),
    unreadable: [...reader.unreadable].sort(),
    deployments,
    pods,
    services,
    endpointSlices,
    datacenters,
    cassandraTasks,
    medusaBackupJobs,
    medusaRestoreJobs,
  };
}
