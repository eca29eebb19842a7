import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upstreamCrdDir } from '../../lib/crds/upstream-crd-files';
import type { KubeHttp } from '../../lib/kube/http';
import {
  createClientConfigSecret, missionControlOperatorImage, PulumiStack, resolvePulumiAssets, SimulatorBackend, startSimulatedPlatform,
  type PulumiAssets, type SimulatedPlatform,
} from '../../lib/testing';
import { eventually, getJson, rolledOut } from '../operators/support/platform';
import { consumerProject, pack, ROOT } from '../packaging/packed';

/**
 * The Pulumi example, exactly as `examples/pulumi` holds it, deployed by a real `pulumi up`
 * (CLI, Node.js language host and Kubernetes provider built from upstream) to simulated clusters
 * with the real operators: nothing is awaited less or served differently than on a real
 * platform. The library is installed from its packed tarball, as a user installs it.
 */
const CP = 'control-plane';
const EU = 'eu-west';
const NS = 'k8ssandra-operator';

let platform: SimulatedPlatform;
let stack: PulumiStack;
let root: string;
let baseline: Record<string, string[]>;
const timings: Record<string, number> = {};

/** Names of what a platform leaves behind if destroy forgets it, per plane. */
const LEFTOVER_KINDS = [
  '/api/v1/namespaces',
  '/api/v1/persistentvolumes',
  '/api/v1/persistentvolumeclaims',
  '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
  '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
];

async function inventory(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const plane of [CP, EU]) {
    for (const path of LEFTOVER_KINDS) {
      const list = await getJson(platform.planes[plane].apiServer.http, path);
      out[`${plane}${path}`] = (list.items as Array<{ metadata: { namespace?: string; name: string } }>)
        .map((o) => `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`).sort();
    }
  }
  return out;
}

async function readyDc(http: KubeHttp): Promise<any> {
  const dc = await getJson(http, `/apis/cassandra.datastax.com/v1beta1/namespaces/${NS}/cassandradatacenters/eu1`);
  const ready = dc?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.status === 'True';
  return ready && dc.status.cassandraOperatorProgress === 'Ready' && dc.status.observedGeneration === dc.metadata.generation ? dc : undefined;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    timings[label] = Math.round((Date.now() - started) / 1000);
  }
}

beforeAll(async () => {
  // While CI builds the binaries in the background this waits for that build (its lock).
  const assets: PulumiAssets = await resolvePulumiAssets();
  root = mkdtempSync(join(tmpdir(), 'mcc-pulumi-up-'));
  const project = join(root, 'project');
  mkdirSync(project);
  consumerProject(project, pack(root).tarball);
  for (const file of ['Pulumi.yaml', 'index.ts']) copyFileSync(join(ROOT, 'examples', 'pulumi', file), join(project, file));
  const installed = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(join(project, 'package.json'), JSON.stringify({
    name: 'mission-control-platform',
    private: true,
    dependencies: Object.fromEntries(['mission-control-constructs', '@pulumi/pulumi', '@pulumi/kubernetes'].map((n) => [n, n === 'mission-control-constructs' ? 'file:mission-control-constructs.tgz' : installed(n)])),
  }, null, 2));
  platform = await startSimulatedPlatform({
    planes: [
      { name: CP, region: 'us-east-1', storageClasses: ['gp3'] },
      { name: EU, region: 'eu-west-1', storageClasses: ['gp3'] },
    ],
    cassandra: new SimulatorBackend(),
    images: missionControlOperatorImage(),
    logDir: process.env.MCC_OPERATOR_LOGS,
  });
  baseline = await inventory();
  stack = await PulumiStack.create({ projectDir: project, assets, stateDir: join(root, 'state') });
  await stack.config('controlPlaneKubeconfig', readFileSync(platform.planes[CP].apiServer.kubeconfigPath, 'utf8'), true);
  await stack.config('euWestKubeconfig', readFileSync(platform.planes[EU].apiServer.kubeconfigPath, 'utf8'), true);
  await stack.config('crdDirectory', upstreamCrdDir());
}, 3_600_000);

afterAll(async () => {
  process.stderr.write(`[pulumi-up] seconds per step: ${JSON.stringify(timings)}\n`);
  await platform?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
}, 300_000);

