import { buildExamplePlatform } from './platform';

// `npm run synth` and `cdk8s synth` both run this file; cdk8s passes CDK8S_OUTDIR.
buildExamplePlatform().app.synth();
