import type * as k8sTypes from '@pulumi/kubernetes';
import type * as pulumiTypes from '@pulumi/pulumi';
import { recordRegistrations, refusal, settled, withoutPulumiAnnotations, type Registration } from './mocks';
import { exampleClusters } from '../../examples/platform/clusters';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { synthPlatform } from '../../lib';
import type { KubeObject } from '../../lib/core/kube-object';

const registrations = recordRegistrations();
let k8s: typeof k8sTypes;
let pulumi: typeof pulumiTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  // Loaded after setMocks so every resource registers with the mock monitor.
  pulumi = await import('@pulumi/pulumi');
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
});

/** The example platform through Pulumi, mirroring examples/platform for cdk8s. */
async function examplePlatform() {
  const providers = {
    controlPlane: new k8s.Provider('control-plane', { kubeconfig: 'cp' }),
    usEast: new k8s.Provider('us-east', { kubeconfig: 'cp' }),
    euWest: new k8s.Provider('eu-west', { kubeconfig: 'eu' }),
  };
  const controlPlane = new lib.ControlPlane('control-plane', { region: 'us-east-1', provider: providers.controlPlane });
  const usEast = new lib.DataPlane('us-east', {
    controlPlane,
    provider: providers.usEast,
    name: 'us-east',
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    inControlPlaneCluster: true,
  });
  const euWest = new lib.DataPlane('eu-west', {
    controlPlane,
    provider: providers.euWest,
    name: 'eu-west',
    region: 'eu-west-1',
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  });
  const examples = exampleClusters({ usEast, euWest });
  const orders = new lib.CassandraCluster(examples.orders.name, { controlPlane, ...examples.orders.options });
  const ordersNightly = new lib.BackupSchedule('orders-nightly', { cluster: orders, ...examples.orders.backupSchedule });
  const ordersCleanup = new lib.K8ssandraTask('orders-cleanup', { cluster: orders, ...examples.orders.cleanup });
  const sessions = new lib.CassandraCluster(examples.sessions.name, { controlPlane, ...examples.sessions.options });
  const sessionsNightly = new lib.BackupSchedule('sessions-nightly', { cluster: sessions, ...examples.sessions.backupSchedule });
  await settled(controlPlane, usEast, euWest, orders, ordersNightly, ordersCleanup, sessions, sessionsNightly);
  const urns = await new Promise<string[]>((resolve) => pulumi.all(Object.values(providers).map((p) => p.urn)).apply(resolve));
  return { controlPlane, usEast, euWest, orders, providerUrn: { 'control-plane': urns[0], 'data-plane-us-east': urns[1], 'data-plane-eu-west': urns[2] } };
}

let platform: Awaited<ReturnType<typeof examplePlatform>>;
beforeAll(async () => {
  platform = await examplePlatform();
});

const kubeObjects = () => registrations.filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes' && !r.type.startsWith('kubernetes:kustomize'));
const providerId = (urn: string) => `${urn}::${urn.split('::').pop()}-id`;

test('components register with their type tokens', () => {
  const types = registrations.filter((r) => r.type.startsWith('mission-control:')).map((r) => [r.type, r.name]);
  expect(types).toEqual([
    ['mission-control:index:ControlPlane', 'control-plane'],
    ['mission-control:index:DataPlane', 'us-east'],
    ['mission-control:index:DataPlane', 'eu-west'],
    ['mission-control:index:CassandraCluster', 'orders'],
    ['mission-control:index:BackupSchedule', 'orders-nightly'],
    ['mission-control:index:K8ssandraTask', 'orders-cleanup'],
    ['mission-control:index:CassandraCluster', 'sessions'],
    ['mission-control:index:BackupSchedule', 'sessions-nightly'],
  ]);
});

test('Pulumi registers exactly the objects cdk8s synthesises, body for body, per cluster', () => {
  const folderOf = Object.fromEntries(Object.entries(platform.providerUrn).map(([folder, urn]) => [providerId(urn), folder]));
  const viaPulumi: Record<string, KubeObject[]> = {};
  for (const r of kubeObjects()) {
    const folder = folderOf[r.provider!];
    expect(folder).toBeDefined();
    (viaPulumi[folder] ??= []).push(withoutPulumiAnnotations(r.inputs as KubeObject));
  }
  const viaCdk8s = synthPlatform(buildExamplePlatform().app);
  const key = (o: KubeObject) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const byKey = (objects: KubeObject[]) => Object.fromEntries(objects.map((o) => [key(o), o]));
  expect(Object.keys(viaPulumi).sort()).toEqual(Object.keys(viaCdk8s).sort());
  for (const folder of Object.keys(viaCdk8s)) {
    expect(Object.keys(byKey(viaPulumi[folder])).sort()).toEqual(Object.keys(byKey(viaCdk8s[folder])).sort());
    expect(byKey(viaPulumi[folder])).toEqual(byKey(viaCdk8s[folder]));
  }
});

