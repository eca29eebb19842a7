export * from './control-plane';
export * from './data-plane';
export * from './cassandra-cluster';
export * from './operations';
export { CrdSource } from '../crds/crd-source';
