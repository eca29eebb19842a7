import { isPinnedImage } from '../image';
import type { CassOperatorProps, K8ssandraOperatorProps, MissionControlOperatorProps, OperatorLoad } from '../model/operators';
import { OperatorScope, type DataPlaneSpec, type PlatformSpec } from '../model/platform';
import { isDns1035Label, isDns1123Label } from '../names';
import { problem, show, type Problem } from '../problems';
import { checkMonitoring } from './validate-monitoring';
import { checkCassOperatorPair, validateOperatorVersions } from './validate-operator-versions';
import { checkRegion, checkZones } from './validate-regions';
import { checkResources } from './validate-resources';
import { validateSharedCluster } from './validate-shared-cluster';
import { validateTopology } from './validate-topology';
import { CASS_OPERATOR_VERSION, KNOWN_CASS_OPERATOR_VERSIONS, KNOWN_K8SSANDRA_OPERATOR_VERSIONS } from '../versions';

/** Every problem of the platform layout (planes and operators), all at once. */
export function validatePlatform(platform: PlatformSpec): Problem[] {
  const problems: Problem[] = [];
  if (platform.controlPlanes.length !== 1) {
    const where = platform.controlPlanes.map((c) => c.path).join(', ') || 'app';
    problems.push(
      problem(where, `a platform needs exactly one ControlPlane, found ${platform.controlPlanes.length}`, platform.controlPlanes.length === 0 ? 'add one ControlPlane to the app' : 'keep one ControlPlane per app; use a separate app for each environment'),
    );
  }
  for (const cp of platform.controlPlanes) {
    problems.push(...checkRegion(cp.path, cp.region, cp.allowUnlistedRegion));
    problems.push(...checkNamespace(cp.path, cp.namespace));
    problems.push(...checkMissionControlOperator(`${cp.path}/operator`, cp.operator));
    problems.push(...checkNamespace(`${cp.path}/k8ssandra`, cp.k8ssandra.namespace));
    problems.push(...checkK8ssandraOperator(`${cp.path}/k8ssandraOperator`, cp.k8ssandra.operator));
    problems.push(...checkMonitoring(cp.path, cp.monitoring));
    problems.push(...checkSizeFor(cp.path, cp.sizeFor));
  }
  const names = new Map<string, string>();
  for (const dp of platform.dataPlanes) {
    const first = names.get(dp.name);
    if (first) problems.push(problem(dp.path, `data plane name ${show(dp.name)} is already used by ${first}`, 'give every DataPlane a unique name'));
    else names.set(dp.name, dp.path);
    problems.push(...validateDataPlane(dp));
  }
  const inControlPlane = platform.dataPlanes.filter((dp) => dp.inControlPlaneCluster);
  if (inControlPlane.length > 1) {
    problems.push(problem(inControlPlane[1].path, `only one data plane can share the control plane's cluster; ${inControlPlane.map((d) => show(d.name)).join(', ')} all do`, 'set inControlPlaneCluster on one data plane only'));
  }
  problems.push(...validateSharedCluster(platform));
  problems.push(...validateTopology(platform));
  problems.push(...validateOperatorVersions(platform));
  return problems;
}

function checkNamespace(path: string, ns: string): Problem[] {
  return isDns1123Label(ns) ? [] : [problem(`${path}/namespace`, `namespace ${show(ns)} is not a valid DNS-1123 label`, "use lower-case letters, digits and '-', at most 63 characters, e.g. 'mission-control'")];
}

function checkImage(path: string, image: string | undefined): Problem[] {
  if (image === undefined || isPinnedImage(image)) return [];
  return [problem(`${path}/image`, `image ${show(image)} is not pinned to a tag or digest`, "add a version tag or a sha256 digest, e.g. 'registry.example.com/team/operator:v1.2.3'")];
}

function checkReplicas(path: string, replicas: number | undefined): Problem[] {
  if (replicas === undefined || (Number.isInteger(replicas) && replicas >= 1)) return [];
  return [problem(`${path}/replicas`, `replicas ${show(replicas)} is not a whole number >= 1`, 'use 1 or more')];
}

function checkMissionControlOperator(path: string, props: MissionControlOperatorProps): Problem[] {
  const problems = [...checkImage(path, props.image), ...checkReplicas(path, props.replicas), ...checkResources(path, props.resources)];
  if (props.replicas !== undefined && props.replicas < 2 && !props.allowSingleReplica) {
    problems.push(problem(`${path}/replicas`, `replicas ${props.replicas} leaves the control plane without a standby operator`, 'use replicas >= 2, or set allowSingleReplica: true to accept the gap while its pod is rescheduled'));
  }
  return problems;
}

