/**
 * Integration-test harness: real etcd + kube-apiserver processes on loopback, one pair per
 * simulated cluster ("plane"), and helpers to server-side apply synthesised output to them;
 * `startSimulatedPlatform` adds kube-controller-manager, the real operators, cert-manager and a
 * node stand-in; `PulumiStack` runs a real `pulumi up` against them.
 *
 * Binaries come from the package's `scripts/*-assets.sh` (an override variable, a per-user
 * cache, or a build from Go modules). {@link CassandraSimulator} stands in for the Cassandra
 * process behind each pod's management API.
 *
 * @module mission-control-constructs/testing
 */
export { resolveKubeAssets } from './kube-assets';
export { packageRoot } from '../package-root';
export type { KubeAssets, ResolveKubeAssetsOptions } from './kube-assets';
export { startApiServers } from './api-servers';
export type { ApiServerPlane, ApiServers, AuditEvent, StartApiServersOptions } from './api-servers';
export { applyPlatform, applyObjects, readBack, FIELD_MANAGER } from './apply';
export type { ApplyOptions, ApplyReport, KubeObject, ObjRef } from './apply';
export { KubeHttp, statusMessage } from '../kube/http';
export type { KubeCredentialSource, KubeHttpAuth, KubeRequestOptions, KubeResponse, KubeStreamOptions, KubeStreamResponse } from '../kube/http';
export { prunedFields } from './pruned-fields';
export { certManagerCrds } from './cert-manager-crds';
export { CassandraSimulator, CassandraError, ConnectionRefused, CallLog, MANAGEMENT_API_FEATURES, ROUTES as MANAGEMENT_API_ROUTES } from './cassandra';
export type {
  CassandraSimulatorOptions,
  CallRecord,
  Clock,
  ConsistencyLevel,
  JobInfo,
  JobStatus,
  JobType,
  KeyspaceInfo,
  NodeInfo,
  NodeSpec,
  NodeStatus,
  Replication,
  RingInfo,
  RoleInfo,
  ServerType,
  SimulatorLogger,
  SimulatorResponse,
} from './cassandra';
export { resolveOperatorAssets, resolveCassOperatorRelease, resolveCertManagerAssets, resolveKustomizeAssets, resolvePulumiAssets } from './kube-assets';
export type { OperatorAssets, CassOperatorRelease, CertManagerAssets, KustomizeAssets, PulumiAssets, ResolveCertManagerAssetsOptions } from './kube-assets';
export { CertManager, certManagerReleaseCrds } from './cert-manager';
export { startSimulatedPlatform } from './simulated-platform';
export type { SimulatedPlane, SimulatedPlaneOptions, SimulatedPlatform, StartSimulatedPlatformOptions } from './simulated-platform';
export { SimulatorBackend } from './cassandra-backend';
export { controlPlaneAccessKubeconfig, createClientConfigSecret, tokenKubeconfig } from './client-config-secret';
export type { ClientConfigSecretOptions } from './client-config-secret';
export type { CassandraBackend, CassandraPodInfo } from './node/cassandra-runtime';
export type { ContainerProcess, ImageBinary, ProcessPod } from './node/process-runtime';
export type { ContainerStatus, PodRuntime, RunningPod } from './node/runtime';
export type { Obj as StandInObject } from './node/kube-api';
export type { NodeStandIn } from './node/node-stand-in';
export type { CertManagerStandIn } from './cert-manager-stand-in';
export type { ManagedProcess } from './process';
export { missionControlOperatorImage } from './mission-control-operator-image';
export type { MissionControlOperatorImageOptions } from './mission-control-operator-image';
export { PodNetwork, listNamespaces, NETNS_PREFIX, type Sandbox } from './network';
export { sweepOrphanedRuns } from './orphans';
export { waitFor } from './wait-for';
export { PulumiStack, PulumiCommandError } from './pulumi-stack';
export type { PulumiStackOptions, PulumiRun, ResourceChanges, StackUpdate } from './pulumi-stack';
