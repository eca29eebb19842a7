import { cluster } from './fixtures';
import { cronProblem } from '../../lib/core/topology/cron';
import { TaskScope, type TaskCommand, type TaskSpec } from '../../lib/core/topology/operations';
import { validateBackup, validateBackupSchedule, validateRestore, validateTask } from '../../lib/core/topology/validate-operations';

const withMedusa = cluster({ medusa: { storageProvider: 's3', bucketName: 'b' } });
const task = (command: TaskCommand, extra: Partial<TaskSpec> = {}): TaskSpec => ({
  path: 'app/cp/orders/task',
  name: 'orders-task',
  cluster: 'orders',
  scope: TaskScope.DATACENTER,
  datacenters: ['dc1'],
  command,
  ttlSecondsAfterFinished: 0,
  dcConcurrencyPolicy: 'Forbid',
  ...extra,
});
const taskMessages = (t: TaskSpec) => validateTask(t, withMedusa).map((p) => `[${p.path}] ${p.message}`);

describe('tasks', () => {
  test('valid tasks pass', () => {
    expect(taskMessages(task({ command: 'restart' }))).toEqual([]);
    expect(taskMessages(task({ command: 'rebuild', sourceDatacenter: 'dc3' }))).toEqual([]);
    expect(taskMessages(task({ command: 'cleanup', keyspace: 'ks', tables: ['t'] }, { scope: TaskScope.CLUSTER, datacenters: [] }))).toEqual([]);
  });

  test('rebuild needs a sourceDatacenter of the cluster, not itself', () => {
    expect(taskMessages(task({ command: 'rebuild', sourceDatacenter: '' }))).toEqual([expect.stringMatching(/command\/sourceDatacenter\] rebuild needs a sourceDatacenter/)]);
    expect(taskMessages(task({ command: 'rebuild', sourceDatacenter: 'dc9' }))).toEqual([expect.stringMatching(/sourceDatacenter "dc9" is not a datacenter of cluster "orders"/)]);
    expect(taskMessages(task({ command: 'rebuild', sourceDatacenter: 'dc1' }))).toEqual([expect.stringMatching(/datacenter "dc1" cannot rebuild from itself/)]);
  });

  test('replacenode needs a podName', () => {
    expect(taskMessages(task({ command: 'replacenode', podName: '' }))).toEqual([expect.stringMatching(/command\/podName\] replacenode needs the podName/)]);
  });

  test('move needs newTokens', () => {
    expect(taskMessages(task({ command: 'move', newTokens: {} }))).toEqual([expect.stringMatching(/move needs newTokens/)]);
  });

  test('compact needs both token ends or neither', () => {
    expect(taskMessages(task({ command: 'compact', startToken: '0' }))).toEqual([expect.stringMatching(/compact needs both startToken and endToken/)]);
  });

  test('tables need a keyspace', () => {
    expect(taskMessages(task({ command: 'flush', tables: ['t1'] }))).toEqual([expect.stringMatching(/flush names tables \["t1"\] without a keyspace/)]);
  });

  test('jobs is a positive whole number', () => {
    expect(taskMessages(task({ command: 'garbagecollect', jobs: 0 }))).toEqual([expect.stringMatching(/jobs 0 is not a whole number >= 1/)]);
  });

  test('unknown commands are rejected', () => {
    expect(taskMessages(task({ command: 'tsreload' } as never))).toEqual([expect.stringMatching(/command "tsreload" is not supported/)]);
  });

  test('a CassandraTask targets exactly one existing DC', () => {
    expect(taskMessages(task({ command: 'restart' }, { datacenters: ['dc1', 'dc2'] }))).toEqual([expect.stringMatching(/a CassandraTask runs in exactly one datacenter, got 2/)]);
    expect(taskMessages(task({ command: 'restart' }, { datacenters: ['dc7'] }))).toEqual([expect.stringMatching(/task\/datacenter\] datacenter "dc7" is not a datacenter of cluster "orders"/)]);
  });

  test('ttlSecondsAfterFinished is a whole number >= 0', () => {
    expect(taskMessages(task({ command: 'restart' }, { ttlSecondsAfterFinished: -1 }))).toEqual([expect.stringMatching(/ttlSecondsAfterFinished -1 is not a whole number >= 0/)]);
  });

  test('object names are Kubernetes names', () => {
    expect(taskMessages(task({ command: 'restart' }, { name: 'Restart_All' }))).toEqual([expect.stringMatching(/object name "Restart_All" is not a valid Kubernetes name/)]);
  });
});

