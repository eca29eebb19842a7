/**
 * Pulumi components for the same platforms: each renders the manifests the cdk8s constructs
 * synthesise and registers them as Kubernetes resources through a Pulumi provider per cluster.
 * Needs `@pulumi/pulumi` and `@pulumi/kubernetes`, not cdk8s.
 *
 * @module mission-control-constructs/pulumi
 */
export * from './control-plane';
export * from './data-plane';
export * from './cassandra-cluster';
export * from './operations';
export { CrdSource } from '../crds/crd-source';
// The model's enums and option types, so a Pulumi program needs no import from the cdk8s entry.
export * from '../core/model/operators';
export * from '../core/model/platform';
export * from '../core/model/resources';
export * from '../core/topology/model';
export * from '../core/topology/operations';
export type { ControlPlaneOptions, DataPlaneOptions } from '../core/defaults';
export type { MonitoringOptions, MonitoringThresholds } from '../core/model/monitoring';
export type { CassandraClusterOptions, DatacenterOptions, DatacenterOverrides } from '../core/topology/options';
export type { TaskOptions, CassandraTaskOptions, K8ssandraTaskOptions, BackupScheduleOptions, BackupOptions, RestoreOptions } from '../core/topology/operation-options';
export { ValidationError, type Problem } from '../core/problems';
export * as versions from '../core/versions';
