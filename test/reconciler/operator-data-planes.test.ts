import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { CP_NAMESPACE, eventually, startReconcilerPlatform, type ReconcilerPlatform } from './support/reconciler-platform';
import { GROUP_VERSION } from '../../lib/core/api-group';
import { resolveDataPlane } from '../../lib/core/defaults';
import type { KubeObject } from '../../lib/core/kube-object';
import { dataPlaneRegistration, kubeconfigSecretName } from '../../lib/core/manifests/data-plane-registration';
import { RESOURCES } from '../../lib/kube/resources';
import type { DataPlanes } from '../../lib/reconciler/operator/data-planes';
import type { MissionControlOperator } from '../../lib/reconciler/operator/operator';

/**
 * Data planes as separate failure domains: a broken kubeconfig Secret only breaks its own
 * registration, Secrets take effect through their watch, and a control plane that cannot be
 * read does not cost the data planes their connections.
 */
let platform: ReconcilerPlatform<'dp1'>;
let operator: MissionControlOperator;

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (dataPlane: string, kubeconfig: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: kubeconfigSecretName(dataPlane), namespace: CP_NAMESPACE },
  type: 'Opaque',
  data: { kubeconfig: b64(kubeconfig) },
});
const register = async (dataPlane: string, kubeconfig: string) => {
  await platform.cp.apply(RESOURCES.Secret, secret(dataPlane, kubeconfig));
  const spec = resolveDataPlane(dataPlane, { name: dataPlane, region: `region-${dataPlane}`, zones: [`${dataPlane}-a`] }, { type: 'none' });
  await platform.cp.apply(RESOURCES.DataPlaneRegistration, dataPlaneRegistration(CP_NAMESPACE, spec));
};
const condition = (obj: KubeObject | undefined, type: string) => ((obj?.status as any)?.conditions ?? []).find((c: any) => c.type === type);
const reachable = async (dataPlane: string) => condition(await platform.cp.get(RESOURCES.DataPlaneRegistration, { name: dataPlane, namespace: CP_NAMESPACE }), 'Reachable');
const dataPlanesOf = (op: MissionControlOperator) => (op as unknown as { dataPlanes: DataPlanes }).dataPlanes;

/** A kubeconfig whose user runs a credential plugin that fails. */
function failingExecKubeconfig(server: string): string {
  return stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
    'users': [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'false', interactiveMode: 'Never' } } }],
    'contexts': [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'c',
  });
}

beforeAll(async () => {
  platform = await startReconcilerPlatform(['dp1']);
  // Names sort before dp1, so they come first in the registration list.
  await register('bad-exec', failingExecKubeconfig(platform.servers.planes.dp1.url));
  await register('bad-yaml', 'clusters: [unterminated\n  : : :');
  // Only the Secret watch can make changes take effect within the test's waits.
  operator = await platform.startOperator({ resyncPeriodMs: 600_000 });
}, 600_000);

afterAll(async () => {
  await platform?.stop();
});

test('a broken kubeconfig breaks only its own registration, each with its own reason', async () => {
  platform.standIns.dp1.readyDatacenters.add('i1');
  await platform.cp.apply(RESOURCES.MissionControlCluster, {
    apiVersion: GROUP_VERSION,
    kind: 'MissionControlCluster',
    metadata: { name: 'isolated', namespace: CP_NAMESPACE },
    spec: { clusterName: 'isolated', serverType: 'cassandra', serverVersion: '4.1.8', storage: { storageClassName: 'standard', size: '10Gi' }, datacenters: [{ name: 'i1', dataPlane: 'dp1', size: 3 }] },
  }, { fieldManager: 'user' });
  await eventually(async () => condition(await platform.cp.get(RESOURCES.MissionControlCluster, { name: 'isolated', namespace: CP_NAMESPACE }), 'Ready')?.status === 'True', 60_000, 'isolated Ready');

  expect(await eventually(async () => ((await reachable('dp1'))?.status === 'True' ? reachable('dp1') : undefined), 30_000, 'dp1 Reachable')).toMatchObject({ reason: 'Connected' });
  const yaml = await eventually(async () => ((await reachable('bad-yaml'))?.status === 'False' ? reachable('bad-yaml') : undefined), 30_000, 'bad-yaml not Reachable');
  expect(yaml).toMatchObject({ reason: 'KubeconfigInvalid', message: expect.stringContaining('YAML') });
  const exec = await eventually(async () => ((await reachable('bad-exec'))?.status === 'False' ? reachable('bad-exec') : undefined), 30_000, 'bad-exec not Reachable');
  expect(exec.message).not.toBe(yaml.message);
  expect(exec.message).toMatch(/credential plugin 'false' failed/);
}, 120_000);

test('a fixed kubeconfig Secret takes effect within seconds, through its watch', async () => {
  const started = Date.now();
  await platform.cp.apply(RESOURCES.Secret, secret('bad-yaml', readFileSync(platform.servers.planes.dp1.kubeconfigPath, 'utf8')));
  await eventually(async () => (await reachable('bad-yaml'))?.status === 'True', 20_000, 'bad-yaml Reachable');
  // The resync period is 10 minutes: only the watch can have done it.
  expect(Date.now() - started).toBeLessThan(10_000);
}, 60_000);

test('steady state: no writes and no reads per reconcile or resync, also with Secrets involved', async () => {
  const internals = operator as unknown as { enqueueAll(): void; syncDataPlanes(): Promise<void> };
  // A plane whose credentials keep failing retries its watches: that is not steady state.
  await platform.cp.delete(RESOURCES.DataPlaneRegistration, { name: 'bad-exec', namespace: CP_NAMESPACE });
  await eventually(() => dataPlanesOf(operator).get('bad-exec') === undefined, 10_000, 'bad-exec disconnected');
  await new Promise((r) => setTimeout(r, 1_500));
  const writes = operator.writeCount();
  const reads = operator.readCount();
  // What the resync timer does, several times over.
  for (let i = 0; i < 5; i++) {
    await internals.syncDataPlanes();
    internals.enqueueAll();
    await new Promise((r) => setTimeout(r, 400));
  }
  expect(operator.writeCount()).toBe(writes);
  expect(operator.readCount()).toBe(reads);
}, 60_000);

test('a control plane that cannot be read keeps the working data-plane connections and caches', async () => {
  const before = dataPlanesOf(operator).get('dp1');
  expect(before).toBeDefined();
  const cpPlane = platform.servers.planes['control-plane'];
  await cpPlane.stop();
  try {
    // Several resyncs' worth of time pass with every Secret read failing.
    void (operator as unknown as { syncDataPlanes(): Promise<void> }).syncDataPlanes();
    await new Promise((r) => setTimeout(r, 3_000));
    await (operator as unknown as { syncDataPlanes(): Promise<void> }).syncDataPlanes();
    expect(dataPlanesOf(operator).get('dp1')).toBe(before);
    expect(dataPlanesOf(operator).reachable('dp1')).toBe(true);
  } finally {
    await cpPlane.start();
  }
  await new Promise((r) => setTimeout(r, 1_000));
  expect(dataPlanesOf(operator).get('dp1')).toBe(before);
}, 120_000);
