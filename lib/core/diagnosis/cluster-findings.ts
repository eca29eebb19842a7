import type { KubeObject } from '../kube-object';
import { Kubectl, subjectOf, type Finding } from './finding';
import { age, conditionOf, conditionText, containerStatusesOf, isDeleting, statusOf, timeOf } from './objects';
import { cassandraDatacenterOf, datacentersOf, type PlacedDatacenter } from './placement-index';
import type { PlatformSnapshot, PlaneSnapshot } from './snapshot';
import { CASS_OPERATOR_NAME } from '../manifests/cass-operator';
import { K8SSANDRA_OPERATOR_NAME } from '../manifests/k8ssandra-operator';
import { MISSION_CONTROL_OPERATOR_NAME } from '../manifests/mission-control-operator';

/** What each check needs besides the snapshot. */
export interface CheckOptions {
  /** How long creation or a task may go on before it counts as stuck. */
  readonly stuckAfterMs: number;
}

const DC_LABEL = 'cassandra.datastax.com/datacenter';

/** MissionControlClusters the control-plane operator refused, or that stay Progressing. */
export function missionControlClusterFindings(snapshot: PlatformSnapshot, options: CheckOptions): Finding[] {
  const cp = snapshot.controlPlane;
  const kubectl = new Kubectl(cp);
  return cp.missionControlClusters.filter((m) => !isDeleting(m)).flatMap((mcc): Finding[] => {
    const base = { layer: 'control-plane-operator' as const, plane: cp.name, subject: subjectOf(mcc), clusters: [mcc.metadata.name] };
    const commands = [kubectl.describe('missioncontrolcluster', mcc.metadata.name, mcc.metadata.namespace), kubectl.logs(`deployment/${MISSION_CONTROL_OPERATOR_NAME}`, cp.namespace)];
    const valid = conditionOf(mcc, 'Valid');
    if (valid?.status === 'False') return [{ ...base, symptoms: ['cannot-create-clusters'], evidence: [conditionText(valid)], commands }];
    const progressing = conditionOf(mcc, 'Progressing');
    const since = timeOf(progressing?.lastTransitionTime);
    if (progressing?.status === 'True' && since !== undefined && snapshot.readAt - since > options.stuckAfterMs) {
      return [{ ...base, symptoms: ['creation-stuck'], evidence: [`Progressing for ${age(snapshot.readAt - since)}: ${conditionText(progressing)}`], commands }];
    }
    return [];
  });
}

const isReady = (dc: KubeObject | undefined): boolean =>
  dc !== undefined && conditionOf(dc, 'Ready')?.status === 'True' && statusOf(dc).cassandraOperatorProgress === 'Ready';

/**
 * Upstream creates a cluster's DCs one after the other, each once the one before is Ready: the
 * first DC missing after all before it are Ready is where creation stopped.
 */
function missingDatacenter(snapshot: PlatformSnapshot, k8c: KubeObject, dcs: readonly PlacedDatacenter[], options: CheckOptions): Finding[] {
  const cp = snapshot.controlPlane;
  const kubectl = new Kubectl(cp);
  let waitingSince = timeOf(k8c.metadata.creationTimestamp) ?? snapshot.readAt;
  for (const dc of dcs) {
    if (!dc.plane) {
      return [{
        symptoms: ['multi-dc-coordination', 'creation-stuck'],
        layer: 'k8ssandra-operator-control-plane',
        plane: cp.name,
        subject: subjectOf(k8c),
        clusters: [k8c.metadata.name],
        evidence: [`DC ${dc.name} names k8sContext '${dc.k8sContext}', which no registered data plane has`],
        commands: [kubectl.get('clientconfigs', cp.operatorNamespace), kubectl.describe('k8ssandracluster', k8c.metadata.name, k8c.metadata.namespace)],
      }];
    }
    if (dc.plane.error !== undefined) return []; // The unreachable plane is its own finding.
    const found = cassandraDatacenterOf(dc);
    if (!found) {
      if (snapshot.readAt - waitingSince <= options.stuckAfterMs) return [];
      return [{
        symptoms: ['creation-stuck'],
        layer: 'k8ssandra-operator-control-plane',
        plane: cp.name,
        subject: subjectOf(k8c),
        clusters: [k8c.metadata.name],
        evidence: [`DC ${dc.name} has no CassandraDatacenter in ${dc.plane.name} ${age(snapshot.readAt - waitingSince)} after ${dcs.indexOf(dc) === 0 ? 'the K8ssandraCluster was created' : 'the DC before it became Ready'}`],
        commands: [kubectl.describe('k8ssandracluster', k8c.metadata.name, k8c.metadata.namespace), kubectl.logs(`deployment/${K8SSANDRA_OPERATOR_NAME}`, cp.operatorNamespace)],
      }];
    }
    if (!isReady(found)) return [];
    waitingSince = timeOf(conditionOf(found, 'Ready')?.lastTransitionTime) ?? waitingSince;
  }
  return [];
}

