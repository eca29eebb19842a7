/**
 * mission-control-constructs: typed infrastructure-as-code for Cassandra (K8ssandra)
 * platforms. The cdk8s constructs are exported here; Pulumi components from
 * `mission-control-constructs/pulumi`, the API-server test harness from
 * `mission-control-constructs/testing`.
 */
export * from './cdk8s';
export { CrdSource } from './crds/crd-source';
export * from './core/api-group';
export type { KubeObject, ObjectMeta } from './core/kube-object';
export type { ControlPlaneOptions, DataPlaneOptions } from './core/defaults';
export * from './core/model/operators';
export * from './core/model/platform';
export * from './core/model/resources';
export { ValidationError, type Problem } from './core/problems';
export * as versions from './core/versions';