describe('backups', () => {
  const schedule = { path: 'app/cp/orders/nightly', name: 'nightly', cluster: 'orders', datacenters: [], cronSchedule: '0 2 * * *', backupType: 'differential' as const, disabled: false };

  test('a valid schedule passes', () => {
    expect(validateBackupSchedule(schedule, withMedusa)).toEqual([]);
  });

  test('schedules need a 5-field cron expression', () => {
    expect(validateBackupSchedule({ ...schedule, cronSchedule: '0 2 * *' }, withMedusa).map((p) => p.message)).toEqual(['cronSchedule "0 2 * *" has 4 fields, expected 5 (minute hour day-of-month month day-of-week)']);
    expect(validateBackupSchedule({ ...schedule, cronSchedule: '0 25 * * *' }, withMedusa).map((p) => p.message)).toEqual(['cronSchedule "0 25 * * *" hour field "25": out of range 0-23']);
  });

  test('backups need Medusa on the cluster', () => {
    expect(validateBackupSchedule(schedule, cluster()).map((p) => p.message)).toEqual(['cluster "orders" has no Medusa storage, so nothing can run the backups']);
    expect(validateBackup({ path: 'b', name: 'b', cluster: 'orders', datacenters: [], backupType: 'full' }, cluster()).map((p) => p.message)).toEqual(['cluster "orders" has no Medusa storage']);
  });

  test('backups target DCs of the cluster', () => {
    expect(validateBackup({ path: 'b', name: 'b', cluster: 'orders', datacenters: ['dc9'], backupType: 'full' }, withMedusa).map((p) => p.message)).toEqual([expect.stringMatching(/datacenter "dc9" is not a datacenter of cluster "orders"/)]);
  });

  test('per-DC object names stay within 63 characters', () => {
    expect(validateBackupSchedule({ ...schedule, name: 'n'.repeat(61) }, withMedusa).map((p) => p.message)).toEqual([expect.stringMatching(/is longer than 63 characters/), expect.stringMatching(/is longer than 63 characters/), expect.stringMatching(/is longer than 63 characters/)]);
  });

  test('a restore names a backup and a DC of the cluster', () => {
    expect(validateRestore({ path: 'r', name: 'r', cluster: 'orders', datacenter: 'dc1', backup: '' }, withMedusa).map((p) => p.message)).toEqual(['restore needs the name of a MedusaBackup']);
    expect(validateRestore({ path: 'r', name: 'r', cluster: 'orders', datacenter: 'dcX', backup: 'b' }, withMedusa).map((p) => p.path)).toEqual(['r/datacenter']);
  });
});

describe('cron', () => {
  test.each(['0 2 * * *', '*/15 * * * *', '0 0 1,15 * MON-FRI', '0 3 * JAN-MAR sun', '@daily', '@every 6h', 'CRON_TZ=Europe/Paris 0 2 * * *', '5-10/2 0-23 ? * *'])('accepts %s', (expr) => {
    expect(cronProblem(expr)).toBeUndefined();
  });
  test.each([
    ['60 * * * *', /minute field "60": out of range 0-59/],
    ['* * 0 * *', /day-of-month field "0": out of range 1-31/],
    ['* * * 13 *', /month field "13": out of range 1-12/],
    ['* * * * 7', /day-of-week field "7": out of range 0-6/],
    ['*/0 * * * *', /step "0" is not a positive number/],
    ['5-1 * * * *', /range start 5 is after its end 1/],
    ['@fortnightly', /unknown descriptor/],
    ['0 0 0 * * *', /has 6 fields/],
  ])('rejects %s', (expr, pattern) => {
    expect(cronProblem(expr)).toMatch(pattern);
  });
});
