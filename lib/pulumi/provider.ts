import type * as k8s from '@pulumi/kubernetes';
import { problem, type Problem } from '../core/problems';

/**
 * Every plane needs its own explicit provider. The default provider deploys to whatever the
 * current kubeconfig points at, which for a multi-cluster platform means the wrong cluster.
 */
export function providerProblems(component: string, name: string, provider: k8s.Provider | undefined): Problem[] {
  if (provider) return [];
  return [
    problem(
      `${name}/provider`,
      `${component} "${name}" needs an explicit Kubernetes provider for its cluster; the default provider is refused because it targets whatever the current kubeconfig points at`,
      `pass { provider: new k8s.Provider("${name}", { kubeconfig }) }`,
    ),
  ];
}
