import type { OperatorLoad } from '../model/operators';
import type { DataPlaneSpec } from '../model/platform';
import type { CassandraClusterSpec } from '../topology/model';

/** The load each plane's operators are sized for: what the app places there, raised to the plane's `sizeFor`. */
export interface PlatformLoads {
  /**
   * The control plane's operators: the control-plane operator and the k8ssandra-operator in
   * control-plane mode, which write every cluster and every DC of the platform.
   */
  readonly controlPlane: OperatorLoad;
  /** Each data plane's own operators, by data-plane name: the clusters and DCs placed there. */
  readonly dataPlanes: Readonly<Record<string, OperatorLoad>>;
}

/** The larger of each figure: a plane sized for more than the app declares keeps that size. */
const atLeast = (a: OperatorLoad, b: OperatorLoad | undefined): OperatorLoad =>
  b ? { clusters: Math.max(a.clusters, b.clusters), datacenters: Math.max(a.datacenters, b.datacenters) } : a;

/**
 * What every operator of the platform serves, from the clusters declared in the app, raised to
 * each plane's `sizeFor` (clusters created outside the app, growth to come).
 */
export function platformLoads(
  dataPlanes: readonly DataPlaneSpec[],
  clusters: readonly CassandraClusterSpec[],
  controlPlaneSizeFor?: OperatorLoad,
): PlatformLoads {
  const perPlane: Record<string, OperatorLoad> = {};
  for (const dp of dataPlanes) {
    const here = clusters.map((c) => c.datacenters.filter((dc) => dc.dataPlane === dp.name).length);
    const declared = { clusters: here.filter((n) => n > 0).length, datacenters: here.reduce((a, b) => a + b, 0) };
    perPlane[dp.name] = atLeast(declared, dp.sizeFor);
  }
  const declared = { clusters: clusters.length, datacenters: clusters.reduce((n, c) => n + c.datacenters.length, 0) };
  return { controlPlane: atLeast(declared, controlPlaneSizeFor), dataPlanes: perPlane };
}

export type { OperatorLoad };

/** A plane that is not in the loads (a data plane of another app) serves nothing known here. */
export const NO_LOAD: OperatorLoad = { clusters: 0, datacenters: 0 };

/** Loads of a platform whose clusters are not known: every operator gets its floor. */
export const UNLOADED: PlatformLoads = { controlPlane: NO_LOAD, dataPlanes: {} };
