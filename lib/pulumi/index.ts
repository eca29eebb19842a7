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
