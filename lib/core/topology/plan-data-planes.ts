import { DATA_PLANE_REGISTRATION_KIND } from '../api-group';
import type { ClusterView } from './plan';
import { ChangeSeverity, LOCAL_CONTEXT, type Folders, type PlannedChange } from './plan-change';
import { CONTROL_PLANE_FOLDER, dataPlaneFolder } from '../model/platform';

/** The data planes of a synthesis by name, with whether each shares the control plane's cluster. */
export function dataPlanesOf(folders: Folders): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const obj of folders[CONTROL_PLANE_FOLDER] ?? []) {
    if (obj.kind === DATA_PLANE_REGISTRATION_KIND) out.set(obj.metadata.name, (obj.spec as { inControlPlaneCluster?: boolean })?.inControlPlaneCluster === true);
  }
  for (const folder of Object.keys(folders)) {
    const name = folder.startsWith(dataPlaneFolder('')) ? folder.slice(dataPlaneFolder('').length) : undefined;
    if (name && !out.has(name)) out.set(name, false);
  }
  return out;
}

/** `cluster/dc` of every DC placed in a data plane (static DCs there have no k8sContext when it shares the control plane's cluster). */
function dcsIn(clusters: ReadonlyMap<string, ClusterView>, dataPlane: string, shared: boolean): string[] {
  const names = shared ? [dataPlane, LOCAL_CONTEXT] : [dataPlane];
  return [...clusters].flatMap(([cluster, view]) => [...view.dcs].filter(([, dc]) => names.includes(dc.dataPlane)).map(([dc]) => `${cluster}/${dc}`));
}

/**
 * A data plane leaving the output takes its operators, and with them what decommissions its
 * DCs, out of the region; with upstream CRDs pruned, the CassandraDatacenters go too, without
 * a decommission. So its DCs must be removed (or rebuilt elsewhere) in an earlier change.
 */
export function dataPlaneRemovals(previous: Folders, next: Folders, before: ReadonlyMap<string, ClusterView>, after: ReadonlyMap<string, ClusterView>): PlannedChange[] {
  const was = dataPlanesOf(previous);
  const is = dataPlanesOf(next);
  const changes: PlannedChange[] = [];
  for (const [name, shared] of [...was].filter(([n]) => !is.has(n)).sort(([a], [b]) => a.localeCompare(b))) {
    const plane = dataPlaneFolder(name);
    const placed = [...new Set([...dcsIn(before, name, shared), ...dcsIn(after, name, shared)])].sort();
    if (placed.length > 0) {
      changes.push({ severity: ChangeSeverity.FORBIDDEN, plane, path: '', message: `data plane ${name} removed while DCs ${placed.join(', ')} are placed in it: without its cass-operator nobody decommissions them, and once its CRDs go their CassandraDatacenters are deleted without streaming the data away, so they are orphaned; remove those DCs (or add DCs elsewhere, rebuild them, then remove these) and let upstream decommission them, then remove the data plane in a later change` });
    } else {
      changes.push({ severity: ChangeSeverity.SAFE, plane, path: '', message: `data plane ${name} removed: no DC is placed in it` });
    }
  }
  return changes;
}
