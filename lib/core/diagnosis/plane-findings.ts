import { Kubectl, type Finding } from './finding';
import { conditionOf, conditionText } from './objects';
import { clustersServedBy } from './placement-index';
import type { DataPlaneSnapshot, PlatformSnapshot } from './snapshot';
import { K8SSANDRA_OPERATOR_NAME } from '../manifests/k8ssandra-operator';
import { MISSION_CONTROL_OPERATOR_NAME } from '../manifests/mission-control-operator';

/** k8ssandra-operator sets it once it has loaded a ClientConfig, which it does only at start. */
const LOADED_ANNOTATION = 'k8ssandra.io/secret-hash';

function connectionFindings(snapshot: PlatformSnapshot, dp: DataPlaneSnapshot): Finding[] {
  const cp = snapshot.controlPlane;
  const kubectl = new Kubectl(cp);
  const base = { layer: 'plane-connection' as const, plane: dp.name, clusters: clustersServedBy(snapshot, dp) };
  const describeRegistration = dp.registration ? [kubectl.describe('dataplaneregistration', dp.name, cp.namespace)] : [];
  const describeClientConfig = dp.clientConfig ? [kubectl.describe('clientconfig', dp.name, cp.operatorNamespace)] : [];
  const reachable = dp.registration ? conditionOf(dp.registration, 'Reachable') : undefined;
  const findings: Finding[] = [];
  if (dp.error !== undefined) {
    findings.push({
      ...base,
      symptoms: ['multi-dc-coordination', 'creation-stuck'],
      subject: `data plane ${dp.name}`,
      evidence: [`it could not be read: ${dp.error}`, ...(reachable ? [`the control-plane operator reports ${conditionText(reachable)}`] : [])],
      commands: [`kubectl --context ${dp.context} get --raw /readyz`, ...describeRegistration, ...describeClientConfig],
    });
  } else if (reachable && reachable.status !== 'True') {
    findings.push({
      ...base,
      symptoms: ['multi-dc-coordination'],
      subject: `DataPlaneRegistration ${cp.namespace}/${dp.name}`,
      evidence: [`the control-plane operator reports ${conditionText(reachable)}, while the data plane answers here`],
      commands: [...describeRegistration, kubectl.logs(`deployment/${MISSION_CONTROL_OPERATOR_NAME}`, cp.namespace)],
    });
  }
  if (dp.inControlPlaneCluster) return findings;
  if (!dp.clientConfig) {
    findings.push({
      ...base,
      symptoms: ['multi-dc-coordination', 'creation-stuck'],
      subject: `ClientConfig ${cp.operatorNamespace}/${dp.name}`,
      evidence: [`the control-plane k8ssandra-operator has no ClientConfig for ${dp.name}, so it cannot create or watch DCs there`],
      commands: [kubectl.get('clientconfigs', cp.operatorNamespace)],
    });
  } else if (!dp.clientConfig.metadata.annotations?.[LOADED_ANNOTATION]) {
    findings.push({
      ...base,
      symptoms: ['multi-dc-coordination', 'creation-stuck'],
      subject: `ClientConfig ${cp.operatorNamespace}/${dp.name}`,
      evidence: [`not loaded by the control-plane k8ssandra-operator (no ${LOADED_ANNOTATION} annotation): it reads ClientConfigs and their Secrets only when it starts`],
      commands: [...describeClientConfig, `kubectl --context ${cp.context} -n ${cp.operatorNamespace} rollout restart deployment/${K8SSANDRA_OPERATOR_NAME}`],
    });
  }
  return findings;
}

/** Every registered data plane: readable here, reachable for the control plane, loaded by k8ssandra-operator. */
export function planeFindings(snapshot: PlatformSnapshot): Finding[] {
  return snapshot.dataPlanes.flatMap((dp) => connectionFindings(snapshot, dp));
}
