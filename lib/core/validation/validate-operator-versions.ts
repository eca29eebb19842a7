import type { K8ssandraOperatorProps, MissionControlOperatorProps } from '../model/operators';
import type { ControlPlaneSpec, DataPlaneSpec, PlatformSpec } from '../model/platform';
import {
  cassOperatorBuiltWith,
  cassOperatorFits,
  controlPlaneK8ssandraFits,
  controlPlaneOperatorFits,
  dataPlaneSkew,
  LIBRARY_RELEASE,
  MODELLED_K8SSANDRA_LINES,
  operatorRelease,
  type OperatorRelease,
} from '../operator-compatibility';
import { problem, show, type Problem } from '../problems';
import { formatRelease, parseRelease, releaseLine } from '../releases';
import { k8ssandraControlPlane, remoteDataPlanes } from '../topology/k8ssandra-control-plane';
import { CASS_OPERATOR_VERSION, K8SSANDRA_OPERATOR_VERSION, KNOWN_CASS_OPERATOR_VERSIONS, KNOWN_K8SSANDRA_OPERATOR_VERSIONS, MISSION_CONTROL_OPERATOR_VERSION } from '../versions';

/** Where a release was read from, for the problem's path. */
const at = (path: string, r: OperatorRelease): string => `${path}/${r.from}`;
/** The value behind a release, as the user wrote it. */
const given = (props: { readonly image?: string; readonly version?: string }, r: OperatorRelease, fallback: string): string =>
  r.from === 'image' ? show(props.image) : show(props.version ?? fallback);

/** How to move an operator to another release through the prop it was read from. */
function moveTo(name: string, prop: string, r: OperatorRelease, target: string): string {
  return r.from === 'image' ? `use a ${name} image tagged ${target} in ${prop}.image` : `set ${prop}.version to '${target}'`;
}

/**
 * The k8ssandra-operator's release, unless it is a `version` the library has no model for:
 * that is reported on its own (validate-platform.ts), and a skew on top would only repeat it.
 */
function k8ssandraRelease(props: K8ssandraOperatorProps): OperatorRelease {
  const r = operatorRelease(props, K8SSANDRA_OPERATOR_VERSION);
  const unmodelled = r.from === 'version' && props.version !== undefined && !KNOWN_K8SSANDRA_OPERATOR_VERSIONS.includes(props.version);
  return unmodelled ? { release: undefined, from: 'version' } : r;
}

/** Rule 1 of operator-compatibility.ts, in one data plane; unmodelled versions are reported on their own. */
export function checkCassOperatorPair(dp: DataPlaneSpec): Problem[] {
  const k8ssandra = k8ssandraRelease(dp.k8ssandraOperator);
  const cass = operatorRelease(dp.cassOperator, CASS_OPERATOR_VERSION);
  if (!k8ssandra.release || !cass.release || cassOperatorFits(k8ssandra.release, cass.release)) return [];
  if (cass.from === 'version' && !KNOWN_CASS_OPERATOR_VERSIONS.includes(dp.cassOperator.version ?? CASS_OPERATOR_VERSION)) return [];
  const builtWith = cassOperatorBuiltWith(k8ssandra.release)!.map(formatRelease);
  const k8ssandraTag = formatRelease(k8ssandra.release);
  const pairs = builtWith.map((c) => `k8ssandra-operator ${k8ssandraTag} with cass-operator ${c}`).join(', or ');
  const later = [...new Set(builtWith.map((c) => `v${releaseLine(parseRelease(c)!)}`))].join(' or ');
  const message = `cass-operator ${given(dp.cassOperator, cass, CASS_OPERATOR_VERSION)} with k8ssandra-operator ${k8ssandraTag} is not a pair this library supports; the supported pair is ${pairs} (or a later ${later} patch)`;
  const fix = cass.from === 'version'
    ? builtWith.length === 1 ? `set cassOperator.version to '${builtWith[0]}' or leave it unset` : `set cassOperator.version to one of ${builtWith.join(', ')}`
    : `use a cass-operator image tagged ${builtWith.join(' or ')} (or a later patch of that minor) in cassOperator.image`;
  return [problem(at(`${dp.path}/cassOperator`, cass), message, fix)];
}

