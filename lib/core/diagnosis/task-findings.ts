import type { KubeObject } from '../kube-object';
import type { CheckOptions } from './cluster-findings';
import { Kubectl, subjectOf, type Finding } from './finding';
import type { Layer } from './layers';
import { age, conditionOf, conditionText, specOf, statusOf, timeOf } from './objects';
import { datacentersOf } from './placement-index';
import type { PlatformSnapshot, PlaneSnapshot } from './snapshot';
import { CASS_OPERATOR_NAME } from '../manifests/cass-operator';
import { K8SSANDRA_OPERATOR_NAME } from '../manifests/k8ssandra-operator';
import { MISSION_CONTROL_OPERATOR_NAME } from '../manifests/mission-control-operator';

/** The Cassandra cluster a DC of this plane belongs to. */
function clusterOfDatacenter(snapshot: PlatformSnapshot, plane: PlaneSnapshot, namespace: string | undefined, dc: string): string[] {
  const k8c = snapshot.controlPlane.k8ssandraClusters.find((k) => k.metadata.namespace === namespace
    && datacentersOf(snapshot, k).some((d) => d.name === dc && d.plane?.name === plane.name));
  return k8c ? [k8c.metadata.name] : [];
}

const finished = (task: KubeObject): boolean => ['Complete', 'Failed'].some((t) => conditionOf(task, t)?.status === 'True');

/** A task that failed, or has run longer than the stuck threshold. */
function taskProblem(snapshot: PlatformSnapshot, task: KubeObject, options: CheckOptions): string[] | undefined {
  const failed = conditionOf(task, 'Failed');
  if (failed?.status === 'True') {
    const pods = Object.entries((statusOf(task).podStatuses ?? {}) as Record<string, { status?: string; error?: string }>)
      .filter(([, s]) => s.error).map(([pod, s]) => `pod ${pod}: ${s.status ?? ''} ${s.error}`.replace(/ {2}/g, ' '));
    const dcs = Object.entries((statusOf(task).datacenters ?? {}) as Record<string, { conditions?: Array<{ type: string; status: string; message?: string }> }>)
      .filter(([, s]) => s.conditions?.some((c) => c.type === 'Failed' && c.status === 'True')).map(([dc]) => `failed in DC ${dc}`);
    return [conditionText(failed), ...(typeof statusOf(task).failed === 'number' ? [`${statusOf(task).failed} pod(s) failed`] : []), ...pods, ...dcs];
  }
  const started = timeOf(statusOf(task).startTime);
  if (!finished(task) && started !== undefined && snapshot.readAt - started > options.stuckAfterMs) {
    return [`running for ${age(snapshot.readAt - started)} and neither Complete nor Failed`];
  }
  return undefined;
}

/** CassandraTasks in the data planes, K8ssandraTasks and MissionControlTasks in the control plane. */
export function taskFindings(snapshot: PlatformSnapshot, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  for (const plane of [snapshot.controlPlane, ...snapshot.dataPlanes.filter((d) => !d.inControlPlaneCluster)]) {
    const kubectl = new Kubectl(plane);
    for (const task of plane.cassandraTasks) {
      const evidence = taskProblem(snapshot, task, options);
      if (!evidence) continue;
      const dc = specOf(task).datacenter?.name as string | undefined;
      const failingPods = Object.entries((statusOf(task).podStatuses ?? {}) as Record<string, { error?: string }>).filter(([, s]) => s.error).map(([pod]) => pod);
      const ns = task.metadata.namespace ?? '';
      out.push({
        symptoms: ['node-operations-failing'],
        layer: failingPods.length > 0 ? 'cassandra' : 'cass-operator',
        plane: plane.name,
        subject: subjectOf(task),
        clusters: dc ? clusterOfDatacenter(snapshot, plane, ns, dc) : [],
        evidence,
        commands: [
          kubectl.describe('cassandratask', task.metadata.name, ns),
          ...failingPods.slice(0, 1).map((pod) => kubectl.logs(`pod/${pod}`, ns, { container: 'cassandra' })),
          kubectl.logs(`deployment/${CASS_OPERATOR_NAME}`, plane.operatorNamespace),
        ],
      });
    }
  }
  const cp = snapshot.controlPlane;
  const kubectl = new Kubectl(cp);
  const controlPlaneTasks: Array<[KubeObject, string, Layer, string, string]> = [
    ...cp.k8ssandraTasks.map((t): [KubeObject, string, Layer, string, string] => [t, 'k8ssandratask', 'k8ssandra-operator-control-plane', `deployment/${K8SSANDRA_OPERATOR_NAME}`, cp.operatorNamespace]),
    ...cp.missionControlTasks.map((t): [KubeObject, string, Layer, string, string] => [t, 'missioncontroltask', 'control-plane-operator', `deployment/${MISSION_CONTROL_OPERATOR_NAME}`, cp.namespace]),
  ];
  for (const [task, resource, layer, logsOf, logsNamespace] of controlPlaneTasks) {
    const evidence = taskProblem(snapshot, task, options);
    if (!evidence) continue;
    const cluster = (specOf(task).cluster?.name ?? specOf(task).cluster) as unknown;
    out.push({
      symptoms: ['node-operations-failing'],
      layer,
      plane: cp.name,
      subject: subjectOf(task),
      clusters: typeof cluster === 'string' ? [cluster] : [],
      evidence,
      commands: [kubectl.describe(resource, task.metadata.name, task.metadata.namespace), kubectl.logs(logsOf, logsNamespace)],
    });
  }
  return out;
}

/** Medusa backup and restore jobs next to their DCs: failed nodes, or running too long. */
export function backupFindings(snapshot: PlatformSnapshot, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  for (const plane of [snapshot.controlPlane, ...snapshot.dataPlanes.filter((d) => !d.inControlPlaneCluster)]) {
    const kubectl = new Kubectl(plane);
    const jobs: Array<[KubeObject, string]> = [...plane.medusaBackupJobs.map((j): [KubeObject, string] => [j, 'medusabackupjob']), ...plane.medusaRestoreJobs.map((j): [KubeObject, string] => [j, 'medusarestorejob'])];
    for (const [job, resource] of jobs) {
      const status = statusOf(job);
      const failed = (status.failed ?? []) as string[];
      const started = timeOf(status.startTime);
      const done = timeOf(status.finishTime) !== undefined;
      const evidence = failed.length > 0
        ? [`failed on ${failed.join(', ')}${status.message ? `: ${status.message}` : ''}`]
        : !done && started !== undefined && snapshot.readAt - started > options.stuckAfterMs
          ? [`running for ${age(snapshot.readAt - started)}; in progress on ${((status.inProgress ?? []) as string[]).join(', ') || 'no pod'}`]
          : undefined;
      if (!evidence) continue;
      const ns = job.metadata.namespace ?? '';
      const dc = specOf(job).cassandraDatacenter as string | undefined;
      out.push({
        symptoms: ['backup-restore'],
        layer: 'medusa',
        plane: plane.name,
        subject: subjectOf(job),
        clusters: dc ? clusterOfDatacenter(snapshot, plane, ns, dc) : [],
        evidence,
        commands: [
          kubectl.describe(resource, job.metadata.name, ns),
          ...failed.slice(0, 1).map((pod) => kubectl.logs(`pod/${pod}`, ns, { container: 'medusa' })),
          kubectl.logs(`deployment/${K8SSANDRA_OPERATOR_NAME}`, plane.operatorNamespace),
        ],
      });
    }
  }
  return out;
}
