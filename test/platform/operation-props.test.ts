import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backup, BackupSchedule, CassandraCluster, CassandraTask, ControlPlane, DataPlane, Delivery, K8ssandraTask, MissionControlApp, Restore, ValidationError } from '../../lib';

/** Props as plain JavaScript passes them: unchecked by the compiler. */
const js = (props: unknown): any => props;

let tmp: string;
beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'mcc-operation-props-'))));
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A valid cluster with Medusa storage, and one unrelated problem: a data plane region with a typo. */
function platform(delivery: Delivery) {
  const app = new MissionControlApp({ outdir: join(tmp, 'dist') });
  const cp = new ControlPlane(app, 'cp', { region: 'us-east-1', defaultDelivery: delivery });
  const dp = new DataPlane(app, 'us-east', { controlPlane: cp, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true });
  new DataPlane(app, 'eu-west', { controlPlane: cp, name: 'eu-west', region: 'eu-wset-1', zones: ['eu-wset-1a'] });
  const cluster = new CassandraCluster(cp, 'orders', {
    serverVersion: '4.1.8',
    storage: { storageClassName: 'gp3', size: '10Gi' },
    medusa: { storageProvider: 's3', bucketName: 'backups' },
    datacenters: [{ name: 'dc1', dataPlane: dp, size: 3 }],
  });
  return { app, cluster };
}

/** The problems synthesis fails with; it must not have created the output folder. */
function synthProblems(app: MissionControlApp) {
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect(existsSync(app.outdir)).toBe(false);
  return (error as ValidationError).problems;
}

const TYPO = {
  path: 'eu-west/region',
  message: 'region "eu-wset-1" is not a known cloud region; did you mean "eu-west-1"?',
  fix: 'correct the region, or set allowUnlistedRegion: true if "eu-wset-1" is a region missing from this library\'s table',
};

describe.each([Delivery.RECONCILED, Delivery.STATIC])('%s delivery', (delivery) => {
  test('operations without their required props are problems, reported with the others, not a TypeError', () => {
    const { app, cluster } = platform(delivery);
    new CassandraTask(cluster, 'no-props', js(undefined));
    new K8ssandraTask(cluster, 'no-command', js({ datacenters: ['dc1'] }));
    new BackupSchedule(cluster, 'no-cron', js({}));
    new Restore(cluster, 'no-backup', js({ datacenter: 'dc1' }));
    expect(synthProblems(app)).toEqual([
      TYPO,
      { path: 'cp/orders/no-props/command', message: 'command is required but missing (undefined)', fix: "give the command and its arguments, e.g. { command: 'cleanup', keyspace: 'orders' }" },
      { path: 'cp/orders/no-props/datacenter', message: 'datacenter is required but missing (undefined)', fix: "name the datacenter the task runs in, e.g. 'dc1'" },
      { path: 'cp/orders/no-command/command', message: 'command is required but missing (undefined)', fix: "give the command and its arguments, e.g. { command: 'cleanup', keyspace: 'orders' }" },
      { path: 'cp/orders/no-cron/cronSchedule', message: 'cronSchedule is required but missing (undefined)', fix: "set a five-field cron expression, e.g. '0 2 * * *' for 02:00 every day, or '@daily'" },
      { path: 'cp/orders/no-backup/backup', message: 'backup is required but missing (undefined)', fix: "name the MedusaBackup to restore; a Backup's are named `<its name>-<dc>`, e.g. 'orders-nightly-dc1'" },
    ]);
  });

  test('props of the wrong kind are problems, not read character by character', () => {
    const { app, cluster } = platform(delivery);
    new CassandraTask(cluster, 'command-as-text', js({ datacenter: ['dc1'], command: 'cleanup' }));
    new K8ssandraTask(cluster, 'tables-as-text', js({ datacenters: 'dc1', command: { command: 'cleanup', keyspace: 'orders', tables: 'orders_by_day' }, dcConcurrencyPolicy: 'Sometimes' }));
    new BackupSchedule(cluster, 'flags', js({ cronSchedule: '@daily', disabled: 'no', backupType: 'incremental' }));
    new Backup(cluster, 'backup', js({ datacenters: 'dc1', name: 7 }));
    expect(synthProblems(app)).toEqual([
      TYPO,
      { path: 'cp/orders/command-as-text/command', message: 'command must be an object, not "cleanup"', fix: "give the command and its arguments, e.g. { command: 'cleanup', keyspace: 'orders' }" },
      { path: 'cp/orders/command-as-text/datacenter', message: 'datacenter must be a string, not ["dc1"]', fix: "name the datacenter the task runs in, e.g. 'dc1'" },
      { path: 'cp/orders/tables-as-text/datacenters', message: 'datacenters must be a list, not "dc1"', fix: "list datacenter names, e.g. ['dc1'], or leave datacenters unset for every datacenter" },
      { path: 'cp/orders/tables-as-text/command/tables', message: 'tables must be a list, not "orders_by_day"', fix: "list tables of the keyspace, e.g. ['orders_by_day'], or leave tables unset for every table" },
      { path: 'cp/orders/tables-as-text/dcConcurrencyPolicy', message: 'dcConcurrencyPolicy "Sometimes" is not one of Forbid, Allow', fix: "use 'Forbid' (one datacenter at a time) or 'Allow' (all at once)" },
      { path: 'cp/orders/flags/disabled', message: 'disabled must be true or false, not "no"', fix: 'set disabled to true or false, or leave it unset' },
      { path: 'cp/orders/flags/backupType', message: 'backupType "incremental" is not one of differential, full', fix: "use 'differential' (changed files only) or 'full'" },
      { path: 'cp/orders/backup/name', message: 'name must be a string, not 7', fix: "set name to a Kubernetes object name, e.g. 'nightly', or leave it unset for `<cluster name>-<id>`" },
      { path: 'cp/orders/backup/datacenters', message: 'datacenters must be a list, not "dc1"', fix: "list datacenter names, e.g. ['dc1'], or leave datacenters unset for every datacenter" },
    ]);
  });
});

test('a Backup given null for its props takes the defaults', () => {
  const { app, cluster } = platform(Delivery.STATIC);
  const backup = new Backup(cluster, 'adhoc', js(null));
  expect(backup.spec).toMatchObject({ name: 'orders-adhoc', datacenters: [], backupType: 'differential' });
  expect(synthProblems(app)).toEqual([TYPO]);
});
