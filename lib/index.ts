/**
 * mission-control-constructs: typed infrastructure-as-code for Cassandra (K8ssandra)
 * platforms. The cdk8s constructs are exported here; Pulumi components from
 * `mission-control-constructs/pulumi`, the API-server test harness from
 * `mission-control-constructs/testing`.
 *
 * @module mission-control-constructs
 */
export * from './cdk8s';
export { CrdSource, type CrdFiles } from './crds/crd-source';
export * from './core/api-group';
export type { KubeObject, ObjectMeta } from './core/kube-object';
export type { ControlPlaneOptions, DataPlaneOptions } from './core/defaults';
export * from './core/model/operators';
export type { MonitoringOptions, MonitoringThresholds } from './core/model/monitoring';
export * from './core/model/platform';
export * from './core/model/resources';
export { ValidationError, type Problem } from './core/problems';
export * as versions from './core/versions';
export * from './cdk8s/cassandra-cluster';
export * from './cdk8s/tasks';
export * from './cdk8s/backups';
export * from './core/topology/model';
export * from './core/topology/operations';
export type { CassandraClusterOptions, DatacenterOptions, DatacenterOverrides } from './core/topology/options';
export type { TaskOptions, CassandraTaskOptions, K8ssandraTaskOptions, BackupScheduleOptions, BackupOptions, RestoreOptions } from './core/topology/operation-options';
export { resolveCassandraCluster, resolveDatacenter } from './core/topology/options';
export { placeCluster, k8ssandraClusterFor, type ClusterPlacement } from './core/topology/placement';
export { dcReplication, dcReplicationAnnotations, DC_REPLICATION_ANNOTATION } from './core/topology/dc-replication';
export { k8ssandraControlPlane, type K8ssandraControlPlane } from './core/topology/k8ssandra-control-plane';
export { clusterManifests, type Manifests } from './core/topology/delivery';
export { missionControlCluster, clusterSpecFromMissionControlCluster } from './core/topology/mission-control-cluster';
export { validateCluster } from './core/topology/validate-cluster';
export { validateClusterChange } from './core/topology/validate-change';
export { validateTask, validateBackupSchedule, validateBackup, validateRestore } from './core/topology/validate-operations';
export { defaultRacks, statefulSetName, effectiveNumTokens } from './core/topology/effective';
export { cronProblem } from './core/topology/cron';
export type { K8ssandraClusterJson, K8ssandraDatacenterJson, NameRef } from './core/topology/k8ssandra-types';
export { planChanges, formatPlan, ChangeSeverity, type Plan, type PlannedChange, type PlanOptions } from './core/topology/plan';
export type { Folders } from './core/topology/plan-change';
export type { ClusterFolder, RenderedFile } from './core/output/cluster-folder';
export type { DeliveredFolder } from './core/gitops/delivery-order';
export type { CassOperatorInput } from './core/manifests/cass-operator';
export type { K8ssandraOperatorInput } from './core/manifests/k8ssandra-operator';
export type { OperatorResources } from './core/sizing/operator-sizing';
export type { ArgoCdDeliveryOptions, ArgoCdDestination } from './core/gitops/argocd-options';
export type { FluxDeliveryOptions, FluxKubeConfigRef, FluxSourceRef } from './core/gitops/flux-options';
export { SYNC_WAVE_ANNOTATION } from './core/gitops/sync-wave';
export { HEALTH_CHECKS, healthCheckKey, type HealthCheck } from './core/gitops/argocd-health/health-component';
