/**
 * The example platform with Pulumi instead of GitOps: the same objects `npm run synth`
 * writes, applied to three clusters, each through its own provider.
 *
 *   pulumi config set --secret controlPlaneKubeconfig "$(cat cp.kubeconfig)"
 *   pulumi config set --secret usEastKubeconfig "$(cat us-east.kubeconfig)"
 *   pulumi config set --secret euWestKubeconfig "$(cat eu-west.kubeconfig)"
 *   pulumi up
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ControlPlane, DataPlane } from 'mission-control-constructs/pulumi';

const config = new pulumi.Config();
// Server-side apply is the provider's default and is required: the upstream CRDs are too large for client-side apply.
const provider = (name: string, key: string) => new k8s.Provider(name, { kubeconfig: config.requireSecret(key), enableServerSideApply: true });

const controlPlane = new ControlPlane('control-plane', {
  region: 'us-east-1',
  provider: provider('control-plane', 'controlPlaneKubeconfig'),
});

const usEast = new DataPlane('us-east', {
  controlPlane,
  provider: provider('us-east', 'usEastKubeconfig'),
  name: 'us-east',
  region: 'us-east-1',
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  inControlPlaneCluster: true,
});

// The provider may as well be a resource option, as for any Pulumi component.
const euWest = new DataPlane(
  'eu-west',
  { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
  { provider: provider('eu-west', 'euWestKubeconfig') },
);

export const controlPlaneNamespace = controlPlane.namespace;
export const kubeconfigSecrets = [usEast.kubeconfigSecretName, euWest.kubeconfigSecretName];
