import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart } from 'cdk8s';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ArgoCdDelivery, DataPlane, FluxDelivery, synthPlatform, ValidationError, type ArgoCdDeliveryProps, type ControlPlane, type FluxDeliveryProps, type Problem } from '../../lib';
import { deliveryCrdValidator } from '../support/ecosystem-crds';

const EU_WEST = { 'data-plane-eu-west': { name: 'eu-west' } };
const argo = (overrides: Record<string, unknown>): ArgoCdDeliveryProps => ({ repoURL: 'https://github.com/example/platform.git', pathPrefix: 'dist', destinations: EU_WEST, ...overrides }) as ArgoCdDeliveryProps;
const flux = (overrides: Record<string, unknown>): FluxDeliveryProps => ({ sourceRef: { name: 'platform' }, pathPrefix: 'dist', kubeConfigs: { 'data-plane-eu-west': { secretName: 'eu-west-kubeconfig' } }, ...overrides }) as FluxDeliveryProps;

function problemsOf(add: (cp: ControlPlane) => void): Problem[] {
  const { app, controlPlane } = buildExamplePlatform({ clusters: false });
  add(controlPlane);
  try {
    synthPlatform(app);
  } catch (e) {
    if (e instanceof ValidationError) return [...e.problems];
    throw e;
  }
  return [];
}
const argoProblems = (overrides: Record<string, unknown>) => problemsOf((cp) => new ArgoCdDelivery(cp, 'delivery', argo(overrides)));
const fluxProblems = (overrides: Record<string, unknown>) => problemsOf((cp) => new FluxDelivery(cp, 'delivery', flux(overrides)));

test('valid options give no problem', () => {
  expect(argoProblems({})).toEqual([]);
  expect(fluxProblems({})).toEqual([]);
});

describe('Argo CD options', () => {
  test.each([
    ['repoURL', { repoURL: 'github.com/example' }, 'control-plane/delivery/repoURL', /repoURL "github.com\/example" is not a repository URL/],
    ['missing repoURL', { repoURL: undefined }, 'control-plane/delivery/repoURL', /repoURL is required but missing/],
    ['pathPrefix with ..', { pathPrefix: '../dist' }, 'control-plane/delivery/pathPrefix', /pathPrefix "..\/dist" is not a relative path/],
    ['absolute pathPrefix', { pathPrefix: '/dist' }, 'control-plane/delivery/pathPrefix', /not a relative path/],
    ['targetRevision', { targetRevision: 'my branch' }, 'control-plane/delivery/targetRevision', /targetRevision "my branch" is not a branch, tag or commit/],
    ['project', { project: 'Platform' }, 'control-plane/delivery/project', /project "Platform" is not an AppProject name/],
    ['namespace', { namespace: 'Argo_CD' }, 'control-plane/delivery/namespace', /namespace "Argo_CD" is not a DNS-1123 label/],
    ['namePrefix', { namePrefix: 'Prod_' }, 'control-plane/delivery/namePrefix', /namePrefix "Prod_" makes Application names that are not DNS-1123 labels.*"Prod_control-plane"/],
    ['a too long namePrefix', { namePrefix: 'x'.repeat(50) }, 'control-plane/delivery/namePrefix', /at most 63 characters/],
    ['no destination for a remote data plane', { destinations: {} }, 'control-plane/delivery/destinations', /"data-plane-eu-west" is in a cluster of its own but has no destination/],
    ['an unknown folder', { destinations: { ...EU_WEST, 'data-plane-eu-wset': { name: 'x' } } }, 'control-plane/delivery/destinations/data-plane-eu-wset', /"data-plane-eu-wset" is not a cluster folder of this app \(folders: "data-plane-us-east", "data-plane-eu-west", "control-plane"\)/],
    ['server and name', { destinations: { 'data-plane-eu-west': { name: 'eu-west', server: 'https://x' } } }, 'control-plane/delivery/destinations/data-plane-eu-west', /exactly one of server and name/],
    ['a server that is no URL', { destinations: { 'data-plane-eu-west': { server: 'eu-west:6443' } } }, 'control-plane/delivery/destinations/data-plane-eu-west/server', /server "eu-west:6443" is not an http\(s\) URL/],
    ['a sync option turning server-side apply off', { syncOptions: ['ServerSideApply=false'] }, 'control-plane/delivery/syncOptions/0', /conflicts with ServerSideApply=true/],
    ['a malformed sync option', { syncOptions: ['Prune false'] }, 'control-plane/delivery/syncOptions/0', /not of the form Name=value/],
    ['a flag that is no boolean', { syncWaves: 'yes' }, 'control-plane/delivery/syncWaves', /syncWaves must be true or false, not "yes"/],
  ])('%s', (_name, overrides, path, message) => {
    const problems = argoProblems(overrides);
    expect(problems).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
    expect(problems[0].fix).not.toBe('');
  });
});

