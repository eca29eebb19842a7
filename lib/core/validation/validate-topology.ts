import type { PlatformSpec } from '../model/platform';
import { isDns1123Label } from '../names';
import { problem, show, type Problem } from '../problems';
import { k8ssandraControlPlane, remoteDataPlanes } from '../topology/k8ssandra-control-plane';

/**
 * The multi-cluster wiring upstream needs. The control-plane k8ssandra-operator lists
 * ClientConfigs and builds its caches in remote clusters only for the namespaces it watches
 * at home, and creates each DC in the K8ssandraCluster's namespace. The access identity is
 * granted in each data plane's own namespace. So with remote data planes, that operator
 * watches exactly its own namespace, and every remote data plane uses that namespace too.
 */
export function validateTopology(platform: PlatformSpec): Problem[] {
  if (platform.controlPlanes.length !== 1) return [];
  const remote = remoteDataPlanes(platform.dataPlanes);
  if (remote.length === 0) return [];
  const cp = platform.controlPlanes[0];
  const k8ssandra = k8ssandraControlPlane(cp, platform.dataPlanes);
  const problems: Problem[] = [];
  const host = k8ssandra.dataPlane?.path ?? cp.path;
  const watched = k8ssandra.watchNamespaces;
  if (!watched || watched.length !== 1 || watched[0] !== k8ssandra.namespace) {
    problems.push(
      problem(
        `${host}/watchNamespaces`,
        `the control-plane k8ssandra-operator watches ${watched ? show(watched) : 'all namespaces'}, so its caches in the remote data planes ${remote.map((d) => show(d.name)).join(', ')} would span namespaces the control plane is not granted there`,
        `let it watch only its own namespace ${show(k8ssandra.namespace)} (scope NAMESPACE, or watchNamespaces: [${show(k8ssandra.namespace)}])`,
      ),
    );
  }
  for (const dp of remote) {
    // An invalid name is reported on its own; a mismatch on top would only repeat it.
    if (dp.namespace !== k8ssandra.namespace && isDns1123Label(dp.namespace)) {
      problems.push(
        problem(
          `${dp.path}/namespace`,
          `namespace ${show(dp.namespace)} differs from the control-plane k8ssandra-operator's namespace ${show(k8ssandra.namespace)}, where the control plane creates this data plane's DCs and watches them`,
          `use namespace ${show(k8ssandra.namespace)} for every data plane, or set the control plane's k8ssandraNamespace`,
        ),
      );
    }
  }
  return problems;
}
