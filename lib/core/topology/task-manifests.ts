import { GROUP_VERSION, MISSION_CONTROL_TASK_KIND } from '../api-group';
import type { KubeObject } from '../kube-object';
import { componentLabels } from '../labels';
import type { Manifests } from './delivery';
import { CONTROL_API_VERSION } from './k8ssandra-types';
import type { CassandraClusterSpec } from './model';
import { perDatacenterName, TaskScope, type TaskCommand, type TaskSpec } from './operations';
import type { DataPlaneSpec } from '../model/platform';

/** A command's arguments with upstream's (snake_case) names. */
export function taskArgs(command: TaskCommand): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const set = (key: string, v: unknown) => {
    if (v !== undefined) args[key] = Array.isArray(v) ? [...v] : typeof v === 'object' && v !== null ? { ...v } : v;
  };
  switch (command.command) {
    case 'restart':
      set('rack', command.rack);
      set('fast', command.fast);
      break;
    case 'rebuild':
      set('source_datacenter', command.sourceDatacenter);
      set('keyspace_name', command.keyspace);
      break;
    case 'replacenode':
      set('pod_name', command.podName);
      break;
    case 'move':
      set('new_tokens', command.newTokens);
      break;
    case 'refresh':
      break;
    default:
      set('keyspace_name', command.keyspace);
      set('tables', command.tables);
      if ('jobs' in command) set('jobs', command.jobs);
      if (command.command === 'compact') {
        set('split_output', command.splitOutput);
        set('start_token', command.startToken);
        set('end_token', command.endToken);
      }
      if (command.command === 'scrub') {
        set('no_validate', command.noValidate);
        set('no_snapshot', command.noSnapshot);
        set('skip_corrupted', command.skipCorrupted);
      }
  }
  return args;
}

/** The CassandraTaskTemplate part shared by both task kinds: exactly one job. */
function template(task: TaskSpec): Record<string, unknown> {
  const args = taskArgs(task.command);
  return {
    jobs: [{ name: task.command.command, command: task.command.command, ...(Object.keys(args).length > 0 ? { args } : {}) }],
    ttlSecondsAfterFinished: task.ttlSecondsAfterFinished,
  };
}

const labels = (task: { name: string; cluster: string }) => ({ ...componentLabels(task.name, 'cassandra-task'), 'k8ssandra.io/cluster-name': task.cluster });

export function cassandraTask(task: TaskSpec, datacenter: string, namespace: string): KubeObject {
  return {
    apiVersion: CONTROL_API_VERSION,
    kind: 'CassandraTask',
    metadata: { name: task.name, namespace, labels: labels(task) },
    spec: { datacenter: { name: datacenter, namespace }, ...template(task) },
  };
}

export function k8ssandraTask(task: TaskSpec, datacenters: readonly string[], namespace: string): KubeObject {
  return {
    apiVersion: CONTROL_API_VERSION,
    kind: 'K8ssandraTask',
    metadata: { name: task.name, namespace, labels: labels(task) },
    spec: {
      cluster: { name: task.cluster, namespace },
      datacenters: [...datacenters],
      dcConcurrencyPolicy: task.dcConcurrencyPolicy,
      template: template(task),
    },
  };
}

/** What the control-plane reconciler needs to name and target an operation. */
export interface OperationRef {
  readonly name: string;
  readonly cluster: string;
  /** Empty = every DC. */
  readonly datacenters: readonly string[];
}

/** Reconciled delivery: an operation as a MissionControlTask in the control plane. */
export function missionControlTask(op: OperationRef, controlPlaneNamespace: string, command: string, args: Record<string, unknown>): KubeObject {
  return {
    apiVersion: GROUP_VERSION,
    kind: MISSION_CONTROL_TASK_KIND,
    metadata: { name: op.name, namespace: controlPlaneNamespace, labels: labels(op) },
    spec: {
      cluster: op.cluster,
      command,
      ...(op.datacenters.length > 0 ? { datacenters: [...op.datacenters] } : {}),
      ...(Object.keys(args).length > 0 ? { args } : {}),
    },
  };
}

/**
 * One CassandraTask per targeted DC, in the DC's data plane and namespace, where
 * cass-operator runs it even while the control plane is down. Named after the task, with
 * the DC appended when the task targets several DCs.
 */
export function placeDatacenterTasks(task: TaskSpec, cluster: CassandraClusterSpec, dataPlanes: readonly DataPlaneSpec[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  const targets = task.datacenters.length > 0 ? task.datacenters : cluster.datacenters.map((dc) => dc.name);
  for (const dp of dataPlanes) {
    const local = cluster.datacenters.filter((dc) => dc.dataPlane === dp.name && targets.includes(dc.name)).map((dc) => dc.name);
    if (local.length === 0) continue;
    const named = (dc: string) => (targets.length > 1 ? { ...task, name: perDatacenterName(task.name, dc) } : task);
    out.set(dp.name, local.map((dc) => cassandraTask(named(dc), dc, dp.namespace)));
  }
  return out;
}

/**
 * Static delivery: a DC task is a CassandraTask in its DC's data plane; a cluster task one
 * K8ssandraTask next to the K8ssandraCluster in the control plane, which upstream fans out
 * into a CassandraTask per DC, in order and one DC at a time with `dcConcurrencyPolicy: Forbid`.
 */
export function placeTask(task: TaskSpec, cluster: CassandraClusterSpec, k8ssandraNamespace: string, dataPlanes: readonly DataPlaneSpec[]): Manifests {
  if (task.scope === TaskScope.DATACENTER) return { controlPlane: [], dataPlanes: placeDatacenterTasks(task, cluster, dataPlanes) };
  const targets = task.datacenters.length > 0 ? task.datacenters : cluster.datacenters.map((dc) => dc.name);
  return { controlPlane: [k8ssandraTask(task, targets, k8ssandraNamespace)], dataPlanes: new Map() };
}
