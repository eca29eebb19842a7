import type { KubeObject } from '../kube-object';
import { applyRank } from '../output/apply-order';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The object with a sync wave, unless it already has one (set with an escape hatch). */
export function withSyncWave(obj: KubeObject, wave: number): KubeObject {
  if (obj.metadata.annotations?.[SYNC_WAVE_ANNOTATION] !== undefined) return obj;
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, [SYNC_WAVE_ANNOTATION]: String(wave) } } };
}

/**
 * Argo CD applies one wave at a time and waits for it to be healthy, but ignores the order of
 * the kustomization's resources; the apply rank becomes the wave, so the order is kept.
 */
export function withApplyRankWave(obj: KubeObject): KubeObject {
  return withSyncWave(obj, applyRank(obj));
}

/**
 * Upstream CRDs fetched by the kustomization (or copied verbatim) are not ours to edit: a
 * kustomize patch gives every CRD of the folder the CRD rank as its wave.
 */
export function crdSyncWavePatch(): Record<string, unknown> {
  const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'any' } };
  const wave = applyRank(crd);
  return {
    target: { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
    patch: ['apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata:', '  name: any', '  annotations:', `    ${SYNC_WAVE_ANNOTATION}: "${wave}"`, ''].join('\n'),
  };
}
