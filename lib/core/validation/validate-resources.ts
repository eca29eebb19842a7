import type { ResourceRequirements } from '../model/resources';
import { problem, show, type Problem } from '../problems';
import { isQuantity, quantityValue } from '../quantity';

const EXAMPLES = { cpu: "cores or millicores, e.g. '2' or '500m'", memory: "bytes with a suffix, e.g. '8Gi' or '512Mi'" } as const;

/**
 * CPU and memory requests and limits in Kubernetes quantity syntax. The API server rejects
 * anything else ('4 cores', '2 GB') only when the object is applied, far from where it was set.
 */
export function checkResources(path: string, resources: ResourceRequirements | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory'] as const) {
      const value = resources?.[kind]?.[resource];
      if (value === undefined || isQuantity(value)) continue;
      problems.push(problem(`${path}/resources/${kind}/${resource}`, `${resource} ${kind === 'requests' ? 'request' : 'limit'} ${show(value)} is not a Kubernetes quantity`, `write ${resource} as ${EXAMPLES[resource]}`));
    }
  }
  for (const resource of ['cpu', 'memory'] as const) {
    const request = resources?.requests?.[resource];
    const limit = resources?.limits?.[resource];
    if (request === undefined || limit === undefined || !isQuantity(request) || !isQuantity(limit)) continue;
    if (quantityValue(request)! > quantityValue(limit)!) {
      problems.push(problem(`${path}/resources/requests/${resource}`, `${resource} request ${show(request)} is above its limit ${show(limit)}, which Kubernetes refuses`, `lower the request to at most ${show(limit)}, or raise the limit`));
    }
  }
  return problems;
}
