import { NO_LOAD, type PlatformLoads } from './operator-load';
import { CASS_OPERATOR, K8SSANDRA_OPERATOR_CONTROL_PLANE, K8SSANDRA_OPERATOR_DATA_PLANE, MISSION_CONTROL_OPERATOR } from './operator-profiles';
import { sizeOperator, type OperatorResources } from './operator-sizing';
import type { DataPlaneSpec } from '../model/platform';

/** A data plane's operators. Its k8ssandra-operator serves the whole platform when it runs in control-plane mode. */
export function dataPlaneSizing(dp: DataPlaneSpec, loads: PlatformLoads): { k8ssandraOperator: OperatorResources; cassOperator: OperatorResources } {
  const here = loads.dataPlanes[dp.name] ?? NO_LOAD;
  return {
    k8ssandraOperator: dp.inControlPlaneCluster ? sizeOperator(K8SSANDRA_OPERATOR_CONTROL_PLANE, loads.controlPlane) : sizeOperator(K8SSANDRA_OPERATOR_DATA_PLANE, here),
    cassOperator: sizeOperator(CASS_OPERATOR, here),
  };
}

/** The control plane's operators: the control-plane operator, and the k8ssandra-operator when its folder installs one. */
export function controlPlaneSizing(loads: PlatformLoads): { missionControlOperator: OperatorResources; k8ssandraOperator: OperatorResources } {
  return {
    missionControlOperator: sizeOperator(MISSION_CONTROL_OPERATOR, loads.controlPlane),
    k8ssandraOperator: sizeOperator(K8SSANDRA_OPERATOR_CONTROL_PLANE, loads.controlPlane),
  };
}