test('K8ssandraClusters are deleted in the background, so the DCs finalise before what the cluster owns goes', () => {
  const clusters = kubeObjects().filter((r) => r.inputs.kind === 'K8ssandraCluster');
  expect(clusters.length).toBeGreaterThan(0);
  for (const r of clusters) expect(r.inputs.metadata.annotations).toEqual(expect.objectContaining({ 'pulumi.com/deletionPropagationPolicy': 'background' }));
  const others = kubeObjects().filter((r) => r.inputs.kind !== 'K8ssandraCluster');
  expect(others.filter((r) => r.inputs.metadata?.annotations?.['pulumi.com/deletionPropagationPolicy'])).toEqual([]);
});

test('every Kubernetes resource is created with its own plane provider', () => {
  const objects = kubeObjects();
  expect(objects.length).toBeGreaterThan(60);
  for (const r of objects) expect(r.provider).toEqual(expect.stringContaining('pulumi:providers:kubernetes::'));
  const ofEuWest = objects.filter((r) => r.parent.endsWith('mission-control:index:DataPlane::eu-west'));
  const [inControlPlane, own] = [ofEuWest.filter((r) => ['DataPlaneRegistration', 'ClientConfig'].includes(r.inputs.kind)), ofEuWest.filter((r) => !['DataPlaneRegistration', 'ClientConfig'].includes(r.inputs.kind))];
  expect(own.length).toBeGreaterThan(20);
  expect(new Set(own.map((r) => r.provider))).toEqual(new Set([providerId(platform.providerUrn['data-plane-eu-west'])]));
  expect(inControlPlane.map((r) => r.provider)).toEqual([providerId(platform.providerUrn['control-plane']), providerId(platform.providerUrn['control-plane'])]);
});

test('upstream CRDs come from the pinned release through kustomize', () => {
  const directories = registrations.filter((r) => r.type === 'kubernetes:kustomize/v2:Directory');
  expect(directories.map((d) => d.inputs.directory)).toEqual([
    'https://github.com/k8ssandra/k8ssandra-operator/config/crd?ref=bcabb887f63b07ab9d03da9c30c08d916e8598e6',
    'https://github.com/k8ssandra/cass-operator/config/crd?ref=67f11659d4ac7ec0f2a5c315f7aa56f1428e9867',
    'https://github.com/k8ssandra/k8ssandra-operator/config/crd?ref=bcabb887f63b07ab9d03da9c30c08d916e8598e6',
    'https://github.com/k8ssandra/cass-operator/config/crd?ref=67f11659d4ac7ec0f2a5c315f7aa56f1428e9867',
  ]);
});

test('outputs name the namespaces and the registration Secret', async () => {
  const value = <T>(o: pulumiTypes.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
  expect(await value(platform.controlPlane.namespace)).toBe('mission-control');
  expect(await value(platform.euWest.namespace)).toBe('k8ssandra-operator');
  expect(await value(platform.euWest.kubeconfigSecretName)).toBe('data-plane-eu-west-kubeconfig');
  expect(await value(platform.euWest.accessTokenSecretName)).toBe('mission-control-access-token');
});

test('a cluster reports its emitted objects', async () => {
  const names = await new Promise<string[]>((resolve) => platform.orders.objectNames.apply(resolve));
  // Reconciled delivery: only the MissionControlCluster; the reconciler places the rest.
  expect(names).toEqual(['control-plane:missioncontrolcluster:mission-control/orders']);
});

test('a component declared after the program was checked is checked with everything before it', async () => {
  const before = registrations.length;
  const provider = new k8s.Provider('bad', { kubeconfig: 'x' });
  const bad = new lib.DataPlane('bad', { controlPlane: platform.controlPlane, provider, name: 'eu-west', region: 'EU', zones: [] });
  const error = await refusal(bad);
  expect(error.message).toMatch(/3 problems; no Kubernetes resource of the components declared since the last check was registered[\s\S]*already used[\s\S]*region "EU"[\s\S]*no zones given/);
  await settled();
  expect(registrations.slice(before).map((r) => r.type).sort()).toEqual(['mission-control:index:DataPlane', 'pulumi:providers:kubernetes']);
});

test('resources are created in apply order through dependsOn', () => {
  const byUrn = new Map(registrations.map((r) => [r.urn, r]));
  const after = (r: Registration, urn: string, seen = new Set<string>()): boolean =>
    r.dependencies.includes(urn) || r.dependencies.some((d) => !seen.has(d) && seen.add(d) && !!byUrn.get(d) && after(byUrn.get(d)!, urn, seen));
  const euWest = kubeObjects().filter((r) => r.provider === providerId(platform.providerUrn['data-plane-eu-west']));
  const find = (kind: string, name?: string) => euWest.find((r) => r.inputs.kind === kind && (!name || r.inputs.metadata.name === name))!;
  expect(after(find('Issuer'), find('Namespace').urn)).toBe(true);
  expect(after(find('ValidatingWebhookConfiguration'), find('Deployment', 'k8ssandra-operator').urn)).toBe(true);
  expect(after(find('Namespace'), find('Issuer').urn)).toBe(false);
});
