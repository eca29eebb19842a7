import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { richPlatform } from './rich-platform';
import { BackupSchedule, CassandraCluster, CassandraTask, ControlPlane, CrdSource, DataPlane, Delivery, K8ssandraTask, MissionControlApp, synthPlatform, ValidationError, type KubeObject } from '../../lib';

function platform(defaultDelivery?: Delivery, outdir = '/tmp/unused') {
  const app = new MissionControlApp({ outdir });
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', defaultDelivery });
  const usEast = new DataPlane(app, 'us-east', { controlPlane, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], crds: CrdSource.none() });
  const euWest = new DataPlane(app, 'eu-west', { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], crds: CrdSource.none() });
  return { app, controlPlane, usEast, euWest };
}

const kinds = (objects: KubeObject[] | undefined, ...wanted: string[]) => (objects ?? []).filter((o) => wanted.includes(o.kind)).map((o) => `${o.kind}/${o.metadata.name}`);
const CLUSTER_KINDS = ['MissionControlCluster', 'MissionControlTask', 'K8ssandraCluster', 'CassandraTask', 'K8ssandraTask', 'MedusaBackupSchedule', 'MedusaConfiguration'];

function twoRegionCluster(p: ReturnType<typeof platform>, delivery?: Delivery) {
  const c = new CassandraCluster(p.controlPlane, 'orders', {
    delivery,
    serverVersion: '4.1.8',
    superuserSecretRef: { name: 'orders-superuser' },
    storage: { storageClassName: 'gp3', size: '10Gi' },
    medusa: { storageProvider: 's3', bucketName: 'b', prefix: 'orders' },
    datacenters: [{ name: 'dc1', dataPlane: p.usEast, size: 3 }],
  });
  new K8ssandraTask(c, 'cleanup', { command: { command: 'cleanup' } });
  new BackupSchedule(c, 'nightly', { cronSchedule: '@daily' });
  c.addDatacenter({ name: 'dc2', dataPlane: p.euWest, size: 3 });
  return c;
}

test('reconciled: one MissionControlCluster and MissionControlTask in the control plane; schedules in the data planes', () => {
  const p = platform();
  twoRegionCluster(p);
  const out = synthPlatform(p.app);
  expect(kinds(out['control-plane'], ...CLUSTER_KINDS)).toEqual(['MissionControlCluster/orders', 'MissionControlTask/orders-cleanup']);
  expect(kinds(out['data-plane-us-east'], ...CLUSTER_KINDS)).toEqual(['MedusaBackupSchedule/orders-nightly-dc1']);
  expect(kinds(out['data-plane-eu-west'], ...CLUSTER_KINDS)).toEqual(['MedusaBackupSchedule/orders-nightly-dc2']);
});

test('static: the K8ssandraCluster and the K8ssandraTask in the control plane, schedules next to their DCs; addDatacenter re-places what was declared before', () => {
  const p = platform();
  twoRegionCluster(p, Delivery.STATIC);
  const out = synthPlatform(p.app);
  expect(kinds(out['control-plane'], ...CLUSTER_KINDS)).toEqual(['K8ssandraCluster/orders', 'K8ssandraTask/orders-cleanup']);
  expect(kinds(out['data-plane-us-east'], ...CLUSTER_KINDS)).toEqual(['MedusaBackupSchedule/orders-nightly-dc1']);
  expect(kinds(out['data-plane-eu-west'], ...CLUSTER_KINDS)).toEqual(['MedusaBackupSchedule/orders-nightly-dc2']);
  const kc = out['control-plane'].find((o) => o.kind === 'K8ssandraCluster') as any;
  expect(kc.metadata.namespace).toBe('k8ssandra-operator');
  expect(kc.spec.cassandra.datacenters.map((d: any) => [d.metadata.name, d.k8sContext])).toEqual([['dc1', 'us-east'], ['dc2', 'eu-west']]);
  expect(kc.spec).not.toHaveProperty('externalDatacenters');
  const task = out['control-plane'].find((o) => o.kind === 'K8ssandraTask') as any;
  expect(task.metadata.namespace).toBe('k8ssandra-operator');
  expect(task.spec).toMatchObject({ cluster: { name: 'orders', namespace: 'k8ssandra-operator' }, datacenters: ['dc1', 'dc2'] });
});

