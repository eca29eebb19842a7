import type { IConstruct } from 'constructs';
import { syncWaveDelivery } from './gitops-delivery';
import { crdSyncWavePatch, withApplyRankWave } from '../core/gitops/sync-wave';
import type { KubeObject } from '../core/kube-object';

/**
 * Sync waves are added where a chart renders, so every path (MissionControlApp, a plain App,
 * `Testing.synth`, `Chart.toJson()`) writes the same objects.
 */
export function withSyncWaves(chart: IConstruct, objects: KubeObject[]): KubeObject[] {
  return syncWaveDelivery(chart) ? objects.map(withApplyRankWave) : objects;
}

/** The kustomize patch giving upstream CRDs their wave, for folders that have any. */
export function syncWavePatches(chart: IConstruct, crds: { remoteResources: readonly string[]; verbatimFiles: readonly unknown[] }): Array<Record<string, unknown>> {
  const hasUpstreamCrds = crds.remoteResources.length > 0 || crds.verbatimFiles.length > 0;
  return hasUpstreamCrds && syncWaveDelivery(chart) ? [crdSyncWavePatch()] : [];
}
