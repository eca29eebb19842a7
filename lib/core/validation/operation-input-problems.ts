import { optionalProps, requiredProps, valuesOf, type RequiredProp } from './required';
import type { Problem } from '../problems';

const NAME: RequiredProp = { key: 'name', kind: 'string', fix: "set name to a Kubernetes object name, e.g. 'nightly', or leave it unset for `<cluster name>-<id>`" };
const DATACENTERS: RequiredProp = { key: 'datacenters', kind: 'list', fix: "list datacenter names, e.g. ['dc1'], or leave datacenters unset for every datacenter" };
const BACKUP_TYPE: RequiredProp = { key: 'backupType', kind: 'string', fix: "use 'differential' or 'full'" };

const COMMAND: RequiredProp = { key: 'command', kind: 'object', fix: "give the command and its arguments, e.g. { command: 'cleanup', keyspace: 'orders' }" };
const TASK: readonly RequiredProp[] = [NAME, { key: 'ttlSecondsAfterFinished', kind: 'number', fix: 'use 0 (keep the finished task) or a number of seconds' }];

const flag = (key: string): RequiredProp => ({ key, kind: 'boolean', fix: `set ${key} to true or false, or leave it unset` });
const token = (key: string): RequiredProp => ({ key, kind: 'string', fix: `give ${key} as a string, e.g. '-9223372036854775808'` });

/** Arguments of every command, by name; whether a command needs one is the command's own check. */
const COMMAND_ARGS: readonly RequiredProp[] = [
  { key: 'keyspace', kind: 'string', fix: "name the keyspace, e.g. 'orders', or leave it unset for every keyspace" },
  { key: 'tables', kind: 'list', fix: "list tables of the keyspace, e.g. ['orders_by_day'], or leave tables unset for every table" },
  { key: 'jobs', kind: 'number', fix: 'use 1 or more threads, or leave it unset' },
  { key: 'rack', kind: 'string', fix: "name a rack, e.g. 'rack1', or leave rack unset to restart every rack" },
  { key: 'sourceDatacenter', kind: 'string', fix: "name the datacenter to stream the data from, e.g. 'dc1'" },
  { key: 'podName', kind: 'string', fix: "name the pod, e.g. 'prod-dc1-1a-sts-2'" },
  { key: 'newTokens', kind: 'object', fix: "map each pod to its new token, e.g. { 'prod-dc1-1a-sts-0': '-9223372036854775808' }" },
  token('startToken'),
  token('endToken'),
  ...['fast', 'splitOutput', 'noValidate', 'noSnapshot', 'skipCorrupted'].map(flag),
];

function taskProblems(path: string, input: unknown, required: readonly RequiredProp[], optional: readonly RequiredProp[]): Problem[] {
  return [...requiredProps(path, input, [COMMAND, ...required]), ...optionalProps(path, input, [...TASK, ...optional]), ...optionalProps(`${path}/command`, valuesOf(input).command, COMMAND_ARGS)];
}

/** Props of a task on one datacenter, as given. */
export const cassandraTaskInputProblems = (path: string, input: unknown): Problem[] =>
  taskProblems(path, input, [{ key: 'datacenter', kind: 'string', fix: "name the datacenter the task runs in, e.g. 'dc1'" }], []);

/** Props of a task across datacenters, as given. */
export const k8ssandraTaskInputProblems = (path: string, input: unknown): Problem[] =>
  taskProblems(path, input, [], [DATACENTERS, { key: 'dcConcurrencyPolicy', kind: 'string', fix: "use 'Forbid' (one datacenter at a time) or 'Allow' (all at once)" }]);

/** Props of a recurring backup, as given. */
export const backupScheduleInputProblems = (path: string, input: unknown): Problem[] => [
  ...requiredProps(path, input, [{ key: 'cronSchedule', kind: 'string', fix: "set a five-field cron expression, e.g. '0 2 * * *' for 02:00 every day, or '@daily'" }]),
  ...optionalProps(path, input, [NAME, DATACENTERS, BACKUP_TYPE, flag('disabled')]),
];

/** Props of a one-off backup, as given; it has no required ones. */
export const backupInputProblems = (path: string, input: unknown): Problem[] => optionalProps(path, input, [NAME, DATACENTERS, BACKUP_TYPE]);

/** Props of a restore, as given. */
export const restoreInputProblems = (path: string, input: unknown): Problem[] => [
  ...requiredProps(path, input, [
    { key: 'datacenter', kind: 'string', fix: "name the datacenter to restore, e.g. 'dc1'" },
    { key: 'backup', kind: 'string', fix: "name the MedusaBackup to restore; a Backup's are named `<its name>-<dc>`, e.g. 'orders-nightly-dc1'" },
  ]),
  ...optionalProps(path, input, [NAME]),
];
