import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { buildArgoCdPlatform, buildFluxPlatform } from '../../examples/gitops/delivery';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ArgoCdDelivery, DataPlane, SYNC_WAVE_ANNOTATION, synthPlatform, type KubeObject } from '../../lib';
import { applyRank } from '../../lib/core/output/apply-order';
import { deliveryCrdValidator } from '../support/ecosystem-crds';

const validator = deliveryCrdValidator();
const delivery = (objects: Record<string, KubeObject[]>) => objects['control-plane/delivery'];

describe('Argo CD', () => {
  const { app } = buildArgoCdPlatform();
  const out = synthPlatform(app);
  const byName = Object.fromEntries(delivery(out).map((a) => [a.metadata.name, a as KubeObject & { spec: any }]));

  test('one Application per cluster folder, valid against the Application CRD', () => {
    expect(Object.keys(byName).sort()).toEqual(['control-plane', 'data-plane-eu-west', 'data-plane-us-east']);
    for (const application of delivery(out)) expect(validator.validate(application)).toEqual([]);
  });

  test('waves: the data plane sharing the control plane cluster, then the other data planes, then the control plane', () => {
    const wave = (name: string) => byName[name].metadata.annotations?.[SYNC_WAVE_ANNOTATION];
    expect([wave('data-plane-us-east'), wave('data-plane-eu-west'), wave('control-plane')]).toEqual(['0', '1', '2']);
  });

  test('destinations, source and server-side apply', () => {
    expect(byName['data-plane-eu-west'].spec.destination).toEqual({ name: 'eu-west' });
    expect(byName['data-plane-us-east'].spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
    expect(byName['control-plane'].spec.source).toEqual({ repoURL: 'https://github.com/example/platform.git', targetRevision: 'main', path: 'dist/control-plane' });
    expect(byName['control-plane'].spec.project).toBe('cassandra-platform');
    for (const a of Object.values(byName)) expect(a.spec.syncPolicy.syncOptions[0]).toBe('ServerSideApply=true');
    // Deleting an Application must not cascade to the Cassandra clusters it delivered.
    for (const a of Object.values(byName)) expect(a.metadata.finalizers).toBeUndefined();
  });

  test('every object of every cluster folder has the sync wave of its apply rank', () => {
    for (const [folder, objects] of Object.entries(out)) {
      if (folder === 'control-plane/delivery') continue;
      for (const obj of objects) expect([folder, obj.kind, obj.metadata.annotations?.[SYNC_WAVE_ANNOTATION]]).toEqual([folder, obj.kind, String(applyRank(obj))]);
    }
  });

  test('upstream CRDs fetched by the kustomization get the CRD wave through a kustomize patch', () => {
    const files = app.renderFiles();
    const kustomization = parse(files.find((f) => f.path === 'data-plane-eu-west/kustomization.yaml')!.content);
    expect(kustomization.patches).toEqual([{ target: { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' }, patch: expect.stringContaining(`${SYNC_WAVE_ANNOTATION}: "1"`) }]);
    // The control-plane folder fetches nothing here (us-east shares its cluster and installs the CRDs).
    expect(parse(files.find((f) => f.path === 'control-plane/kustomization.yaml')!.content).patches).toBeUndefined();
  });

  test('the delivery folder is not part of the control-plane folder, so syncing it never waits for itself', () => {
    const files = app.renderFiles();
    const cp = parse(files.find((f) => f.path === 'control-plane/kustomization.yaml')!.content);
    expect(cp.resources.filter((r: string) => r.includes('delivery') || r.includes('application'))).toEqual([]);
    expect(parse(files.find((f) => f.path === 'control-plane/delivery/kustomization.yaml')!.content).resources).toEqual([
      '12-application-argocd.data-plane-us-east.yaml', '12-application-argocd.data-plane-eu-west.yaml', '12-application-argocd.control-plane.yaml',
    ]);
  });

  test('the health component patches argocd-cm by kind and name only', () => {
    const files = app.renderFiles().filter((f) => f.path.startsWith('control-plane/argocd-health/'));
    expect(files.map((f) => f.path)).toEqual(['control-plane/argocd-health/argocd-cm.yaml', 'control-plane/argocd-health/kustomization.yaml']);
    const component = parse(files[1].content);
    expect(component).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', patches: [{ path: 'argocd-cm.yaml', target: { version: 'v1', kind: 'ConfigMap', name: 'argocd-cm' } }] });
    expect(Object.keys(parse(files[0].content).data)).toEqual([
      'resource.customizations.health.k8ssandra.io_K8ssandraCluster',
      'resource.customizations.health.cassandra.datastax.com_CassandraDatacenter',
      'resource.customizations.health.missioncontrol.mission-control-constructs.dev_MissionControlCluster',
      'resource.customizations.health.argoproj.io_Application',
    ]);
  });

  test('the same sync waves through Chart.toJson and Testing.synth', () => {
    const { dataPlanes } = buildArgoCdPlatform();
    for (const obj of Testing.synth(dataPlanes.euWest) as KubeObject[]) expect(obj.metadata.annotations?.[SYNC_WAVE_ANNOTATION]).toBe(String(applyRank(obj)));
  });

  test('output is byte-identical across runs', () => {
    expect(buildArgoCdPlatform().app.renderFiles()).toEqual(app.renderFiles());
  });

  test('a data plane declared after the delivery gets its Application', () => {
    const p = buildArgoCdPlatform();
    new DataPlane(p.app, 'ap-south', { controlPlane: p.controlPlane, name: 'ap-south', region: 'ap-south-1', zones: ['ap-south-1a'] });
    expect(() => synthPlatform(p.app)).toThrow(/"data-plane-ap-south" is in a cluster of its own but has no destination/);
  });

  test('syncWaves: false and healthChecks: false leave the cluster folders as without delivery', () => {
    const p = buildExamplePlatform();
    new ArgoCdDelivery(p.controlPlane, 'delivery', { repoURL: 'git@github.com:example/platform.git', pathPrefix: '.', syncWaves: false, healthChecks: false, destinations: { 'data-plane-eu-west': { server: 'https://eu-west.example.com:6443' } } });
    const { ['control-plane/delivery']: apps, ...folders } = synthPlatform(p.app);
    expect(folders).toEqual(synthPlatform(buildExamplePlatform().app));
    expect(apps.find((a) => a.metadata.name === 'control-plane')?.spec).toEqual(expect.objectContaining({ source: { repoURL: 'git@github.com:example/platform.git', targetRevision: 'HEAD', path: 'control-plane' } }));
    expect(p.app.renderFiles().some((f) => f.path.includes('argocd-health'))).toBe(false);
  });

  test('an object with a sync wave set through an escape hatch keeps it', () => {
    const p = buildArgoCdPlatform();
    const deployment = p.dataPlanes.euWest.k8ssandraOperator.apiObjects.find((o) => o.kind === 'Deployment')!;
    deployment.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, '20');
    const obj = synthPlatform(p.app)['data-plane-eu-west'].find((o) => o.kind === 'Deployment' && o.metadata.name === deployment.name)!;
    expect(obj.metadata.annotations?.[SYNC_WAVE_ANNOTATION]).toBe('20');
  });
});

describe('Flux', () => {
  const out = synthPlatform(buildFluxPlatform().app);
  const byName = Object.fromEntries(delivery(out).map((k) => [k.metadata.name, k as KubeObject & { spec: any }]));

  test('one Kustomization per cluster folder, valid against the Kustomization CRD', () => {
    expect(Object.keys(byName).sort()).toEqual(['control-plane', 'data-plane-eu-west', 'data-plane-us-east']);
    for (const k of delivery(out)) expect(validator.validate(k)).toEqual([]);
  });

  test('the control plane depends on every data plane; the remote data plane on the shared one', () => {
    expect(byName['control-plane'].spec.dependsOn).toEqual([{ name: 'data-plane-us-east' }, { name: 'data-plane-eu-west' }]);
    expect(byName['data-plane-eu-west'].spec.dependsOn).toEqual([{ name: 'data-plane-us-east' }]);
    expect(byName['data-plane-us-east'].spec.dependsOn).toBeUndefined();
  });

  test('remote clusters through a referenced kubeconfig Secret; local ones without', () => {
    expect(byName['data-plane-eu-west'].spec.kubeConfig).toEqual({ secretRef: { name: 'eu-west-kubeconfig', key: 'value' } });
    expect(byName['control-plane'].spec.kubeConfig).toBeUndefined();
    expect(byName['data-plane-us-east'].spec.kubeConfig).toBeUndefined();
    expect(JSON.stringify(delivery(out))).not.toMatch(/"kind":"Secret"/);
  });

  test('source, path, prune and wait', () => {
    expect(byName['data-plane-eu-west'].metadata.namespace).toBe('flux-system');
    expect(byName['data-plane-eu-west'].spec).toEqual(expect.objectContaining({ interval: '10m', sourceRef: { kind: 'GitRepository', name: 'platform' }, path: './dist/data-plane-eu-west', prune: true, wait: true }));
  });

  test('no Argo CD sync waves in the cluster folders', () => {
    for (const [folder, objects] of Object.entries(out)) {
      if (folder !== 'control-plane/delivery') for (const obj of objects) expect(obj.metadata.annotations?.[SYNC_WAVE_ANNOTATION]).toBeUndefined();
    }
  });
});

test('the delivery folders of the example', () => {
  expect({ argoCd: delivery(synthPlatform(buildArgoCdPlatform().app)), flux: delivery(synthPlatform(buildFluxPlatform().app)) }).toMatchSnapshot();
});
