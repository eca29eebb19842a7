/**
 * The example platform with Pulumi instead of GitOps: the control plane and both data planes
 * `npm run synth` writes, applied to their clusters, each through its own provider, and
 * optionally a cluster to try it out with.
 *
 *   pulumi config set --secret controlPlaneKubeconfig "$(cat cp.kubeconfig)"
 *   pulumi config set --secret euWestKubeconfig "$(cat eu-west.kubeconfig)"
 *   pulumi config set crdDirectory ./crds      # optional: air-gapped, CRDs from local files
 *   pulumi config set ledgerSize 3             # optional: a one-DC cluster in eu-west
 *   pulumi up
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CassandraCluster, ControlPlane, CrdSource, DataPlane, Delivery } from 'mission-control-constructs/pulumi';

const config = new pulumi.Config();
// Server-side apply is the provider's default and is required: the upstream CRDs are too large for client-side apply.
const provider = (name: string, key: string) => new k8s.Provider(name, { kubeconfig: config.requireSecret(key), enableServerSideApply: true });
// Without a folder the CRDs come from upstream's release at the pinned refs.
const crdDirectory = config.get('crdDirectory');
const crds = crdDirectory ? CrdSource.fromDirectory(crdDirectory) : undefined;

const controlPlane = new ControlPlane('control-plane', {
  region: 'us-east-1',
  provider: provider('control-plane', 'controlPlaneKubeconfig'),
  crds,
});

// us-east shares the control plane's cluster, so it shares its provider too.
const usEast = new DataPlane('us-east', {
  controlPlane,
  provider: controlPlane.provider,
  name: 'us-east',
  region: 'us-east-1',
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  inControlPlaneCluster: true,
  crds,
});

// The provider may as well be a resource option, as for any Pulumi component.
const euWest = new DataPlane(
  'eu-west',
  { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], crds },
  { provider: provider('eu-west', 'euWestKubeconfig') },
);

// A static-delivery cluster: its K8ssandraCluster goes straight to the control plane, whose
// k8ssandra-operator creates the DC in eu-west through the ClientConfig.
const ledgerSize = config.getNumber('ledgerSize');
const ledger = ledgerSize === undefined ? undefined : new CassandraCluster('ledger', {
  controlPlane,
  delivery: Delivery.STATIC,
  serverVersion: '4.1.8',
  storage: { storageClassName: config.get('storageClass') ?? 'gp3', size: '10Gi' },
  datacenters: [{ name: 'eu1', dataPlane: euWest, size: ledgerSize }],
});

export const controlPlaneNamespace = controlPlane.namespace;
export const kubeconfigSecrets = [usEast.kubeconfigSecretName, euWest.kubeconfigSecretName];
export const ledgerCluster = ledger?.clusterName;