/** A DC that is not Ready: the pods say why, or cass-operator has not made them. */
function datacenterNotReady(snapshot: PlatformSnapshot, dc: PlacedDatacenter, cdc: KubeObject, options: CheckOptions): Finding[] {
  const plane = dc.plane as PlaneSnapshot;
  const kubectl = new Kubectl(plane);
  const ns = cdc.metadata.namespace ?? '';
  const clusters = [dc.cluster.metadata.name];
  const pods = plane.pods.filter((p) => p.metadata.namespace === ns && p.metadata.labels?.[DC_LABEL] === dc.name);
  const findings: Finding[] = [];
  for (const pod of pods) {
    const scheduled = conditionOf(pod, 'PodScheduled');
    const base = { plane: plane.name, subject: subjectOf(pod), clusters };
    if (scheduled?.status === 'False') {
      findings.push({
        ...base,
        symptoms: ['pods-not-starting'],
        layer: 'kubernetes',
        evidence: [conditionText(scheduled)],
        commands: [kubectl.describe('pod', pod.metadata.name, ns), kubectl.events(pod.metadata.name, ns), kubectl.get('nodes', undefined, '-L topology.kubernetes.io/zone')],
      });
      continue;
    }
    const statuses = containerStatusesOf(pod, { init: true });
    for (const c of statuses.filter((s) => s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing' && s.state.waiting.reason !== 'ContainerCreating')) {
      findings.push({
        ...base,
        symptoms: ['pods-not-starting'],
        layer: c.name === 'cassandra' && c.state!.waiting!.reason === 'CrashLoopBackOff' ? 'cassandra' : 'kubernetes',
        evidence: [`container ${c.name} waiting: ${c.state!.waiting!.reason}${c.state!.waiting!.message ? ` (${c.state!.waiting!.message})` : ''}`],
        commands: [kubectl.describe('pod', pod.metadata.name, ns), kubectl.logs(`pod/${pod.metadata.name}`, ns, { container: c.name, previous: c.state!.waiting!.reason === 'CrashLoopBackOff' })],
      });
    }
  }
  if (findings.length > 0) return findings;
  const created = timeOf(cdc.metadata.creationTimestamp) ?? snapshot.readAt;
  const notReadySince = timeOf(conditionOf(cdc, 'Ready')?.lastTransitionTime) ?? created;
  if (snapshot.readAt - Math.max(created, notReadySince) <= options.stuckAfterMs) return [];
  const progress = statusOf(cdc).cassandraOperatorProgress as string | undefined;
  const running = pods.filter((p) => statusOf(p).phase === 'Running');
  const unready = running.filter((p) => containerStatusesOf(p).some((c) => c.name === 'cassandra' && !c.ready));
  const layer = unready.length > 0 ? 'cassandra' as const : 'cass-operator' as const;
  return [{
    symptoms: ['pods-not-starting'],
    layer,
    plane: plane.name,
    subject: subjectOf(cdc),
    clusters,
    evidence: [
      `not Ready for ${age(snapshot.readAt - Math.max(created, notReadySince))}; cassandraOperatorProgress ${progress ?? 'unset'}`,
      `${pods.length} pod(s), ${running.length} running, ${unready.length} with cassandra not ready`,
    ],
    commands: [
      kubectl.describe('cassandradatacenter', cdc.metadata.name, ns),
      ...(unready.length > 0 ? [kubectl.logs(`pod/${unready[0].metadata.name}`, ns, { container: 'server-system-logger' })] : [kubectl.logs(`deployment/${CASS_OPERATOR_NAME}`, plane.operatorNamespace)]),
    ],
  }];
}

/** Every K8ssandraCluster: each DC created in its plane, and Ready there. */
export function datacenterFindings(snapshot: PlatformSnapshot, options: CheckOptions): Finding[] {
  return snapshot.controlPlane.k8ssandraClusters.filter((k) => !isDeleting(k)).flatMap((k8c) => {
    const dcs = datacentersOf(snapshot, k8c);
    const placed = dcs.flatMap((dc) => {
      const cdc = cassandraDatacenterOf(dc);
      return cdc && !isReady(cdc) && dc.plane?.error === undefined ? datacenterNotReady(snapshot, dc, cdc, options) : [];
    });
    return [...missingDatacenter(snapshot, k8c, dcs, options), ...placed];
  });
}
