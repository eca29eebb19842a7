import { OPERATOR_SELECTOR_LABEL } from '../labels';
import { ChangeSeverity, type Folders, type PlannedChange } from './plan-change';
import { CONTROL_PLANE_FOLDER } from '../model/platform';

/** What the running clusters see when each operator is replaced, by selector label value. */
const WHAT_UPSTREAM_DOES: Readonly<Record<string, { readonly name: string; readonly path: string; readonly effect: string }>> = {
  'k8ssandra-operator': {
    name: 'k8ssandra-operator',
    path: 'k8ssandra-operator',
    effect: 'running clusters are not restarted: upstream marks a K8ssandraCluster the new release would change with RequiresUpdate and applies it (a rolling restart) on its next spec change or with the k8ssandra.io/autoupdate-spec annotation',
  },
  'cass-operator-controller-manager': {
    name: 'cass-operator',
    path: 'cass-operator',
    effect: 'the DCs here are not restarted: cass-operator updates their StatefulSets only when the CassandraDatacenter changes or carries cassandra.datastax.com/autoupdate-spec, and that update is a rolling restart',
  },
  'mission-control-operator': {
    name: 'the control-plane operator',
    path: 'mission-control-operator',
    effect: 'the standby replica takes the Lease while the pods roll; clusters are reconciled again by the new release, which rewrites a K8ssandraCluster only where its placement differs',
  },
};

/** The image of each operator Deployment in a folder, and whether k8ssandra-operator runs in control-plane mode. */
function operatorsIn(objects: Folders[string]): Map<string, { image: string; controlPlaneMode: boolean }> {
  const out = new Map<string, { image: string; controlPlaneMode: boolean }>();
  for (const obj of objects) {
    const operator = obj.kind === 'Deployment' ? (obj.spec as any)?.selector?.matchLabels?.[OPERATOR_SELECTOR_LABEL] : undefined;
    const container = (obj.spec as any)?.template?.spec?.containers?.[0];
    if (typeof operator !== 'string' || !container?.image) continue;
    const mode = (container.env ?? []).find((e: { name: string }) => e.name === 'K8SSANDRA_CONTROL_PLANE')?.value === 'true';
    out.set(operator, { image: container.image, controlPlaneMode: mode });
  }
  return out;
}

const list = (names: readonly string[]): string => names.join(', ');

/**
 * Operator upgrades, plane by plane. The architecture upgrades the control plane first, then
 * one data plane at a time, so that a bad release is caught in one place: a change that
 * upgrades several planes at once is risky however safe each upgrade is on its own.
 */
export function operatorChanges(previous: Folders, next: Folders): PlannedChange[] {
  const upgrades: Array<{ plane: string; operator: string; from: string; to: string; controlPlaneMode: boolean }> = [];
  for (const plane of Object.keys(next).filter((f) => f in previous).sort()) {
    const before = operatorsIn(previous[plane]);
    for (const [operator, now] of operatorsIn(next[plane])) {
      const was = before.get(operator);
      if (was && was.image !== now.image) upgrades.push({ plane, operator, from: was.image, to: now.image, controlPlaneMode: now.controlPlaneMode });
    }
  }
  const planes = [...new Set(upgrades.map((u) => u.plane))];
  const dataPlanes = planes.filter((p) => p !== CONTROL_PLANE_FOLDER);
  const withControlPlane = planes.includes(CONTROL_PLANE_FOLDER) && dataPlanes.length > 0;
  const order = withControlPlane
    ? `this change upgrades operators in ${CONTROL_PLANE_FOLDER} and in ${list(dataPlanes)} at once; split it into steps: ${CONTROL_PLANE_FOLDER} alone first, then one data plane per change`
    : dataPlanes.length > 1
      ? `this change upgrades operators in ${list(dataPlanes)} at once; split it into steps: one data plane per change, so a bad release stops at one region`
      : undefined;
  return upgrades.map((u) => {
    const known = WHAT_UPSTREAM_DOES[u.operator] ?? { name: u.operator, path: u.operator, effect: 'the Deployment rolls to the new image' };
    const name = u.controlPlaneMode ? `${known.name} (control-plane mode)` : known.name;
    const what = `${name} ${u.from} -> ${u.to}: ${known.effect}`;
    return { severity: order ? ChangeSeverity.RISKY : ChangeSeverity.SAFE, plane: u.plane, path: `operators/${known.path}`, message: order ? `${what}; ${order}` : what };
  });
}
