import { richPlatform } from './rich-platform';
import { CassandraCluster, ControlPlane, CrdSource, DataPlane, Delivery, MissionControlApp, OperatorScope, synthPlatform, type KubeObject } from '../../lib';
import { controlPlaneAccessRules } from '../../lib/core/manifests/control-plane-access';

type Folders = Record<string, KubeObject[]>;

type EnvVar = { name: string; value?: string };
const env = (deployment: KubeObject, name: string) => ((deployment.spec as any).template.spec.containers[0].env as EnvVar[]).find((e) => e.name === name)?.value;
const isK8ssandraOperator = (o: KubeObject) => o.kind === 'Deployment' && o.metadata.name === 'k8ssandra-operator';
const k8ssandraOperators = (out: Folders) =>
  Object.entries(out).flatMap(([folder, objects]) => objects.filter(isK8ssandraOperator).map((o) => ({ folder, mode: env(o, 'K8SSANDRA_CONTROL_PLANE') })));

/** A control-plane cluster hosting no DCs, and three remote data planes. */
function dedicatedControlPlane() {
  const app = new MissionControlApp({ outdir: '/tmp/unused' });
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', crds: CrdSource.none() });
  const planes = ['us-east', 'eu-west', 'ap-south'].map((name, i) => new DataPlane(app, name, { controlPlane, name, region: `region-${i}`, zones: [`region-${i}a`], crds: CrdSource.none() }));
  new CassandraCluster(controlPlane, 'orders', {
    delivery: Delivery.STATIC,
    serverVersion: '4.1.8',
    storage: { storageClassName: 'gp3', size: '10Gi' },
    datacenters: [
      { name: 'dc-b', dataPlane: planes[1], size: 1 },
      { name: 'dc-a', dataPlane: planes[0], size: 1 },
      { name: 'dc-c', dataPlane: planes[2], size: 1 },
    ],
  });
  return { app, planes };
}

