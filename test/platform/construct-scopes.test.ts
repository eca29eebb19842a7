import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart } from 'cdk8s';
import { Backup, CassandraCluster, CassandraTask, ControlPlane, DataPlane, MissionControlApp, Restore, ValidationError } from '../../lib';

/** Scopes as plain JavaScript passes them: unchecked by the compiler. */
const js = (value: unknown): any => value;

let tmp: string;
beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'mcc-construct-scopes-'))));
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function platform() {
  const app = new MissionControlApp({ outdir: join(tmp, 'dist') });
  const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
  const dp = new DataPlane(app, 'us-east', { controlPlane: cp, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true });
  return { app, cp, dp };
}

const props = (dp: DataPlane) => ({ serverVersion: '4.1.8', storage: { storageClassName: 'gp3', size: '10Gi' }, datacenters: [{ name: 'dc1', dataPlane: dp, size: 3 }] });

function thrown(run: () => unknown): ValidationError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

test('a cluster in a data plane is a problem reported with the others; nothing is written', () => {
  const { app, dp } = platform();
  const cluster = new CassandraCluster(js(dp), 'orders', js({ ...props(dp), serverVersion: undefined }));
  new Backup(cluster, 'adhoc');
  const error = thrown(() => app.synth());
  expect(error.problems).toEqual([
    { path: 'us-east/orders', message: 'the scope of a CassandraCluster must be a ControlPlane, not "us-east" (a DataPlane)', fix: 'create it as new CassandraCluster(controlPlane, "orders", props)' },
    { path: 'us-east/orders/serverVersion', message: 'serverVersion is required but missing (undefined)', fix: "set serverVersion, e.g. '4.1.8'" },
    { path: 'us-east/orders/adhoc', message: 'cluster "orders" has no Medusa storage', fix: 'set medusa on the cluster' },
  ]);
  expect(existsSync(app.outdir)).toBe(false);
  // Nothing was placed in the data plane for the misplaced cluster or its backup.
  expect(dp.node.findAll().filter((c) => c.node.path.startsWith('us-east/CassandraCluster-'))).toEqual([]);
});

test('a cluster in the app or in a plain chart names that scope', () => {
  const { app, dp } = platform();
  new CassandraCluster(js(app), 'in-app', props(dp));
  new CassandraCluster(js(new Chart(app, 'extra')), 'in-chart', props(dp));
  expect(app.validatePlatform().filter((p) => p.message.startsWith('the scope'))).toEqual([
    { path: 'in-app', message: 'the scope of a CassandraCluster must be a ControlPlane, not the app', fix: 'create it as new CassandraCluster(controlPlane, "in-app", props)' },
    { path: 'extra/in-chart', message: 'the scope of a CassandraCluster must be a ControlPlane, not "extra" (a Chart)', fix: 'create it as new CassandraCluster(controlPlane, "in-chart", props)' },
  ]);
});

test("a misplaced cluster's control plane is an error naming the cluster, its scope and the fix", () => {
  const { dp } = platform();
  const cluster = new CassandraCluster(js(dp), 'orders', props(dp));
  expect(() => cluster.controlPlane).toThrow(
    'Validation failed with 1 problem; the cluster has no control plane:\n  1. [us-east/orders] the scope of a CassandraCluster must be a ControlPlane, not "us-east" (a DataPlane)\n     Fix: create it as new CassandraCluster(controlPlane, "orders", props)',
  );
});

test('an operation outside a cluster is a problem, with its props', () => {
  const { app, cp } = platform();
  new CassandraTask(js(cp), 'cleanup', js({ datacenter: 'dc1' }));
  expect(thrown(() => app.synth()).problems).toEqual([
    { path: 'cp/cleanup', message: 'the scope of a CassandraTask must be a CassandraCluster, not "cp" (a ControlPlane)', fix: 'create it as new CassandraTask(cluster, "cleanup", props), with the CassandraCluster it works on' },
    { path: 'cp/cleanup/command', message: 'command is required but missing (undefined)', fix: "give the command and its arguments, e.g. { command: 'cleanup', keyspace: 'orders' }" },
  ]);
});

test('without a scope there is no app to report to: construction throws, naming the construct, the scope given and the fix', () => {
  expect(thrown(() => new CassandraCluster(js(undefined), 'orders', js({}))).message).toBe(
    'Validation failed with 1 problem; the CassandraCluster was not created:\n  1. [orders] a CassandraCluster is created in a ControlPlane, but its scope is undefined\n     Fix: create it as new CassandraCluster(controlPlane, "orders", props)',
  );
  expect(thrown(() => new Restore(js({ name: 'orders' }), 'restore', js({}))).problems).toEqual([
    { path: 'restore', message: 'a Restore is created in a CassandraCluster, but its scope is a plain object', fix: 'create it as new Restore(cluster, "restore", props), with the CassandraCluster it works on' },
  ]);
});
