import { isDns1123Subdomain } from '../names';
import { problem, show, type Problem } from '../problems';
import { cronProblem } from './cron';
import type { CassandraClusterSpec } from './model';
import { perDatacenterName, TASK_COMMANDS, TaskScope, type BackupScheduleSpec, type BackupType, type BackupSpec, type RestoreSpec, type TaskSpec } from './operations';

function checkName(path: string, name: string): Problem[] {
  return isDns1123Subdomain(name) && name.length <= 253 ? [] : [problem(`${path}/name`, `object name ${show(name)} is not a valid Kubernetes name`, "use lower-case letters, digits, '-' and '.', e.g. 'nightly'")];
}

function checkDatacenters(path: string, cluster: CassandraClusterSpec, datacenters: readonly string[], prop = 'datacenters'): Problem[] {
  const known = cluster.datacenters.map((dc) => dc.name);
  return datacenters
    .filter((dc) => !known.includes(dc))
    .map((dc) => problem(`${path}/${prop}`, `datacenter ${show(dc)} is not a datacenter of cluster ${show(cluster.name)} (${known.join(', ')})`, 'name datacenters of the cluster'));
}

/** Per-DC object names must stay valid labels: cass-operator and Medusa use them in labels. */
function checkPerDatacenterNames(path: string, name: string, cluster: CassandraClusterSpec, datacenters: readonly string[]): Problem[] {
  const targets = datacenters.length > 0 ? datacenters : cluster.datacenters.map((dc) => dc.name);
  return targets
    .map((dc) => perDatacenterName(name, dc))
    .filter((n) => n.length > 63)
    .map((n) => problem(`${path}/name`, `object name ${show(n)} is longer than 63 characters`, 'shorten the name'));
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

const BACKUP_TYPES: readonly BackupType[] = ['differential', 'full'];

/** TypeScript keeps the backup type to its two values; plain JavaScript can give any. */
function checkBackupType(path: string, backupType: BackupType): Problem[] {
  return BACKUP_TYPES.includes(backupType) ? [] : [problem(`${path}/backupType`, `backupType ${show(backupType)} is not one of ${BACKUP_TYPES.join(', ')}`, "use 'differential' (changed files only) or 'full'")];
}

export function validateTask(task: TaskSpec, cluster: CassandraClusterSpec): Problem[] {
  const p = task.path;
  const problems = [...checkName(p, task.name), ...checkDatacenters(p, cluster, task.datacenters, task.scope === TaskScope.DATACENTER ? 'datacenter' : 'datacenters')];
  if (task.scope === TaskScope.DATACENTER && task.datacenters.length !== 1) {
    problems.push(problem(`${p}/datacenter`, `a CassandraTask runs in exactly one datacenter, got ${task.datacenters.length}`, 'name one datacenter, or use a K8ssandraTask for several'));
  }
  if (task.dcConcurrencyPolicy !== 'Forbid' && task.dcConcurrencyPolicy !== 'Allow') {
    problems.push(problem(`${p}/dcConcurrencyPolicy`, `dcConcurrencyPolicy ${show(task.dcConcurrencyPolicy)} is not one of Forbid, Allow`, "use 'Forbid' (one datacenter at a time) or 'Allow' (all at once)"));
  }
  if (!Number.isInteger(task.ttlSecondsAfterFinished) || task.ttlSecondsAfterFinished < 0) {
    problems.push(problem(`${p}/ttlSecondsAfterFinished`, `ttlSecondsAfterFinished ${show(task.ttlSecondsAfterFinished)} is not a whole number >= 0`, 'use 0 (keep the finished task) or a number of seconds'));
  }
  const c = task.command;
  const cp = `${p}/command`;
  if (!TASK_COMMANDS.includes(c.command)) {
    problems.push(problem(cp, `command ${show(c.command)} is not supported`, `use one of ${TASK_COMMANDS.join(', ')}`));
    return problems;
  }
  if ('tables' in c && c.tables && c.tables.length > 0 && !c.keyspace) {
    problems.push(problem(`${cp}/tables`, `${c.command} names tables ${show(c.tables)} without a keyspace`, 'set keyspace as well'));
  }
  if ('jobs' in c && c.jobs !== undefined && (!Number.isInteger(c.jobs) || c.jobs < 1)) {
    problems.push(problem(`${cp}/jobs`, `jobs ${show(c.jobs)} is not a whole number >= 1`, 'use 1 or more threads, or leave it unset'));
  }
  switch (c.command) {
    case 'rebuild': {
      if (!nonEmpty(c.sourceDatacenter)) {
        problems.push(problem(`${cp}/sourceDatacenter`, 'rebuild needs a sourceDatacenter', 'name the datacenter to stream the data from'));
      } else if (!cluster.datacenters.some((dc) => dc.name === c.sourceDatacenter)) {
        problems.push(problem(`${cp}/sourceDatacenter`, `sourceDatacenter ${show(c.sourceDatacenter)} is not a datacenter of cluster ${show(cluster.name)}`, 'name another datacenter of the same cluster'));
      } else if (task.datacenters.includes(c.sourceDatacenter)) {
        problems.push(problem(`${cp}/sourceDatacenter`, `datacenter ${show(c.sourceDatacenter)} cannot rebuild from itself`, 'stream from another datacenter of the cluster'));
      }
      break;
    }
    case 'replacenode':
      if (!nonEmpty(c.podName)) problems.push(problem(`${cp}/podName`, 'replacenode needs the podName of the node to replace', "name the pod, e.g. 'prod-dc1-1a-sts-2'"));
      break;
    case 'move':
      if (!c.newTokens || Object.keys(c.newTokens).length === 0) problems.push(problem(`${cp}/newTokens`, 'move needs newTokens', "map each pod to its new token, e.g. { 'prod-dc1-1a-sts-0': '-9223372036854775808' }"));
      break;
    case 'compact':
      if ((c.startToken === undefined) !== (c.endToken === undefined)) {
        problems.push(problem(`${cp}/startToken`, 'compact needs both startToken and endToken, or neither', 'set both ends of the token range'));
      }
      break;
    case 'restart': {
      if (c.rack !== undefined && !nonEmpty(c.rack)) problems.push(problem(`${cp}/rack`, 'rack is empty', 'name a rack, or leave rack unset to restart every rack'));
      break;
    }
    default:
  }
  return problems;
}

export function validateBackupSchedule(schedule: BackupScheduleSpec, cluster: CassandraClusterSpec): Problem[] {
  const p = schedule.path;
  const problems = [
    ...checkName(p, schedule.name),
    ...checkDatacenters(p, cluster, schedule.datacenters),
    ...checkPerDatacenterNames(p, schedule.name, cluster, schedule.datacenters),
    ...checkBackupType(p, schedule.backupType),
  ];
  if (!cluster.medusa) problems.push(problem(p, `cluster ${show(cluster.name)} has no Medusa storage, so nothing can run the backups`, 'set medusa on the cluster'));
  const cron = cronProblem(schedule.cronSchedule);
  if (cron) problems.push(problem(`${p}/cronSchedule`, `cronSchedule ${show(schedule.cronSchedule)} ${cron}`, "use five fields, e.g. '0 2 * * *' for 02:00 every day, or '@daily'"));
  return problems;
}

export function validateBackup(backup: BackupSpec, cluster: CassandraClusterSpec): Problem[] {
  const p = backup.path;
  const problems = [
    ...checkName(p, backup.name),
    ...checkDatacenters(p, cluster, backup.datacenters),
    ...checkPerDatacenterNames(p, backup.name, cluster, backup.datacenters),
    ...checkBackupType(p, backup.backupType),
  ];
  if (!cluster.medusa) problems.push(problem(p, `cluster ${show(cluster.name)} has no Medusa storage`, 'set medusa on the cluster'));
  return problems;
}

export function validateRestore(restore: RestoreSpec, cluster: CassandraClusterSpec): Problem[] {
  const p = restore.path;
  const problems = [...checkName(p, restore.name), ...checkDatacenters(p, cluster, [restore.datacenter], 'datacenter')];
  if (!cluster.medusa) problems.push(problem(p, `cluster ${show(cluster.name)} has no Medusa storage`, 'set medusa on the cluster'));
  if (!nonEmpty(restore.backup)) problems.push(problem(`${p}/backup`, 'restore needs the name of a MedusaBackup', 'name the backup to restore, e.g. the name of a Backup object'));
  return problems;
}
