import type { KubeObject } from '../kube-object';
import { Kubectl, subjectOf, type Finding } from './finding';
import type { Layer, Symptom } from './layers';
import { age, conditionOf, conditionText, containerStatusesOf, specOf, statusOf, timeOf } from './objects';
import { clustersServedBy } from './placement-index';
import type { PlatformSnapshot, PlaneSnapshot } from './snapshot';
import { CASS_OPERATOR_NAME, CASS_OPERATOR_WEBHOOK_SERVICE } from '../manifests/cass-operator';
import { K8SSANDRA_OPERATOR_NAME, K8SSANDRA_OPERATOR_WEBHOOK_SERVICE } from '../manifests/k8ssandra-operator';
import { MISSION_CONTROL_OPERATOR_NAME } from '../manifests/mission-control-operator';

/** A restart this recent still counts as the operator restarting. */
export const RECENT_RESTART_MS = 60 * 60 * 1000;

/** An operator expected in a plane, and what its failure looks like to users. */
interface ExpectedOperator {
  readonly deployment: string;
  readonly namespace: string;
  readonly layer: Layer;
  readonly symptoms: readonly Symptom[];
  /** Its admission webhooks' Service, and what users see when it is unreachable. */
  readonly webhook?: { readonly service: string; readonly symptoms: readonly Symptom[] };
  /** Clusters it concerns; undefined for all of them. */
  readonly clusters?: readonly string[];
}

function expectedOperators(snapshot: PlatformSnapshot): Array<{ plane: PlaneSnapshot; operator: ExpectedOperator }> {
  const cp = snapshot.controlPlane;
  const out: Array<{ plane: PlaneSnapshot; operator: ExpectedOperator }> = [];
  const needsControlPlaneOperator = cp.missionControlClusters.length > 0 || cp.missionControlTasks.length > 0
    || cp.deployments.some((d) => d.metadata.name === MISSION_CONTROL_OPERATOR_NAME && d.metadata.namespace === cp.namespace);
  if (needsControlPlaneOperator) {
    out.push({
      plane: cp,
      operator: {
        deployment: MISSION_CONTROL_OPERATOR_NAME,
        namespace: cp.namespace,
        layer: 'control-plane-operator',
        symptoms: ['cannot-create-clusters', 'creation-stuck', 'node-operations-failing'],
      },
    });
  }
  out.push({
    plane: cp,
    operator: {
      deployment: K8SSANDRA_OPERATOR_NAME,
      namespace: cp.operatorNamespace,
      layer: 'k8ssandra-operator-control-plane',
      symptoms: ['creation-stuck', 'multi-dc-coordination', 'node-operations-failing'],
      webhook: { service: K8SSANDRA_OPERATOR_WEBHOOK_SERVICE, symptoms: ['cannot-create-clusters'] },
    },
  });
  const sharing = snapshot.dataPlanes.find((d) => d.inControlPlaneCluster);
  if (sharing) {
    // The data plane in the control plane's cluster has no operators of its own: the
    // control-plane k8ssandra-operator serves its DCs, and cass-operator runs beside it.
    out.push({ plane: cp, operator: cassOperator(cp.operatorNamespace, clustersServedBy(snapshot, sharing)) });
  }
  for (const dp of snapshot.dataPlanes) {
    if (dp.inControlPlaneCluster || dp.error !== undefined) continue;
    const clusters = clustersServedBy(snapshot, dp);
    out.push({
      plane: dp,
      operator: {
        deployment: K8SSANDRA_OPERATOR_NAME,
        namespace: dp.operatorNamespace,
        layer: 'k8ssandra-operator-data-plane',
        symptoms: ['backup-restore'],
        webhook: { service: K8SSANDRA_OPERATOR_WEBHOOK_SERVICE, symptoms: ['backup-restore'] },
        clusters,
      },
    });
    out.push({ plane: dp, operator: cassOperator(dp.operatorNamespace, clusters) });
  }
  return out;
}

const cassOperator = (namespace: string, clusters: readonly string[]): ExpectedOperator => ({
  deployment: CASS_OPERATOR_NAME,
  namespace,
  layer: 'cass-operator',
  symptoms: ['pods-not-starting', 'node-operations-failing', 'creation-stuck'],
  webhook: { service: CASS_OPERATOR_WEBHOOK_SERVICE, symptoms: ['creation-stuck', 'node-operations-failing'] },
  clusters,
});

const podsOf = (plane: PlaneSnapshot, deployment: string, namespace: string): KubeObject[] => {
  const name = new RegExp(`^${deployment}-[a-z0-9]+-[a-z0-9]+$`);
  return plane.pods.filter((p) => p.metadata.namespace === namespace && name.test(p.metadata.name));
};

/** Why the operator's pods are not serving: the waiting reasons kubelet reports. */
function podEvidence(pods: readonly KubeObject[]): string[] {
  if (pods.length === 0) return ['no pod exists'];
  return pods.flatMap((pod) => {
    const waiting = containerStatusesOf(pod).filter((c) => c.state?.waiting).map((c) => `container ${c.name} waiting: ${c.state!.waiting!.reason ?? ''}${c.state!.waiting!.message ? ` (${c.state!.waiting!.message})` : ''}`);
    const scheduled = conditionOf(pod, 'PodScheduled');
    const unscheduled = scheduled?.status === 'False' ? [conditionText(scheduled)] : [];
    const phase = statusOf(pod).phase as string | undefined;
    return [`pod ${pod.metadata.name}: phase ${phase ?? 'unknown'}${[...unscheduled, ...waiting].length ? `; ${[...unscheduled, ...waiting].join('; ')}` : ''}`];
  });
}

