import type { KubeObject } from '../core/kube-object';
import type { DataPlaneSpec } from '../core/model/platform';
import { problem, type Problem } from '../core/problems';
import { placeBackup, placeRestore } from '../core/topology/medusa-manifests';
import type { CassandraClusterSpec } from '../core/topology/model';
import { TASK_COMMANDS, TaskScope, type BackupType, type TaskCommand, type TaskSpec } from '../core/topology/operations';
import { placeDatacenterTasks } from '../core/topology/task-manifests';
import { validateBackup, validateRestore, validateTask } from '../core/topology/validate-operations';

export type TaskPlan =
  | { readonly valid: false; readonly problems: readonly Problem[] }
  | { readonly valid: true; readonly objects: ReadonlyMap<string, readonly KubeObject[]> };

/**
 * A MissionControlTask as upstream objects per data plane, through the same core placement
 * the static delivery uses: node commands become a CassandraTask per DC (run by the DC's
 * cass-operator), backups MedusaBackupJobs per DC, a restore a MedusaRestoreJob, each next to
 * its CassandraDatacenter. Names derive from the task's, so re-creating is idempotent.
 */
export function planTask(task: KubeObject, cluster: CassandraClusterSpec, dataPlanes: readonly DataPlaneSpec[]): TaskPlan {
  const spec = (task.spec ?? {}) as { cluster: string; command: string; datacenters?: string[]; args?: Record<string, unknown> };
  const path = `${task.metadata.namespace}/${task.metadata.name}`;
  const owner = { path, name: task.metadata.name, cluster: cluster.name, datacenters: [...(spec.datacenters ?? [])] };
  if (spec.command === 'backup') {
    const backup = { ...owner, backupType: ((spec.args?.backupType as BackupType | undefined) ?? 'differential') };
    const problems = validateBackup(backup, cluster);
    return problems.length > 0 ? { valid: false, problems } : { valid: true, objects: placeBackup(backup, cluster, dataPlanes) };
  }
  if (spec.command === 'restore') {
    if (owner.datacenters.length !== 1) {
      return { valid: false, problems: [problem(`${path}/spec/datacenters`, `a restore names exactly one datacenter, got ${JSON.stringify(owner.datacenters)}`, 'list the one datacenter to restore')] };
    }
    const restore = { path, name: owner.name, cluster: cluster.name, datacenter: owner.datacenters[0], backup: String(spec.args?.backup ?? '') };
    const problems = validateRestore(restore, cluster);
    return problems.length > 0 ? { valid: false, problems } : { valid: true, objects: placeRestore(restore, cluster, dataPlanes) };
  }
  if (!(TASK_COMMANDS as readonly string[]).includes(spec.command)) {
    return { valid: false, problems: [problem(`${path}/spec/command`, `unknown command ${JSON.stringify(spec.command)}`, `use one of ${[...TASK_COMMANDS, 'backup', 'restore'].join(', ')}`)] };
  }
  const taskSpec: TaskSpec = {
    path,
    name: owner.name,
    cluster: cluster.name,
    scope: TaskScope.CLUSTER,
    datacenters: owner.datacenters,
    command: { ...spec.args, command: spec.command } as TaskCommand,
    ttlSecondsAfterFinished: 0,
    dcConcurrencyPolicy: 'Forbid',
  };
  const problems = validateTask(taskSpec, cluster);
  return problems.length > 0 ? { valid: false, problems } : { valid: true, objects: placeDatacenterTasks(taskSpec, cluster, dataPlanes) };
}

/** Where one upstream object of a task stands, read from its status. */
export type ObjectPhase = 'Pending' | 'Running' | 'Complete' | 'Failed';

/**
 * Tasks report metav1-style conditions (Complete / Failed / Running); Medusa jobs report
 * `finishTime` and `failed` / `finished` lists.
 */
export function phaseOf(live: KubeObject | undefined): ObjectPhase {
  if (!live) return 'Pending';
  const status = (live.status ?? {}) as { conditions?: Array<{ type: string; status: string }>; finishTime?: string; failed?: unknown[]; finished?: unknown[]; startTime?: string };
  const is = (type: string) => status.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
  if (is('Failed') || (status.finishTime && (status.failed?.length ?? 0) > 0)) return 'Failed';
  if (is('Complete') || status.finishTime) return 'Complete';
  if (is('Running') || status.startTime) return 'Running';
  return 'Pending';
}
