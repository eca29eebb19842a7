import { Counter, type Registry } from 'prom-client';
import type { KubeVerb } from '../../kube/client';
import type { ResourceType } from '../../kube/resources';

const WRITES: ReadonlySet<KubeVerb> = new Set(['create', 'update', 'patch', 'delete']);

/**
 * client-go's `rest_client_requests_total`, labelled by cluster and whether the request wrote:
 * the proof, scraped from outside, that a steady state sends no writes.
 */
export function requestCounter(registry: Registry): (cluster: string) => (verb: KubeVerb, resource: ResourceType, status: number) => void {
  const existing = registry.getSingleMetric('rest_client_requests_total') as Counter<string> | undefined;
  const counter =
    existing ??
    new Counter({ name: 'rest_client_requests_total', help: 'Kubernetes API requests by cluster, verb and status code', labelNames: ['cluster', 'verb', 'code', 'write'], registers: [registry] });
  return (cluster) => (verb, _resource, status) => counter.inc({ cluster, verb, code: String(status), write: String(WRITES.has(verb)) });
}