function checkK8ssandraOperator(path: string, props: K8ssandraOperatorProps): Problem[] {
  const problems = [...checkImage(path, props.image), ...checkReplicas(path, props.replicas), ...checkResources(path, props.resources)];
  if (props.version !== undefined && !KNOWN_K8SSANDRA_OPERATOR_VERSIONS.includes(props.version)) {
    problems.push(problem(`${path}/version`, `k8ssandra-operator version ${show(props.version)} is not one this library has a model for`, `use one of ${KNOWN_K8SSANDRA_OPERATOR_VERSIONS.join(', ')}`));
  }
  if (props.replicas !== undefined && props.replicas > 1) {
    problems.push(problem(`${path}/replicas`, `k8ssandra-operator replicas ${props.replicas}: upstream installs one replica (leader election is off in its manifests) and only one is tested with this library`, 'use replicas: 1'));
  }
  return problems;
}

function checkCassOperator(path: string, props: CassOperatorProps): Problem[] {
  const problems = [...checkImage(path, props.image), ...checkReplicas(path, props.replicas), ...checkResources(path, props.resources)];
  const version = props.version ?? CASS_OPERATOR_VERSION;
  if (!KNOWN_CASS_OPERATOR_VERSIONS.includes(version)) {
    problems.push(problem(`${path}/version`, `cass-operator version ${show(version)} is not one this library has a model for`, `use one of ${KNOWN_CASS_OPERATOR_VERSIONS.join(', ')}`));
  }
  return problems;
}

/** One data plane on its own, without the rest of the platform. */
export function validateDataPlane(dp: DataPlaneSpec): Problem[] {
  const problems: Problem[] = [];
  if (!isDns1035Label(dp.name)) {
    problems.push(problem(`${dp.path}/name`, `data plane name ${show(dp.name)} is not a valid DNS-1035 label`, "use lower-case letters, digits and '-', starting with a letter, e.g. 'eu-west'"));
  } else if (`data-plane-${dp.name}`.length > 63) {
    problems.push(problem(`${dp.path}/name`, `data plane name ${show(dp.name)} is too long for its output folder and Secret names`, 'use at most 52 characters'));
  }
  const region = checkRegion(dp.path, dp.region, dp.allowUnlistedRegion);
  problems.push(...region);
  problems.push(...checkNamespace(dp.path, dp.namespace));
  problems.push(...checkZones(dp, region.length === 0));
  if (dp.scope === OperatorScope.NAMESPACE && dp.watchNamespaces.length > 0) {
    problems.push(problem(`${dp.path}/watchNamespaces`, `watchNamespaces ${show(dp.watchNamespaces)} needs scope CLUSTER`, 'set scope: OperatorScope.CLUSTER, or drop watchNamespaces'));
  }
  for (const ns of dp.watchNamespaces) problems.push(...checkNamespace(`${dp.path}/watchNamespaces`, ns));
  problems.push(...checkWatchesClusterNamespace(dp));
  problems.push(...checkK8ssandraOperator(`${dp.path}/k8ssandraOperator`, dp.k8ssandraOperator));
  problems.push(...checkCassOperator(`${dp.path}/cassOperator`, dp.cassOperator));
  problems.push(...checkCassOperatorPair(dp));
  problems.push(...checkMonitoring(dp.path, dp.monitoring));
  problems.push(...checkSizeFor(dp.path, dp.sizeFor));
  return problems;
}

/** `sizeFor` counts clusters and DCs: whole numbers, none negative. */
function checkSizeFor(path: string, sizeFor: OperatorLoad | undefined): Problem[] {
  if (sizeFor === undefined) return [];
  return (['clusters', 'datacenters'] as const).flatMap((key) => {
    const n = sizeFor[key];
    if (Number.isInteger(n) && n >= 0) return [];
    return [problem(`${path}/sizeFor/${key}`, `sizeFor.${key} ${show(n)} is not a whole number >= 0`, `give the number of ${key === 'clusters' ? 'clusters' : 'DCs'} to size the operators for, e.g. ${key === 'clusters' ? 50 : 100}`)];
  });
}

/**
 * Placement (topology/placement.ts) puts a data plane's K8ssandraClusters, and with them the
 * CassandraDatacenters, Medusa objects and tasks, into the data plane's namespace. Operators
 * that do not watch it never reconcile them, and nothing reports why.
 */
function checkWatchesClusterNamespace(dp: DataPlaneSpec): Problem[] {
  if (dp.scope !== OperatorScope.CLUSTER || dp.watchNamespaces.length === 0 || dp.watchNamespaces.includes(dp.namespace)) return [];
  return [
    problem(
      `${dp.path}/watchNamespaces`,
      `watchNamespaces ${show(dp.watchNamespaces)} leaves out ${show(dp.namespace)}, the namespace this data plane's clusters are placed in, so its operators would never reconcile them`,
      `add ${show(dp.namespace)} to watchNamespaces, or leave watchNamespaces empty to watch all namespaces`,
    ),
  ];
}
