export * from './control-plane';
export * from './data-plane';
export * from './mission-control-app';
export * from './operators';
export * from './platform-validation';
export * from './gitops-delivery';
export * from './argocd-delivery';
export * from './flux-delivery';
