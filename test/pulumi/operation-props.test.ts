import type * as k8sTypes from '@pulumi/kubernetes';
import { recordRegistrations, refusal, settled } from './mocks';
import { CrdSource } from '../../lib';

let k8s: typeof k8sTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  recordRegistrations();
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
});

/** Args as plain JavaScript passes them: unchecked by the compiler. */
const js = (args: unknown): any => args;

const crds = CrdSource.none();

/** A program with a valid cluster that has Medusa storage, and one unrelated problem: a data plane without zones. */
function program(delivery?: 'static') {
  const registrations = recordRegistrations();
  const controlPlane = new lib.ControlPlane('cp', { region: 'us-east-1', provider: new k8s.Provider('cp', { kubeconfig: 'cp' }), crds, defaultDelivery: js(delivery) });
  const usEast = new lib.DataPlane('us-east', { controlPlane, provider: new k8s.Provider('us', { kubeconfig: 'us' }), name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], crds });
  const euWest = new lib.DataPlane('eu-west', { controlPlane, provider: new k8s.Provider('eu', { kubeconfig: 'eu' }), name: 'eu-west', region: 'eu-west-1', zones: [], crds });
  const cluster = new lib.CassandraCluster('orders', {
    controlPlane,
    serverVersion: '4.1.8',
    storage: { storageClassName: 'gp3', size: '10Gi' },
    medusa: { storageProvider: 's3', bucketName: 'backups' },
    datacenters: [{ name: 'dc1', dataPlane: usEast, size: 3 }],
  });
  return { registrations, cluster, components: [controlPlane, usEast, euWest, cluster] };
}

const NO_ZONES = { path: 'eu-west/zones', message: 'no zones given', fix: "list the cluster's availability zones, e.g. ['us-east-1a', 'us-east-1b', 'us-east-1c']" };

describe.each([['reconciled', undefined], ['static', 'static' as const]])('%s delivery', (_, delivery) => {
  test('operations without their required props are refused with the program, not with a TypeError', async () => {
    const { registrations, cluster, components } = program(delivery);
    const operations = [
      new lib.CassandraTask('no-command', js({ cluster, datacenter: 'dc1' })),
      new lib.K8ssandraTask('command-as-text', js({ cluster, command: 'cleanup', datacenters: 'dc1' })),
      new lib.BackupSchedule('no-cron', js({ cluster })),
      new lib.Restore('no-props', js({ cluster })),
    ];
    const error = await refusal(...components, ...operations);
    expect(error.problems).toEqual([
      NO_ZONES,
      { path: 'no-command/command', message: 'command is required but missing (undefined)', fix: "give the command and its arguments, e.g. { command: 'cleanup', keyspace: 'orders' }" },
      { path: 'command-as-text/command', message: 'command must be an object, not "cleanup"', fix: "give the command and its arguments, e.g. { command: 'cleanup', keyspace: 'orders' }" },
      { path: 'command-as-text/datacenters', message: 'datacenters must be a list, not "dc1"', fix: "list datacenter names, e.g. ['dc1'], or leave datacenters unset for every datacenter" },
      { path: 'no-cron/cronSchedule', message: 'cronSchedule is required but missing (undefined)', fix: "set a five-field cron expression, e.g. '0 2 * * *' for 02:00 every day, or '@daily'" },
      { path: 'no-props/datacenter', message: 'datacenter is required but missing (undefined)', fix: "name the datacenter to restore, e.g. 'dc1'" },
      { path: 'no-props/backup', message: 'backup is required but missing (undefined)', fix: "name the MedusaBackup to restore; a Backup's are named `<its name>-<dc>`, e.g. 'orders-nightly-dc1'" },
    ]);
    await settled();
    expect(registrations.filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes')).toEqual([]);
  });
});

test('an operation without args, or with a cdk8s cluster, reports the cluster and its other props together', async () => {
  const { components } = program();
  const cdk8sLike = { spec: { name: 'orders' }, node: {} };
  const operations = [new lib.Backup('no-args', js(undefined)), new lib.CassandraTask('cdk8s-cluster', js({ cluster: cdk8sLike, command: { command: 'flush', tables: 't' } }))];
  const error = await refusal(...components, ...operations);
  const fix = 'pass the CassandraCluster component (mission-control-constructs/pulumi) the operation acts on';
  expect(error.problems).toEqual([
    NO_ZONES,
    { path: 'no-args/cluster', message: 'cluster is required but missing (undefined)', fix },
    { path: 'cdk8s-cluster/cluster', message: 'cluster must be a CassandraCluster component, not a plain object', fix },
    { path: 'cdk8s-cluster/datacenter', message: 'datacenter is required but missing (undefined)', fix: "name the datacenter the task runs in, e.g. 'dc1'" },
    { path: 'cdk8s-cluster/command/tables', message: 'tables must be a list, not "t"', fix: "list tables of the keyspace, e.g. ['orders_by_day'], or leave tables unset for every table" },
  ]);
});
