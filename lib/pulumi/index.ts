export * from './control-plane';
export * from './data-plane';
export { CrdSource } from '../crds/crd-source';
