import type * as k8sTypes from '@pulumi/kubernetes';
import type * as pulumiTypes from '@pulumi/pulumi';
import { recordRegistrations, refusal, settled, withoutPulumiAnnotations } from './mocks';
import { CassandraCluster, ControlPlane, CrdSource, DataPlane, Delivery, MissionControlApp, synthPlatform } from '../../lib';
import type { KubeObject } from '../../lib/core/kube-object';

const registrations = recordRegistrations();
let k8s: typeof k8sTypes;
let pulumi: typeof pulumiTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  pulumi = await import('@pulumi/pulumi');
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
});

const ZONES = { 'us-east': ['us-east-1a'], 'eu-west': ['eu-west-1a'] } as const;
const cluster = { delivery: Delivery.STATIC, serverVersion: '4.1.8', storage: { storageClassName: 'gp3', size: '10Gi' } };

/** A control-plane cluster hosting no DCs: the control plane installs the k8ssandra-operator. */
function viaCdk8s(): Record<string, KubeObject[]> {
  const app = new MissionControlApp({ outdir: '/tmp/unused' });
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', crds: CrdSource.none() });
  const planes = (['us-east', 'eu-west'] as const).map((name) => new DataPlane(app, name, { controlPlane, name, region: `${name}-1`, zones: [...ZONES[name]], crds: CrdSource.none() }));
  new CassandraCluster(controlPlane, 'orders', { ...cluster, datacenters: [{ name: 'dc1', dataPlane: planes[0], size: 1 }, { name: 'dc2', dataPlane: planes[1], size: 1 }] });
  return synthPlatform(app);
}

test('Pulumi creates the same control-plane k8ssandra-operator, ClientConfigs and K8ssandraCluster as cdk8s', async () => {
  const providers = Object.fromEntries(['control-plane', 'data-plane-us-east', 'data-plane-eu-west'].map((n) => [n, new k8s.Provider(n, { kubeconfig: n })]));
  const controlPlane = new lib.ControlPlane('control-plane', { region: 'us-east-1', provider: providers['control-plane'], crds: CrdSource.none() });
  const planes = (['us-east', 'eu-west'] as const).map((name) => new lib.DataPlane(name, { controlPlane, provider: providers[`data-plane-${name}`], name, region: `${name}-1`, zones: [...ZONES[name]], crds: CrdSource.none() }));
  const orders = new lib.CassandraCluster('orders', { controlPlane, ...cluster, datacenters: [{ name: 'dc1', dataPlane: planes[0], size: 1 }, { name: 'dc2', dataPlane: planes[1], size: 1 }] });
  await settled(controlPlane, ...planes, orders);
  const urns = await new Promise<string[]>((resolve) => pulumi.all(Object.values(providers).map((p) => p.urn)).apply(resolve));
  const folderOf = Object.fromEntries(Object.keys(providers).map((folder, i) => [`${urns[i]}::${urns[i].split('::').pop()}-id`, folder]));
  const viaPulumi: Record<string, KubeObject[]> = {};
  for (const r of registrations.filter((x) => x.type.startsWith('kubernetes:') && !x.type.startsWith('kubernetes:kustomize') && x.type !== 'pulumi:providers:kubernetes')) {
    (viaPulumi[folderOf[r.provider!]] ??= []).push(withoutPulumiAnnotations(r.inputs as KubeObject));
  }
  const key = (o: KubeObject) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const byKey = (objects: KubeObject[]) => Object.fromEntries(objects.map((o) => [key(o), o]));
  const expected = viaCdk8s();
  expect(Object.keys(viaPulumi).sort()).toEqual(Object.keys(expected).sort());
  for (const folder of Object.keys(expected)) expect(byKey(viaPulumi[folder])).toEqual(byKey(expected[folder]));
  expect(viaPulumi['control-plane'].filter((o) => o.kind === 'ClientConfig').map((o) => o.metadata.name).sort()).toEqual(['eu-west', 'us-east']);
});

test('a data plane sharing the control plane cluster may be declared after the others, but not after the program was checked', async () => {
  recordRegistrations();
  const provider = (name: string) => new k8s.Provider(name, { kubeconfig: name });
  const cpProvider = provider('cp');
  const controlPlane = new lib.ControlPlane('cp-late', { region: 'us-east-1', provider: cpProvider, crds: CrdSource.none() });
  const remote = new lib.DataPlane('remote', { controlPlane, provider: provider('remote'), name: 'remote', region: 'eu-west-1', zones: ['eu-west-1a'], crds: CrdSource.none() });
  const local = new lib.DataPlane('local', { controlPlane, provider: cpProvider, name: 'local', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, crds: CrdSource.none() });
  await settled(controlPlane, remote, local);
  const late = new lib.DataPlane('local-late', { controlPlane, provider: cpProvider, name: 'late', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, crds: CrdSource.none() });
  expect((await refusal(late)).message).toMatch(/only one data plane can share the control plane's cluster/);

  recordRegistrations();
  const ownOperator = new lib.ControlPlane('cp-own', { region: 'us-east-1', provider: cpProvider, crds: CrdSource.none() });
  const first = new lib.DataPlane('first', { controlPlane: ownOperator, provider: provider('first'), name: 'first', region: 'eu-west-1', zones: ['eu-west-1a'], crds: CrdSource.none() });
  await settled(ownOperator, first);
  const tooLate = new lib.DataPlane('too-late', { controlPlane: ownOperator, provider: cpProvider, name: 'local', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, crds: CrdSource.none() });
  expect((await refusal(tooLate)).message).toMatch(/declared after the control plane installed its own k8ssandra-operator/);
});
