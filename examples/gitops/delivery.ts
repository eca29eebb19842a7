import { ArgoCdDelivery, FluxDelivery } from '../../lib';
import { buildExamplePlatform, type ExamplePlatformOptions } from '../platform/platform';

/**
 * The example platform delivered by Argo CD running in the control plane's cluster: the
 * eu-west data plane is registered in Argo CD under its own name.
 */
export function buildArgoCdPlatform(options: ExamplePlatformOptions = {}) {
  const platform = buildExamplePlatform(options);
  const delivery = new ArgoCdDelivery(platform.controlPlane, 'delivery', {
    repoURL: 'https://github.com/example/platform.git',
    targetRevision: 'main',
    pathPrefix: 'dist',
    project: 'cassandra-platform',
    destinations: { 'data-plane-eu-west': { name: 'eu-west' } },
  });
  return { ...platform, delivery };
}

/**
 * The example platform delivered by Flux running in the control plane's cluster: eu-west is
 * reached through a kubeconfig Secret created beside the Kustomizations.
 */
export function buildFluxPlatform(options: ExamplePlatformOptions = {}) {
  const platform = buildExamplePlatform(options);
  const delivery = new FluxDelivery(platform.controlPlane, 'delivery', {
    sourceRef: { kind: 'GitRepository', name: 'platform' },
    pathPrefix: 'dist',
    kubeConfigs: { 'data-plane-eu-west': { secretName: 'eu-west-kubeconfig', key: 'value' } },
  });
  return { ...platform, delivery };
}