describe('Flux options', () => {
  test.each([
    ['source kind', { sourceRef: { kind: 'HelmRepository', name: 'platform' } }, 'control-plane/delivery/sourceRef/kind', /kind "HelmRepository" is not a Flux source kind/],
    ['source name', { sourceRef: { name: 'My Repo' } }, 'control-plane/delivery/sourceRef/name', /name "My Repo" is not the name of a Flux source/],
    ['missing sourceRef', { sourceRef: undefined }, 'control-plane/delivery/sourceRef', /sourceRef is required but missing/],
    ['interval', { interval: '10 minutes' }, 'control-plane/delivery/interval', /interval "10 minutes" is not a duration/],
    ['no kubeconfig for a remote data plane', { kubeConfigs: undefined }, 'control-plane/delivery/kubeConfigs', /"data-plane-eu-west" is in a cluster of its own but has no kubeconfig Secret/],
    ['a Secret name', { kubeConfigs: { 'data-plane-eu-west': { secretName: 'EU West' } } }, 'control-plane/delivery/kubeConfigs/data-plane-eu-west/secretName', /secretName "EU West" is not a Secret name/],
    ['namePrefix', { namePrefix: 'a.' }, 'control-plane/delivery/namePrefix', /namePrefix "a." makes Kustomization names/],
    ['prune', { prune: 'false' }, 'control-plane/delivery/prune', /prune must be true or false, not "false"/],
  ])('%s', (_name, overrides, path, message) => {
    expect(fluxProblems(overrides)).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });
});

test('one delivery per app, and only in the ControlPlane', () => {
  const twice = problemsOf((cp) => {
    new ArgoCdDelivery(cp, 'argo', argo({}));
    new FluxDelivery(cp, 'flux', flux({}));
  });
  expect(twice).toEqual([expect.objectContaining({ path: 'control-plane/flux', message: expect.stringMatching(/a second GitOps delivery; control-plane\/argo already writes control-plane\/delivery/) })]);
  const elsewhere = problemsOf((cp) => new ArgoCdDelivery(new Chart(cp.node.scope!, 'other') as unknown as ControlPlane, 'delivery', argo({})));
  expect(elsewhere).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'other/delivery', message: expect.stringMatching(/the scope of a GitOps delivery must be the ControlPlane/) })]));
});

test('an invalid delivery writes nothing and keeps the previous output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcc-gitops-'));
  try {
    buildExamplePlatform({ outdir: dir, clusters: false }).app.synth();
    const before = readdirSync(dir).sort();
    const { app, controlPlane } = buildExamplePlatform({ outdir: dir, clusters: false });
    new ArgoCdDelivery(controlPlane, 'delivery', argo({ repoURL: '' }));
    expect(() => app.synth()).toThrow(ValidationError);
    expect(readdirSync(dir).sort()).toEqual(before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a data plane declared after the delivery gets its Application when its destination is given', () => {
  const { app, controlPlane } = buildExamplePlatform({ clusters: false });
  new ArgoCdDelivery(controlPlane, 'delivery', argo({ destinations: { ...EU_WEST, 'data-plane-ap-south': { server: 'https://ap-south.example.com' } } }));
  new DataPlane(app, 'ap-south', { controlPlane, name: 'ap-south', region: 'ap-south-1', zones: ['ap-south-1a'] });
  const apps = synthPlatform(app)['control-plane/delivery'];
  expect(apps.map((a) => [a.metadata.name, a.metadata.annotations?.['argocd.argoproj.io/sync-wave']])).toEqual([['data-plane-us-east', '0'], ['data-plane-eu-west', '1'], ['data-plane-ap-south', '1'], ['control-plane', '2']]);
});

test('the schema check rejects what the CRD does not have', () => {
  const validator = deliveryCrdValidator();
  const application = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'x' }, spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc' }, source: { repoURL: 'https://x', path: 'x' }, syncPolicy: { syncOption: [] } } };
  expect(validator.validate(application)).toEqual(['/spec/syncPolicy must NOT have additional properties (syncOption)']);
  const kustomization = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x' }, spec: { interval: '10m', sourceRef: { kind: 'GitRepository', name: 'x' } } };
  expect(validator.validate(kustomization)).toEqual(["/spec must have required property 'prune'"]);
});