test('up installs the platform, waiting for every operator and webhook as on a real cluster', async () => {
  await timed('up platform', () => stack.up());
  const [latest] = await stack.history();
  expect(latest).toEqual(expect.objectContaining({ kind: 'update', result: 'succeeded' }));
  expect(latest.resourceChanges?.create).toBeGreaterThan(50);
  // Install order, step 3: the kubeconfig Secrets the eu-west ClientConfig and registration
  // name, made out of band.
  const outputs = await stack.outputs();
  expect(outputs.kubeconfigSecrets).toEqual(['data-plane-us-east-kubeconfig', 'data-plane-eu-west-kubeconfig']);
  await createClientConfigSecret({
    controlPlane: platform.planes[CP].apiServer,
    dataPlane: platform.planes[EU].apiServer,
    dataPlaneName: EU,
    registrationNamespace: outputs.controlPlaneNamespace as string,
  });
  // Upstream's control-plane k8ssandra-operator restarts itself once it has loaded the
  // ClientConfig with its Secret (annotating it with the Secret's hash first).
  await timed('ClientConfig loaded', async () => {
    await eventually('the eu-west ClientConfig loaded', 300_000, async () => {
      const cc = await getJson(platform.planes[CP].apiServer.http, `/apis/config.k8ssandra.io/v1beta1/namespaces/${NS}/clientconfigs/${EU}`);
      return cc?.metadata?.annotations?.['k8ssandra.io/secret-hash'] ? cc : undefined;
    });
    for (const plane of [CP, EU]) {
      for (const name of ['k8ssandra-operator', 'cass-operator-controller-manager']) {
        await eventually(`${plane}/${name} rolled out`, 300_000, () => rolledOut(platform.planes[plane].apiServer.http, NS, name));
      }
    }
  });
}, 1_800_000);

test('a static-delivery cluster added to the program reaches Ready in its data plane', async () => {
  await stack.config('ledgerSize', '3');
  await timed('up cluster', () => stack.up());
  const dc = await timed('cluster Ready', () => eventually('ledger/eu1 Ready', 600_000, () => readyDc(platform.planes[EU].apiServer.http), 2_000));
  expect(dc.spec.size).toBe(3);
  const kc = await getJson(platform.planes[CP].apiServer.http, `/apis/k8ssandra.io/v1alpha1/namespaces/${NS}/k8ssandraclusters/ledger`);
  expect(kc.spec.cassandra.datacenters.map((d: { metadata: { name: string }; k8sContext: string }) => [d.metadata.name, d.k8sContext])).toEqual([['eu1', EU]]);
}, 1_800_000);

test('a second up and a refresh find nothing to change', async () => {
  await timed('up no-op', () => stack.up({ expectNoChanges: true }));
  await timed('refresh', () => stack.refresh({ expectNoChanges: true }));
}, 1_800_000);

test('a DC size change is exactly one in-place update, and the DC grows', async () => {
  await stack.config('ledgerSize', '6');
  await timed('up size 6', () => stack.up());
  const [latest] = await stack.history();
  expect(latest.resourceChanges).toEqual({ update: 1, same: expect.any(Number) });
  const dc = await timed('size 6 Ready', () => eventually('ledger/eu1 at size 6', 900_000, async () => {
    const got = await readyDc(platform.planes[EU].apiServer.http);
    return got?.spec.size === 6 && Object.keys(got.status.nodeStatuses ?? {}).length === 6 ? got : undefined;
  }, 2_000));
  expect(dc.spec.size).toBe(6);
}, 1_800_000);

test('destroy completes, every finalizer runs, and nothing is left in any cluster', async () => {
  await timed('destroy', () => stack.destroy());
  const [latest] = await stack.history();
  expect(latest).toEqual(expect.objectContaining({ kind: 'destroy', result: 'succeeded' }));
  // Namespaces finish terminating after the API call returns; give the garbage collector time.
  const left = await eventually('nothing left', 300_000, async () => {
    const now = await inventory();
    return JSON.stringify(now) === JSON.stringify(baseline) ? now : undefined;
  }, 2_000).catch(async () => inventory());
  expect(left).toEqual(baseline);
  expect(platform.rbacDenials()).toEqual([]);
}, 1_800_000);
