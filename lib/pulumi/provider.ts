import type * as k8s from '@pulumi/kubernetes';

/**
 * Every plane needs its own explicit provider. The default provider deploys to whatever the
 * current kubeconfig points at, which for a multi-cluster platform means the wrong cluster.
 */
export function requireProvider(component: string, name: string, provider: k8s.Provider | undefined): k8s.Provider {
  if (!provider) {
    throw new Error(
      `${component} "${name}" needs an explicit Kubernetes provider for its cluster: pass { provider: new k8s.Provider("${name}", { kubeconfig }) }. The default provider is refused because it targets whatever the current kubeconfig points at.`,
    );
  }
  return provider;
}
