import type { OperatorProfile } from './operator-sizing';
import { MISSION_CONTROL_OPERATOR_RESOURCES } from '../manifests/mission-control-operator';
import { DEFAULT_OPERATOR_RESOURCES } from '../manifests/operator-deployment';

/**
 * Each operator's growth: the least-squares lines BENCHMARKS.md fits through the peaks measured
 * on the real operators ("Operator sizing benchmark"), rounded up. The lines run through the
 * step with no DC, so their slope also carries what the first DCs cost on top (the caches of
 * kinds the operator had not seen yet): about twice the slope between 4 and 16 DCs, which
 * leaves room for DCs of more nodes than the benchmark's single-node ones. Every benchmark
 * cluster has one DC, so what a cluster costs is counted in its DCs.
 */

/** k8ssandra-operator in control-plane mode: it writes every cluster's DCs into their data planes. Measured 55.7 MiB + 766 KiB per DC. */
export const K8SSANDRA_OPERATOR_CONTROL_PLANE: OperatorProfile = {
  baseMiB: 56,
  perDcMiB: 0.75,
  perClusterMiB: 0,
  steadyMilli: 6,
  steadyPerDcMilli: 0.2,
  floor: DEFAULT_OPERATOR_RESOURCES,
};

/** k8ssandra-operator in data-plane mode: it serves what the control plane writes into its cluster. Measured 49.1 MiB + 343 KiB per DC. */
export const K8SSANDRA_OPERATOR_DATA_PLANE: OperatorProfile = {
  baseMiB: 50,
  perDcMiB: 0.35,
  perClusterMiB: 0,
  steadyMilli: 3,
  steadyPerDcMilli: 0.02,
  floor: DEFAULT_OPERATOR_RESOURCES,
};

/** cass-operator: the DCs of its data plane, their StatefulSets, pods and Services. Measured 58.4 MiB + 852 KiB per DC. */
export const CASS_OPERATOR: OperatorProfile = {
  baseMiB: 59,
  perDcMiB: 0.85,
  perClusterMiB: 0,
  steadyMilli: 4,
  steadyPerDcMilli: 0.1,
  floor: DEFAULT_OPERATOR_RESOURCES,
};

/**
 * The control-plane operator, against the cgroup peaks of the reconciler benchmark (what its
 * memory limit is enforced against: 55 MiB with 100 clusters, 78-80 MiB with 1 000) and its
 * steady CPU there (0.36-0.74 CPU seconds per minute).
 */
export const MISSION_CONTROL_OPERATOR: OperatorProfile = {
  baseMiB: 52,
  perDcMiB: 0,
  perClusterMiB: 0.028,
  steadyMilli: 6,
  steadyPerDcMilli: 0.01,
  floor: MISSION_CONTROL_OPERATOR_RESOURCES,
};
