import type * as k8sTypes from '@pulumi/kubernetes';
import type * as pulumiTypes from '@pulumi/pulumi';
import { recordRegistrations, refusal, settled } from './mocks';
import { CrdSource } from '../../lib';

let k8s: typeof k8sTypes;
let pulumi: typeof pulumiTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  recordRegistrations();
  pulumi = await import('@pulumi/pulumi');
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
});

const provider = (name: string) => new k8s.Provider(name, { kubeconfig: name });
const zones = ['eu-west-1a'];
const crds = CrdSource.none();

test('the provider may come from the resource options, and args and options must agree', async () => {
  const registrations = recordRegistrations();
  const cp = provider('cp');
  const controlPlane = new lib.ControlPlane('cp', { region: 'us-east-1', crds }, { provider: cp });
  const eu = provider('eu');
  const euWest = new lib.DataPlane('eu-west', { controlPlane, name: 'eu-west', region: 'eu-west-1', zones, crds }, { providers: { kubernetes: eu } });
  await settled(controlPlane, euWest);
  expect(controlPlane.provider).toBe(cp);
  expect(euWest.provider).toBe(eu);
  const deployment = registrations.find((r) => r.parent.endsWith('DataPlane::eu-west') && r.type === 'kubernetes:apps/v1:Deployment')!;
  expect(deployment.provider).toMatch(/pulumi:providers:kubernetes::eu::/);

  recordRegistrations();
  const twice = new lib.ControlPlane('twice', { region: 'us-east-1', provider: provider('a') }, { provider: provider('b') });
  expect((await refusal(twice)).message).toMatch(/ControlPlane "twice" is given two different Kubernetes providers[\s\S]*pass the provider once/);
});

test('one provider object for two clusters is refused; the data plane in the control plane cluster may share it', async () => {
  recordRegistrations();
  const shared = provider('shared');
  const controlPlane = new lib.ControlPlane('cp', { region: 'us-east-1', provider: shared, crds });
  const local = new lib.DataPlane('us-east', { controlPlane, provider: shared, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, crds });
  const remote = new lib.DataPlane('eu-west', { controlPlane, provider: shared, name: 'eu-west', region: 'eu-west-1', zones, crds });
  const error = await refusal(controlPlane, local, remote);
  expect(error.problems).toEqual([
    expect.objectContaining({ path: 'eu-west/provider', message: expect.stringContaining('DataPlane "eu-west" is given the same provider object as ControlPlane "cp", but they are different clusters') }),
  ]);
});

test('an Output where a plain value is needed is refused by path, saying why', async () => {
  recordRegistrations();
  const controlPlane = new lib.ControlPlane('cp', { region: 'us-east-1', provider: provider('cp'), crds });
  const euWest = new lib.DataPlane('eu-west', { controlPlane, provider: provider('eu'), name: 'eu-west', region: 'eu-west-1', zones, crds });
  const secretName = pulumi.output('orders-superuser');
  const orders = new lib.CassandraCluster('orders', {
    controlPlane,
    serverVersion: pulumi.output('4.1.8') as unknown as string,
    superuserSecretRef: { name: secretName as unknown as string },
    storage: { storageClassName: 'gp3', size: '10Gi' },
    datacenters: [{ name: 'dc1', dataPlane: euWest, size: 3 }],
  });
  const error = await refusal(controlPlane, euWest, orders);
  expect(error.problems.map((p) => [p.path, p.message])).toEqual([
    ['orders/serverVersion', expect.stringMatching(/^serverVersion is a pulumi.Output, but it must be a plain value: the component validates it, and names and places objects with it, when it is constructed/)],
    ['orders/superuserSecretRef/name', expect.stringContaining('superuserSecretRef/name is a pulumi.Output')],
  ]);
  expect(error.message).not.toContain('nothing was written');
  expect(error.message).toContain('no Kubernetes resource of these components was registered');
});

test('problems of every component are reported together', async () => {
  const registrations = recordRegistrations();
  const controlPlane = new lib.ControlPlane('cp', { region: 'us-eats-1', provider: provider('cp'), crds });
  const euWest = new lib.DataPlane('eu-west', { controlPlane, provider: provider('eu'), name: 'eu-west', region: 'eu-west-1', zones: [], crds });
  const orders = new lib.CassandraCluster('orders', { controlPlane, serverVersion: '9.9.9', storage: { storageClassName: 'gp3', size: '10Gi' }, datacenters: [{ name: 'dc1', dataPlane: euWest, size: 3 }] });
  const nightly = new lib.BackupSchedule('orders-nightly', { cluster: orders, cronSchedule: 'nightly' });
  const error = await refusal(controlPlane, euWest, orders, nightly);
  expect(error.problems.map((p) => p.path.split('/')[0])).toEqual(expect.arrayContaining(['cp', 'eu-west', 'orders', 'orders-nightly']));
  await settled();
  expect(registrations.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
});

test('a second control plane, or two components of one type and name, are refused', async () => {
  recordRegistrations();
  const first = new lib.ControlPlane('cp', { region: 'us-east-1', provider: provider('cp-1'), crds });
  const second = new lib.ControlPlane('cp-2', { region: 'us-east-1', provider: provider('cp-2'), crds });
  const dataPlane = (name: string) => new lib.DataPlane('eu-west', { controlPlane: first, provider: provider(name), name, region: 'eu-west-1', zones, crds });
  const [a, b] = [dataPlane('eu-west'), dataPlane('eu-west-2')];
  const error = await refusal(first, second, a, b);
  expect(error.problems).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ path: 'cp-2', message: 'a Pulumi program holds one ControlPlane; "cp-2" is a second one, after "cp"' }),
      expect.objectContaining({ path: 'eu-west', message: expect.stringContaining('two mission-control:index:DataPlane components are named "eu-west" under the same parent, so both would have the same URN') }),
    ]),
  );
});
