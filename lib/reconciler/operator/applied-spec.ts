import { LABEL_PREFIX } from '../../core/api-group';
import type { KubeObject } from '../../core/kube-object';
import { clusterSpecFromMissionControlCluster } from '../../core/topology/mission-control-cluster';
import type { CassandraClusterSpec } from '../../core/topology/model';

/**
 * Annotation on the K8ssandraCluster holding the MissionControlCluster spec it was last
 * applied from. Changes are judged against what is running, not against the previous
 * generation of the MissionControlCluster: a spec the operator refused was never applied,
 * and reverting it must not be judged against the refused one.
 */
export const APPLIED_SPEC_ANNOTATION = `${LABEL_PREFIX}/applied-spec`;

/** The object with the cluster's current spec recorded as the applied one. */
export function withAppliedSpec<T extends KubeObject>(obj: T, mcc: KubeObject): T {
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, [APPLIED_SPEC_ANNOTATION]: JSON.stringify(mcc.spec ?? {}) } } };
}

/**
 * The model of the spec `live` was last applied from, read as the cluster's own (same name
 * and namespace, so problem paths point at it); undefined when nothing was recorded or the
 * record cannot be read, in which case there is nothing to compare with.
 */
export function appliedSpec(live: KubeObject | undefined, mcc: KubeObject): CassandraClusterSpec | undefined {
  const recorded = live?.metadata.annotations?.[APPLIED_SPEC_ANNOTATION];
  if (!recorded) return undefined;
  try {
    return clusterSpecFromMissionControlCluster({ ...mcc, spec: JSON.parse(recorded) as Record<string, unknown> });
  } catch {
    return undefined;
  }
}