/** Rules 2 to 4 of operator-compatibility.ts: across the planes. */
export function validateOperatorVersions(platform: PlatformSpec): Problem[] {
  if (platform.controlPlanes.length !== 1) return [];
  const cp = platform.controlPlanes[0];
  const home = k8ssandraControlPlane(cp, platform.dataPlanes);
  const homeProps = home.dataPlane?.k8ssandraOperator ?? cp.k8ssandra.operator;
  const homePath = `${home.dataPlane?.path ?? cp.path}/k8ssandraOperator`;
  const homeRelease = k8ssandraRelease(homeProps);
  return [
    ...checkControlPlaneOperator(cp),
    ...checkControlPlaneK8ssandra(homePath, homeProps, homeRelease),
    ...remoteDataPlanes(platform.dataPlanes).flatMap((dp) => checkDataPlaneSkew(dp, homePath, homeRelease)),
  ];
}

/** Rule 3 */
function checkControlPlaneOperator(cp: ControlPlaneSpec): Problem[] {
  const props: MissionControlOperatorProps = cp.operator;
  const r = operatorRelease(props, MISSION_CONTROL_OPERATOR_VERSION);
  if (!r.release || controlPlaneOperatorFits(r.release)) return [];
  const line = releaseLine(LIBRARY_RELEASE);
  return [
    problem(
      `${cp.path}/operator/image`,
      `the control-plane operator image ${show(props.image)} is release ${formatRelease(r.release)}, but this library is ${formatRelease(LIBRARY_RELEASE)}: the control-plane folder holds this release's MissionControlCluster CRD, and only a ${line} operator writes K8ssandraClusters the way this release places them`,
      `use a control-plane operator image of release ${line}.x (the default is v${MISSION_CONTROL_OPERATOR_VERSION}), or upgrade this library to the operator's release`,
    ),
  ];
}

/** Rule 4, only where the release comes from an image: an unknown `version` is reported on its own. */
function checkControlPlaneK8ssandra(path: string, props: K8ssandraOperatorProps, r: OperatorRelease): Problem[] {
  if (!r.release || r.from !== 'image' || controlPlaneK8ssandraFits(r.release)) return [];
  return [
    problem(
      `${path}/image`,
      `the control-plane k8ssandra-operator image ${show(props.image)} is release ${formatRelease(r.release)}, but the control-plane operator of this release writes K8ssandraClusters for k8ssandra-operator ${MODELLED_K8SSANDRA_LINES.join(', ')}`,
      `use a k8ssandra-operator image of ${MODELLED_K8SSANDRA_LINES.map((l) => `v${l}.x`).join(' or ')} (the default is ${K8SSANDRA_OPERATOR_VERSION}), or a release of this library that models ${formatRelease(r.release)}`,
    ),
  ];
}

/** Rule 2 */
function checkDataPlaneSkew(dp: DataPlaneSpec, homePath: string, home: OperatorRelease): Problem[] {
  const r = k8ssandraRelease(dp.k8ssandraOperator);
  if (!r.release || !home.release) return [];
  const skew = dataPlaneSkew(home.release, r.release);
  if (!skew) return [];
  const mine = formatRelease(r.release);
  const theirs = formatRelease(home.release);
  const value = given(dp.k8ssandraOperator, r, K8SSANDRA_OPERATOR_VERSION);
  const where = `k8ssandra-operator ${value} of data plane ${show(dp.name)}`;
  const stay = moveTo('k8ssandra-operator', 'k8ssandraOperator', r, theirs);
  switch (skew) {
    case 'newer':
      return [problem(at(`${dp.path}/k8ssandraOperator`, r),
        `${where} is newer than the control-plane k8ssandra-operator ${theirs} (${homePath}): operators are upgraded control plane first, then one data plane at a time, so a data plane never runs ahead of the control plane`,
        `upgrade the control-plane k8ssandra-operator (${homePath}) to ${mine} first, in a change of its own; until then ${stay}`)];
    case 'other-major':
      return [problem(at(`${dp.path}/k8ssandraOperator`, r),
        `${where} is another major release than the control-plane k8ssandra-operator ${theirs} (${homePath}): a data plane runs the control plane's minor or the one before it`,
        `${stay}, and move between major releases the way upstream's release notes describe`)];
    case 'too-far-behind':
      return [problem(at(`${dp.path}/k8ssandraOperator`, r),
        `${where} is more than one minor behind the control-plane k8ssandra-operator ${theirs} (${homePath}): a data plane runs the control plane's minor or the one before it`,
        `move this data plane's k8ssandra-operator (k8ssandraOperator.${r.from}) up one minor per change, to v${home.release.major}.${home.release.minor - 1} or ${theirs}`)];
  }
}
