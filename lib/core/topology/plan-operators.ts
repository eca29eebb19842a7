import { OPERATOR_SELECTOR_LABEL } from '../labels';
import { ChangeSeverity, type Folders, type PlannedChange, type PlanOptions } from './plan-change';
import { CONTROL_PLANE_FOLDER } from '../model/platform';
import { compareReleases, formatRelease, releaseOfImage } from '../releases';

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

interface RunningOperator {
  readonly image: string;
  readonly controlPlaneMode: boolean;
  readonly resources: { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
}

/** The image of each operator Deployment in a folder, and whether k8ssandra-operator runs in control-plane mode. */
function operatorsIn(objects: Folders[string]): Map<string, RunningOperator> {
  const out = new Map<string, RunningOperator>();
  for (const obj of objects) {
    const operator = obj.kind === 'Deployment' ? (obj.spec as any)?.selector?.matchLabels?.[OPERATOR_SELECTOR_LABEL] : undefined;
    const container = (obj.spec as any)?.template?.spec?.containers?.[0];
    if (typeof operator !== 'string' || !container?.image) continue;
    const mode = (container.env ?? []).find((e: { name: string }) => e.name === 'K8SSANDRA_CONTROL_PLANE')?.value === 'true';
    out.set(operator, { image: container.image, controlPlaneMode: mode, resources: container.resources });
  }
  return out;
}

const K8SSANDRA_OPERATOR = 'k8ssandra-operator';

interface Upgrade {
  readonly plane: string;
  readonly operator: string;
  readonly from: string;
  readonly to: string;
  readonly controlPlaneMode: boolean;
}

/**
 * The control plane's operators are the control-plane folder's and the k8ssandra-operator in
 * control-plane mode, which is a data plane's when that data plane shares the control
 * plane's cluster: it writes every data plane's CassandraDatacenters.
 */
const ofControlPlane = (u: Upgrade): boolean => u.plane === CONTROL_PLANE_FOLDER || (u.operator === K8SSANDRA_OPERATOR && u.controlPlaneMode);

/** The control-plane-mode k8ssandra-operator of a synthesis, with its folder. */
function controlPlaneK8ssandra(folders: Folders): { plane: string; image: string } | undefined {
  for (const plane of Object.keys(folders).sort()) {
    const op = operatorsIn(folders[plane]).get(K8SSANDRA_OPERATOR);
    if (op?.controlPlaneMode) return { plane, image: op.image };
  }
  return undefined;
}

const list = (names: readonly string[]): string => names.join(', ');

const ALLOW_PARALLEL = 'allow parallel data-plane upgrades (--allow-parallel-data-plane-upgrades, or allowParallelDataPlaneUpgrades in the API)';

/**
 * Operator upgrades, plane by plane. The architecture upgrades the control plane first, then
 * one data plane at a time, so that a bad release is caught in one place: a change that
 * upgrades the control plane together with data planes, or a data plane before the control
 * plane, is risky however safe each upgrade is on its own; so is one that upgrades several
 * data planes, unless the options allow it.
 */
export function operatorChanges(previous: Folders, next: Folders, options: PlanOptions = {}): PlannedChange[] {
  const upgrades: Upgrade[] = [];
  for (const plane of Object.keys(next).filter((f) => f in previous).sort()) {
    const before = operatorsIn(previous[plane]);
    for (const [operator, now] of operatorsIn(next[plane])) {
      const was = before.get(operator);
      if (was && was.image !== now.image) upgrades.push({ plane, operator, from: was.image, to: now.image, controlPlaneMode: now.controlPlaneMode });
    }
  }
  const controlPlaneOperators = upgrades.filter(ofControlPlane).map((u) => `${u.plane}/${WHAT_UPSTREAM_DOES[u.operator]?.path ?? u.operator}`);
  const dataPlanes = [...new Set(upgrades.filter((u) => !ofControlPlane(u)).map((u) => u.plane))];
  const together = controlPlaneOperators.length > 0 && dataPlanes.length > 0
    ? `this change upgrades the control plane's operators (${list(controlPlaneOperators)}) and those of ${list(dataPlanes)} at once; split it into steps: the control plane alone first, then one data plane per change`
    : undefined;
  const parallel = dataPlanes.length > 1 && !options.allowParallelDataPlaneUpgrades
    ? `this change upgrades operators in ${list(dataPlanes)} at once; split it into steps: one data plane per change, so a bad release stops at one region, or ${ALLOW_PARALLEL}`
    : undefined;
  const home = controlPlaneK8ssandra(next);
  return [...upgrades.map((u) => {
    const known = WHAT_UPSTREAM_DOES[u.operator] ?? { name: u.operator, path: u.operator, effect: 'the Deployment rolls to the new image' };
    const name = u.controlPlaneMode ? `${known.name} (control-plane mode)` : known.name;
    const inDataPlane = !ofControlPlane(u);
    const risks = [together, inDataPlane ? parallel : undefined, inDataPlane ? aheadOfControlPlane(u, home) : undefined].filter((r): r is string => r !== undefined);
    const notes = inDataPlane && dataPlanes.length > 1 && options.allowParallelDataPlaneUpgrades
      ? [`upgraded together with ${list(dataPlanes.filter((p) => p !== u.plane))} (parallel data-plane upgrades allowed)`]
      : [];
    const message = [`${name} ${u.from} -> ${u.to}: ${known.effect}`, ...risks, ...notes].join('; ');
    return { severity: risks.length > 0 ? ChangeSeverity.RISKY : ChangeSeverity.SAFE, plane: u.plane, path: `operators/${known.path}`, message };
  }), ...resized(previous, next)];
}

const shown = (r: RunningOperator['resources']): string =>
  `requests ${r?.requests?.cpu ?? '-'} CPU / ${r?.requests?.memory ?? '-'}, limits ${r?.limits?.cpu ?? '-'} CPU / ${r?.limits?.memory ?? '-'}`;

/**
 * Operators whose requests or limits change, with the same image: a new size for what the
 * plane serves (lib/core/sizing/) or the user's own. Only the operator's pod is replaced.
 */
function resized(previous: Folders, next: Folders): PlannedChange[] {
  const out: PlannedChange[] = [];
  for (const plane of Object.keys(next).filter((f) => f in previous).sort()) {
    const before = operatorsIn(previous[plane]);
    for (const [operator, now] of operatorsIn(next[plane])) {
      const was = before.get(operator);
      if (!was || was.image !== now.image || JSON.stringify(was.resources) === JSON.stringify(now.resources)) continue;
      const known = WHAT_UPSTREAM_DOES[operator] ?? { name: operator, path: operator };
      out.push({
        severity: ChangeSeverity.SAFE,
        plane,
        path: `operators/${known.path}/resources`,
        message: `${known.name} resized from ${shown(was.resources)} to ${shown(now.resources)}: its pod is replaced (surge-first, so its webhooks stay served); no Cassandra pod restarts`,
      });
    }
  }
  return out;
}

/**
 * A data-plane k8ssandra-operator upgraded past the control-plane one: the data plane goes
 * first. Only k8ssandra-operator runs in both kinds of plane, so only it can be compared;
 * images whose tags name no release cannot.
 */
function aheadOfControlPlane(u: Upgrade, home: { plane: string; image: string } | undefined): string | undefined {
  if (u.operator !== K8SSANDRA_OPERATOR || !home) return undefined;
  const mine = releaseOfImage(u.to);
  const theirs = releaseOfImage(home.image);
  if (!mine || !theirs || compareReleases(mine, theirs) <= 0) return undefined;
  return `k8ssandra-operator ${formatRelease(mine)} would run ahead of the control-plane k8ssandra-operator ${formatRelease(theirs)} (in ${home.plane}), so this data plane is upgraded before the control plane; upgrade the control plane first, in a change of its own, then this data plane`;
}