describe('a data plane shares the control plane cluster', () => {
  const out = synthPlatform(richPlatform().app);

  test("exactly one k8ssandra-operator in control-plane mode: the shared cluster's", () => {
    expect(k8ssandraOperators(out)).toEqual([
      { folder: 'data-plane-us-east', mode: 'true' },
      { folder: 'data-plane-eu-west', mode: 'false' },
    ]);
  });

  test('one ClientConfig per remote data plane, its context name the data plane name, next to the operator', () => {
    const configs = Object.values(out).flat().filter((o) => o.kind === 'ClientConfig');
    expect(configs).toEqual([
      {
        apiVersion: 'config.k8ssandra.io/v1beta1',
        kind: 'ClientConfig',
        metadata: expect.objectContaining({ name: 'eu-west', namespace: 'k8ssandra-operator' }),
        spec: { contextName: 'eu-west', kubeConfigSecret: { name: 'eu-west-kubeconfig' } },
      },
    ]);
    expect(out['control-plane']).toContainEqual(configs[0]);
    // The kubeconfig Secret holds a credential: never synthesised.
    expect(Object.values(out).flat().filter((o) => o.kind === 'Secret' && o.metadata.name === 'eu-west-kubeconfig')).toEqual([]);
  });

  test('one K8ssandraCluster per cluster, in the control plane, DCs in declared order with their contexts', () => {
    const clusters = Object.entries(out).flatMap(([folder, objects]) => objects.filter((o) => o.kind === 'K8ssandraCluster').map((o) => [folder, o] as const));
    expect(clusters.map(([folder, o]) => `${folder}:${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['control-plane:k8ssandra-operator/shop']);
    const dcs = (clusters[0][1].spec as any).cassandra.datacenters.map((d: any) => [d.metadata.name, d.k8sContext ?? '']);
    expect(dcs).toEqual([['dc1', ''], ['dc2', ''], ['dc3', 'eu-west']]);
  });

  test("CassandraTasks, Medusa schedules, backups and restores land in the DC's data-plane folder; the K8ssandraTask in the control plane", () => {
    const where = (kind: string) => [...new Set(Object.entries(out).filter(([, objects]) => objects.some((o) => o.kind === kind && o.metadata.labels?.['k8ssandra.io/cluster-name'] === 'shop')).map(([folder]) => folder))];
    expect(where('CassandraTask')).toEqual(['data-plane-eu-west']);
    expect(where('MedusaBackupSchedule')).toEqual(['data-plane-us-east', 'data-plane-eu-west']);
    expect(where('MedusaBackupJob')).toEqual(['data-plane-us-east', 'data-plane-eu-west']);
    expect(where('MedusaRestoreJob')).toEqual(['data-plane-eu-west']);
    expect(where('K8ssandraTask')).toEqual(['control-plane']);
    const restore = out['data-plane-eu-west'].find((o) => o.kind === 'MedusaRestoreJob')!;
    expect(restore.metadata.namespace).toBe('k8ssandra-operator');
    expect((restore.spec as any).cassandraDatacenter).toBe('dc3');
  });

  test('no K8ssandraCluster in any data-plane folder, and the control plane may write the one it places', () => {
    for (const [folder, objects] of Object.entries(out)) if (folder !== 'control-plane') expect(objects.filter((o) => o.kind === 'K8ssandraCluster')).toEqual([]);
    const role = out['control-plane'].find((o) => o.kind === 'Role' && o.metadata.name === 'mission-control-operator-k8ssandra')!;
    expect(role.metadata.namespace).toBe('k8ssandra-operator');
    expect(role.rules).toEqual([{ apiGroups: ['k8ssandra.io'], resources: ['k8ssandraclusters'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'] }]);
  });
});

describe('a control-plane cluster hosting no DCs', () => {
  const { app } = dedicatedControlPlane();
  const out = synthPlatform(app);

  test('the control plane installs the one control-plane-mode k8ssandra-operator, without cass-operator', () => {
    expect(k8ssandraOperators(out)).toEqual([
      { folder: 'control-plane', mode: 'true' },
      { folder: 'data-plane-us-east', mode: 'false' },
      { folder: 'data-plane-eu-west', mode: 'false' },
      { folder: 'data-plane-ap-south', mode: 'false' },
    ]);
    expect(out['control-plane'].filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['mission-control-operator', 'k8ssandra-operator']);
    expect(out['control-plane']).toContainEqual(expect.objectContaining({ kind: 'ConfigMap', metadata: expect.objectContaining({ name: 'image-config', namespace: 'k8ssandra-operator' }) }));
  });

  test('one ClientConfig per data plane, in declaration order', () => {
    expect(out['control-plane'].filter((o) => o.kind === 'ClientConfig').map((o) => [o.metadata.name, (o.spec as any).contextName])).toEqual([['us-east', 'us-east'], ['eu-west', 'eu-west'], ['ap-south', 'ap-south']]);
  });

  test('DCs in declared order, not data-plane order', () => {
    const kc = out['control-plane'].find((o) => o.kind === 'K8ssandraCluster')!;
    expect((kc.spec as any).cassandra.datacenters.map((d: any) => `${d.metadata.name}@${d.k8sContext}`)).toEqual(['dc-b@eu-west', 'dc-a@us-east', 'dc-c@ap-south']);
  });

  test('the upstream CRDs go to the control-plane folder too', () => {
    const app2 = new MissionControlApp({ outdir: '/tmp/unused' });
    const cp = new ControlPlane(app2, 'control-plane', { region: 'us-east-1' });
    expect(cp.crdFiles().remoteResources.length).toBeGreaterThan(0);
    new DataPlane(app2, 'local', { controlPlane: cp, name: 'local', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, crds: CrdSource.none() });
    expect(cp.crdFiles().remoteResources).toEqual([]);
  });
});

describe('the wiring validation', () => {
  test('remote data planes must use the control-plane k8ssandra-operator namespace, which watches only itself', () => {
    const app = new MissionControlApp({ outdir: '/tmp/unused' });
    const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1' });
    new DataPlane(app, 'local', { controlPlane, name: 'local', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, scope: OperatorScope.CLUSTER, crds: CrdSource.none() });
    new DataPlane(app, 'remote', { controlPlane, name: 'remote', region: 'eu-west-1', zones: ['eu-west-1a'], namespace: 'cassandra', crds: CrdSource.none() });
    expect(app.validatePlatform().map((p) => `[${p.path}] ${p.message}`)).toEqual([
      expect.stringMatching(/^\[local\/watchNamespaces\] the control-plane k8ssandra-operator watches all namespaces/),
      expect.stringMatching(/^\[remote\/namespace\] namespace "cassandra" differs from the control-plane k8ssandra-operator's namespace "k8ssandra-operator"/),
    ]);
  });
});

describe("the data-plane identity's Role", () => {
  // Derived from upstream's remote calls; see the comment on controlPlaneAccessRules.
  const EXPECTED: Array<[group: string, resources: string[], verbs: string[]]> = [
    ['', ['configmaps'], ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']],
    ['', ['endpoints'], ['delete', 'get', 'list', 'watch']],
    ['', ['pods'], ['get', 'list', 'watch']],
    ['', ['secrets'], ['create', 'delete', 'get', 'list', 'update', 'watch']],
    ['', ['services'], ['delete', 'get', 'list', 'watch']],
    ['apps', ['deployments'], ['delete', 'get', 'list', 'watch']],
    ['batch', ['cronjobs'], ['delete', 'get', 'list', 'watch']],
    ['cassandra.datastax.com', ['cassandradatacenters'], ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']],
    ['control.k8ssandra.io', ['cassandratasks'], ['create', 'delete', 'get', 'list', 'patch', 'watch']],
    ['discovery.k8s.io', ['endpointslices'], ['create', 'delete', 'get', 'list', 'update', 'watch']],
    ['medusa.k8ssandra.io', ['medusabackupjobs', 'medusarestorejobs'], ['create', 'delete', 'list', 'patch', 'watch']],
    ['medusa.k8ssandra.io', ['medusabackups'], ['get', 'list', 'watch']],
    ['medusa.k8ssandra.io', ['medusabackupschedules'], ['create', 'delete', 'get', 'list', 'update', 'watch']],
    ['monitoring.coreos.com', ['servicemonitors'], ['create', 'delete', 'get', 'list', 'update', 'watch']],
    ['reaper.k8ssandra.io', ['reapers'], ['create', 'delete', 'get', 'list', 'update', 'watch']],
    ['stargate.k8ssandra.io', ['stargates'], ['create', 'delete', 'get', 'list', 'update', 'watch']],
  ];

  test('has exactly the rules derived from upstream, no wildcards, nothing on K8ssandraClusters', () => {
    expect(controlPlaneAccessRules().map((r) => [r.apiGroups[0], r.resources, r.verbs])).toEqual(EXPECTED);
    const all = JSON.stringify(controlPlaneAccessRules());
    expect(all).not.toContain('*');
    expect(all).not.toContain('k8ssandraclusters');
  });

  test('is a Role in the data plane namespace, bound to the access ServiceAccount', () => {
    const out = synthPlatform(richPlatform().app);
    const role = out['data-plane-eu-west'].find((o) => o.kind === 'Role' && o.metadata.name === 'mission-control-access')!;
    expect(role.metadata.namespace).toBe('k8ssandra-operator');
    expect(role.rules).toEqual(controlPlaneAccessRules());
  });
});