test("the control plane's defaultDelivery applies to clusters that do not choose", () => {
  const p = platform(Delivery.STATIC);
  const c = twoRegionCluster(p);
  expect(c.spec.delivery).toBe(Delivery.STATIC);
  expect(kinds(synthPlatform(p.app)['control-plane'], 'MissionControlCluster')).toEqual([]);
});

test('tasks keep ttlSecondsAfterFinished 0 and exactly one job in GitOps output', () => {
  const p = platform();
  const c = new CassandraCluster(p.controlPlane, 'shop', { delivery: Delivery.STATIC, serverVersion: '5.0.4', storage: { storageClassName: 'gp3', size: '10Gi' }, datacenters: [{ name: 'dc1', dataPlane: p.usEast, size: 3 }] });
  new CassandraTask(c, 'restart', { command: { command: 'restart', rack: '1b' }, datacenter: 'dc1' });
  const task = synthPlatform(p.app)['data-plane-us-east'].find((o) => o.kind === 'CassandraTask') as any;
  expect(task.metadata.name).toBe('shop-restart');
  expect(task.spec).toEqual({ datacenter: { name: 'dc1', namespace: 'k8ssandra-operator' }, jobs: [{ name: 'restart', command: 'restart', args: { rack: '1b' } }], ttlSecondsAfterFinished: 0 });
});

test('the app collects the problems of clusters and operations before writing anything', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'mcc-topology-')), 'out');
  const p = platform(undefined, outdir);
  const c = new CassandraCluster(p.controlPlane, 'bad', { serverVersion: '4.1', datacenters: [{ name: 'dc1', dataPlane: p.usEast, size: 4 }] });
  new BackupSchedule(c, 'nightly', { cronSchedule: 'every night' });
  let error: unknown;
  try {
    p.app.synth();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  const messages = (error as ValidationError).problems.map((x) => x.message);
  expect(messages).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/serverVersion "4.1" is not of the form/),
      expect.stringMatching(/size 4 is not a multiple of the 3 racks/),
      expect.stringMatching(/has no storage/),
      expect.stringMatching(/has no Medusa storage/),
      expect.stringMatching(/cronSchedule "every night" has 2 fields/),
    ]),
  );
  expect(existsSync(outdir)).toBe(false);
});

test('a shared MedusaConfiguration is written once, beside the K8ssandraClusters in the control plane, and conflicting settings are reported', () => {
  const { app } = richPlatform();
  const out = synthPlatform(app);
  expect(out['control-plane'].filter((o) => o.kind === 'MedusaConfiguration').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['k8ssandra-operator/shared-backups']);
  expect(kinds(out['data-plane-us-east'], 'MedusaConfiguration')).toEqual([]);
  expect(kinds(out['data-plane-eu-west'], 'MedusaConfiguration')).toEqual([]);

  const p = platform();
  const make = (name: string, bucketName: string) =>
    new CassandraCluster(p.controlPlane, name, { serverVersion: '4.1.8', storage: { storageClassName: 'gp3', size: '1Gi' }, medusa: { storageProvider: 's3', bucketName, prefix: name, sharedConfiguration: 'shared' }, datacenters: [{ name: `${name}-dc`, dataPlane: p.usEast, size: 3 }] });
  make('one', 'bucket-a');
  make('two', 'bucket-b');
  expect(p.app.validatePlatform().map((x) => x.message)).toEqual([
    expect.stringMatching(/MedusaConfiguration "shared" is also declared by control-plane\/two with different storage settings/),
    expect.stringMatching(/MedusaConfiguration "shared" is also declared by control-plane\/one with different storage settings/),
  ]);
});

test('a cluster outside a ControlPlane is refused', () => {
  const p = platform();
  new CassandraCluster(p.usEast as never, 'x', { serverVersion: '4.1.8', datacenters: [] });
  expect(p.app.validatePlatform()).toContainEqual({
    path: 'us-east/x',
    message: 'the scope of a CassandraCluster must be a ControlPlane, not "us-east" (a DataPlane)',
    fix: 'create it as new CassandraCluster(controlPlane, "x", props)',
  });
});

test('synthesis is deterministic', () => {
  expect(JSON.stringify(synthPlatform(richPlatform().app))).toBe(JSON.stringify(synthPlatform(richPlatform().app)));
});