function deploymentFindings(snapshot: PlatformSnapshot, plane: PlaneSnapshot, op: ExpectedOperator): Finding[] {
  const kubectl = new Kubectl(plane);
  const deployment = plane.deployments.find((d) => d.metadata.name === op.deployment && d.metadata.namespace === op.namespace);
  const base = { symptoms: op.symptoms, layer: op.layer, plane: plane.name, ...(op.clusters ? { clusters: op.clusters } : {}) };
  if (plane.unreadable.includes('Deployment')) return [];
  if (!deployment) {
    return [{
      ...base,
      subject: `Deployment ${op.namespace}/${op.deployment}`,
      evidence: [`the Deployment does not exist in ${plane.name}`],
      commands: [kubectl.get('deployments', op.namespace)],
    }];
  }
  const findings: Finding[] = [];
  const pods = podsOf(plane, op.deployment, op.namespace);
  const desired = specOf(deployment).replicas ?? 1;
  const available = statusOf(deployment).availableReplicas ?? 0;
  const logs = kubectl.logs(`deployment/${op.deployment}`, op.namespace);
  if (desired === 0 || available < 1) {
    const availableCondition = conditionOf(deployment, 'Available');
    findings.push({
      ...base,
      subject: subjectOf(deployment),
      evidence: [
        desired === 0 ? 'spec.replicas is 0: the operator is scaled to zero' : `${available} of ${desired} replicas available`,
        ...(availableCondition ? [conditionText(availableCondition)] : []),
        ...(desired === 0 ? [] : podEvidence(pods)),
      ],
      commands: [kubectl.describe('deployment', op.deployment, op.namespace), ...(desired === 0 ? [] : [logs]), kubectl.get('pods', op.namespace)],
    });
  }
  for (const pod of pods) {
    for (const c of containerStatusesOf(pod)) {
      const finished = timeOf(c.lastState?.terminated?.finishedAt);
      const last = c.lastState?.terminated;
      // Exit code 0 is a restart on purpose: k8ssandra-operator stops itself to reload ClientConfigs.
      if (!c.restartCount || !last || last.exitCode === 0 || finished === undefined || snapshot.readAt - finished > RECENT_RESTART_MS) continue;
      findings.push({
        ...base,
        subject: subjectOf(pod),
        evidence: [`container ${c.name} restarted ${c.restartCount} time(s); the last run ended ${age(snapshot.readAt - finished)} ago: ${last.reason ?? 'terminated'} (exit code ${last.exitCode ?? 'unknown'})`],
        commands: [kubectl.logs(`pod/${pod.metadata.name}`, op.namespace, { container: c.name, previous: true }), kubectl.describe('pod', pod.metadata.name, op.namespace)],
      });
    }
  }
  return findings;
}

function webhookFindings(plane: PlaneSnapshot, op: ExpectedOperator): Finding[] {
  if (!op.webhook || plane.unreadable.includes('Service') || plane.unreadable.includes('EndpointSlice')) return [];
  const kubectl = new Kubectl(plane);
  const service = op.webhook.service;
  const base = { symptoms: op.webhook.symptoms, layer: op.layer, plane: plane.name, subject: `Service ${op.namespace}/${service}`, ...(op.clusters ? { clusters: op.clusters } : {}) };
  const commands = [kubectl.describe('service', service, op.namespace), kubectl.get('endpointslices', op.namespace, `-l kubernetes.io/service-name=${service}`)];
  const exists = plane.services.some((s) => s.metadata.name === service && s.metadata.namespace === op.namespace);
  if (!exists) {
    return [{ ...base, evidence: [`the webhook Service does not exist: the API server refuses writes its fail-closed ${op.deployment} webhooks check`], commands }];
  }
  const endpoints = plane.endpointSlices
    .filter((s) => s.metadata.namespace === op.namespace && s.metadata.labels?.['kubernetes.io/service-name'] === service)
    .flatMap((s) => ((s as unknown as { endpoints?: Array<{ conditions?: { ready?: boolean } }> }).endpoints ?? []));
  if (endpoints.some((e) => e.conditions?.ready !== false)) return [];
  return [{
    ...base,
    evidence: [`the webhook Service has no ready endpoint (${endpoints.length} not ready): the API server refuses writes its fail-closed ${op.deployment} webhooks check`],
    commands: [...commands, kubectl.describe('deployment', op.deployment, op.namespace)],
  }];
}

/** Each expected operator: installed, available, not restarting, its webhooks served. */
export function operatorHealthFindings(snapshot: PlatformSnapshot): Finding[] {
  return expectedOperators(snapshot).flatMap(({ plane, operator }) => [
    ...deploymentFindings(snapshot, plane, operator),
    ...(plane.deployments.some((d) => d.metadata.name === operator.deployment && d.metadata.namespace === operator.namespace) ? webhookFindings(plane, operator) : []),
  ]);
}
