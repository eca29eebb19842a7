import { compareReleases, parseRelease, releaseLine, releaseOfImage, type Release } from './releases';
import { KNOWN_K8SSANDRA_OPERATOR_VERSIONS, MISSION_CONTROL_OPERATOR_VERSION, SUPPORTED_OPERATOR_PAIRS } from './versions';

/**
 * Which releases of the control-plane operator, k8ssandra-operator and cass-operator may run
 * together. Four rules; the validators turn a broken one into a problem.
 *
 * 1. cass-operator beside k8ssandra-operator (upstream fact, widened by project policy):
 *    k8ssandra-operator is built against one cass-operator release (its go.mod: v1.32.5
 *    requires v1.30.3) and writes CassandraDatacenters with that release's API types. A data
 *    plane runs that cass-operator or a later patch of the same minor; patch releases keep
 *    the API (policy). Judged only for k8ssandra-operator minors in SUPPORTED_OPERATOR_PAIRS.
 * 2. Data-plane k8ssandra-operator against the control-plane one (project policy): the same
 *    major, and the same minor or one behind, never newer. The control-plane-mode operator
 *    writes the CassandraDatacenters, Medusa and Reaper objects the data-plane ones serve;
 *    upstream tests multi-cluster with one release everywhere. One minor behind is the window
 *    of an upgrade that goes control plane first, then one data plane at a time.
 * 3. The control-plane operator against this library (project policy): the same major and
 *    minor as this library's release. The control-plane folder carries this release's
 *    MissionControlCluster CRD, and the operator writes K8ssandraClusters the way this release
 *    does; a patch release changes neither.
 * 4. The control-plane k8ssandra-operator against the control-plane operator (project
 *    policy): of a minor this release models (KNOWN_K8SSANDRA_OPERATOR_VERSIONS). The
 *    K8ssandraClusters the control-plane operator writes are shaped for those releases.
 *
 * An operator's release is its image's tag when an image is given and the tag names a
 * release, else its `version`, else the pinned default. An image pinned by digest alone names
 * no release: the rules that need it are skipped.
 */

/** The release an operator runs, and which prop says so (what the user edits to change it). */
export interface OperatorRelease {
  /** Undefined when nothing names a release (an image pinned by digest alone). */
  readonly release: Release | undefined;
  readonly from: 'image' | 'version';
}

export function operatorRelease(props: { readonly image?: string; readonly version?: string }, defaultVersion: string): OperatorRelease {
  const fromImage = props.image === undefined ? undefined : releaseOfImage(props.image);
  if (fromImage) return { release: fromImage, from: 'image' };
  if (props.image !== undefined && props.version === undefined) return { release: undefined, from: 'image' };
  return { release: parseRelease(props.version ?? defaultVersion), from: 'version' };
}

/** Rule 1: the cass-operator releases k8ssandra-operator's minor is built against; undefined when the minor is not in the table. */
export function cassOperatorBuiltWith(k8ssandra: Release): Release[] | undefined {
  const pairs = Object.entries(SUPPORTED_OPERATOR_PAIRS).filter(([k]) => {
    const r = parseRelease(k);
    return r !== undefined && releaseLine(r) === releaseLine(k8ssandra);
  });
  if (pairs.length === 0) return undefined;
  return pairs.flatMap(([, cass]) => cass.map((c) => parseRelease(c)).filter((r): r is Release => r !== undefined));
}

/** Rule 1: whether a cass-operator release runs beside the k8ssandra-operator one. */
export function cassOperatorFits(k8ssandra: Release, cass: Release): boolean {
  const builtWith = cassOperatorBuiltWith(k8ssandra);
  return builtWith === undefined || builtWith.some((b) => releaseLine(b) === releaseLine(cass) && compareReleases(cass, b) >= 0);
}

/** Rule 2: how a data-plane k8ssandra-operator breaks the skew rule, if it does. */
export type DataPlaneSkew = 'newer' | 'other-major' | 'too-far-behind';

export function dataPlaneSkew(controlPlane: Release, dataPlane: Release): DataPlaneSkew | undefined {
  if (dataPlane.major !== controlPlane.major) return 'other-major';
  if (compareReleases(dataPlane, controlPlane) > 0) return 'newer';
  if (controlPlane.minor - dataPlane.minor > 1) return 'too-far-behind';
  return undefined;
}

/** This library's release: what the control-plane operator must match (rule 3). */
export const LIBRARY_RELEASE: Release = parseRelease(MISSION_CONTROL_OPERATOR_VERSION)!;

/** Rule 3 */
export const controlPlaneOperatorFits = (operator: Release): boolean => releaseLine(operator) === releaseLine(LIBRARY_RELEASE);

/** Rule 4: the k8ssandra-operator minors the control-plane operator writes K8ssandraClusters for. */
export const MODELLED_K8SSANDRA_LINES: readonly string[] = [
  ...new Set(KNOWN_K8SSANDRA_OPERATOR_VERSIONS.map((v) => parseRelease(v)).filter((r): r is Release => r !== undefined).map(releaseLine)),
];

/** Rule 4 */
export const controlPlaneK8ssandraFits = (k8ssandra: Release): boolean => MODELLED_K8SSANDRA_LINES.includes(releaseLine(k8ssandra));
