import type { ControlPlaneSpec, DataPlaneSpec, PlatformSpec } from '../model/platform';
import { problem, show, type Problem } from '../problems';

/**
 * Rules for the control plane's own Kubernetes cluster, which the control-plane folder and,
 * with `inControlPlaneCluster`, one data plane's folder are both applied to.
 */
export function validateSharedCluster(platform: PlatformSpec): Problem[] {
  const [cp] = platform.controlPlanes;
  if (!cp) return [];
  const local = platform.dataPlanes.find((dp) => dp.inControlPlaneCluster);
  if (!local) return checkOwnK8ssandraNamespace(cp);
  // With the namespace taken, the k8ssandraNamespace rule's fix would point into the conflict.
  const owners = checkNamespaceOwners(cp, local);
  return [...checkSameRegion(cp, local), ...(owners.length > 0 ? owners : checkK8ssandraNamespace(cp, local))];
}

/** One cluster is in one region. */
function checkSameRegion(cp: ControlPlaneSpec, local: DataPlaneSpec): Problem[] {
  if (local.region === cp.region) return [];
  return [
    problem(
      `${local.path}/region`,
      `data plane ${show(local.name)} runs in the control plane's cluster (inControlPlaneCluster: true), but its region ${show(local.region)} differs from the control plane's region ${show(cp.region)}`,
      `use the control plane's region ${show(cp.region)}, or drop inControlPlaneCluster if this data plane has a cluster of its own`,
    ),
  ];
}

/**
 * Each plane writes a Namespace object for its namespace, with its own labels and Pod Security
 * level (control plane `restricted`, data plane `baseline`): in one cluster, the two folders
 * would fight over one object.
 */
function checkNamespaceOwners(cp: ControlPlaneSpec, local: DataPlaneSpec): Problem[] {
  if (local.namespace !== cp.namespace) return [];
  return [
    problem(
      `${local.path}/namespace`,
      `data plane ${show(local.name)} shares the control plane's cluster and its namespace ${show(cp.namespace)}: both folders would write a Namespace ${show(cp.namespace)}, with different labels and Pod Security levels`,
      'give the data plane a namespace of its own, e.g. \'k8ssandra-operator\' (the default), and the ControlPlane\'s k8ssandraNamespace with it',
    ),
  ];
}

/** The same conflict when the control plane installs its own k8ssandra-operator. */
function checkOwnK8ssandraNamespace(cp: ControlPlaneSpec): Problem[] {
  if (cp.k8ssandra.namespace !== cp.namespace) return [];
  return [
    problem(
      `${cp.path}/k8ssandraNamespace`,
      `k8ssandraNamespace ${show(cp.k8ssandra.namespace)} is the control plane's own namespace: the control-plane folder would write two Namespace objects ${show(cp.namespace)}, with different labels and Pod Security levels`,
      "use another namespace for the k8ssandra-operator, e.g. 'k8ssandra-operator' (the default)",
    ),
  ];
}

/**
 * The control-plane operator is started with the control plane's `k8ssandraNamespace` (its
 * Deployment exists before any data plane registers), and watches its K8ssandraClusters
 * there; a data plane sharing the cluster would place them in its own namespace instead.
 */
function checkK8ssandraNamespace(cp: ControlPlaneSpec, local: DataPlaneSpec): Problem[] {
  if (local.namespace === cp.k8ssandra.namespace) return [];
  return [problem(`${local.path}/namespace`,
    `data plane ${show(local.name)} shares the control plane's cluster in namespace ${show(local.namespace)}, but the control plane's k8ssandraNamespace is ${show(cp.k8ssandra.namespace)}, where the control-plane operator looks for the K8ssandraClusters it writes`,
    `use the same namespace for both: set the ControlPlane's k8ssandraNamespace to ${show(local.namespace)}, or this data plane's namespace to ${show(cp.k8ssandra.namespace)}`)];
}
