import type * as k8sTypes from '@pulumi/kubernetes';
import { recordRegistrations, settled } from './mocks';
import { CassandraCluster, ControlPlane, CrdSource, DataPlane, Delivery, MissionControlApp, synthPlatform } from '../../lib';
import type { KubeObject } from '../../lib/core/kube-object';
import { DEFAULT_OPERATOR_RESOURCES } from '../../lib/core/manifests/operator-deployment';

const registrations = recordRegistrations();
let k8s: typeof k8sTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
});

const cluster = { delivery: Delivery.STATIC, serverVersion: '4.1.8', storage: { storageClassName: 'gp3', size: '10Gi' } };
const EU_WEST = { name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], crds: CrdSource.none(), sizeFor: { clusters: 300, datacenters: 600 } };
const US_EAST = { name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], crds: CrdSource.none() };
const CONTROL_PLANE = { region: 'us-east-1', crds: CrdSource.none(), sizeFor: { clusters: 500, datacenters: 900 } };
const DCS = 3;

/** Operator container resources by `Deployment/name`. */
const resourcesOf = (objects: readonly KubeObject[]) => Object.fromEntries(objects.filter((o) => o.kind === 'Deployment')
  .map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, (o.spec as any).template.spec.containers[0].resources]));

test('Pulumi sizes every operator as cdk8s does: sizeFor and the clusters declared after the planes', async () => {
  const app = new MissionControlApp({ outdir: '/tmp/unused' });
  const cp = new ControlPlane(app, 'control-plane', CONTROL_PLANE);
  const eu = new DataPlane(app, 'eu-west', { controlPlane: cp, ...EU_WEST });
  const us = new DataPlane(app, 'us-east', { controlPlane: cp, ...US_EAST });
  new CassandraCluster(cp, 'orders', { ...cluster, datacenters: Array.from({ length: DCS }, (_, i) => ({ name: `dc${i}`, dataPlane: i === 0 ? us : eu, size: 1 })) });
  const expected = synthPlatform(app);

  const provider = (n: string) => new k8s.Provider(n, { kubeconfig: n });
  const controlPlane = new lib.ControlPlane('control-plane', { ...CONTROL_PLANE, provider: provider('control-plane') });
  const euWest = new lib.DataPlane('eu-west', { controlPlane, provider: provider('eu-west'), ...EU_WEST });
  const usEast = new lib.DataPlane('us-east', { controlPlane, provider: provider('us-east'), ...US_EAST });
  const orders = new lib.CassandraCluster('orders', { controlPlane, ...cluster, datacenters: Array.from({ length: DCS }, (_, i) => ({ name: `dc${i}`, dataPlane: i === 0 ? usEast : euWest, size: 1 })) });
  await settled(controlPlane, euWest, usEast, orders);
  const deployments = registrations.filter((r) => r.type === 'kubernetes:apps/v1:Deployment').map((r) => r.inputs as KubeObject);

  // Two clusters each have a k8ssandra-operator Deployment of the same namespace and name: compared as lists.
  const entries = (objects: readonly KubeObject[]) => objects.filter((o) => o.kind === 'Deployment')
    .map((o) => `${o.metadata.namespace}/${o.metadata.name} ${JSON.stringify((o.spec as any).template.spec.containers[0].resources)}`);
  const viaCdk8s = Object.values(expected).flatMap(entries).sort();
  // The control plane's two operators, and both operators of each data plane.
  expect(viaCdk8s).toHaveLength(6);
  expect(entries(deployments).sort()).toEqual(viaCdk8s);
  // Sized above the floor by sizeFor: eu-west's cass-operator, and the control plane's k8ssandra-operator.
  const euCass = resourcesOf(expected['data-plane-eu-west'])['k8ssandra-operator/cass-operator-controller-manager'];
  expect(euCass).not.toEqual(DEFAULT_OPERATOR_RESOURCES);
  expect(resourcesOf(expected['data-plane-us-east'])['k8ssandra-operator/cass-operator-controller-manager']).toEqual(DEFAULT_OPERATOR_RESOURCES);
});
