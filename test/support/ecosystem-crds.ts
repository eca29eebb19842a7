import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CrdSchemaValidator } from './crd-schema-validator';

/** Environment variable that points at a folder laid out like `shared/ecosystem-crds`. */
export const ECOSYSTEM_CRDS_ENV = 'MCC_ECOSYSTEM_CRDS';

/** The CRDs of the GitOps tools the delivery objects are written for. */
const DELIVERY_CRD_FILES = ['argo-cd/application-crd.yaml', 'flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml'];

/** `$MCC_ECOSYSTEM_CRDS`, else `../shared/ecosystem-crds` beside the checkout. */
export function ecosystemCrdDir(): string {
  const fromEnv = process.env[ECOSYSTEM_CRDS_ENV];
  const dir = fromEnv ? resolve(fromEnv) : resolve(__dirname, '..', '..', '..', 'shared', 'ecosystem-crds');
  if (!existsSync(join(dir, DELIVERY_CRD_FILES[0]))) {
    throw new Error(`Argo CD and Flux CRDs not found in ${dir}. Set ${ECOSYSTEM_CRDS_ENV} to a folder with ${DELIVERY_CRD_FILES.join(' and ')}.`);
  }
  return dir;
}

/** A validator loaded with the Argo CD Application and Flux Kustomization CRDs. */
export function deliveryCrdValidator(): CrdSchemaValidator {
  const validator = new CrdSchemaValidator();
  const dir = ecosystemCrdDir();
  for (const file of DELIVERY_CRD_FILES) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) validator.addCrd(doc.toJS());
  }
  return validator;
}

/** The Prometheus Operator CRDs the monitoring objects are written for. */
const MONITORING_CRD_FILES = ['servicemonitors', 'podmonitors', 'prometheusrules'].map((kind) => `prometheus-operator/monitoring.coreos.com_${kind}.yaml`);

/** A validator loaded with the Prometheus Operator's ServiceMonitor, PodMonitor and PrometheusRule CRDs. */
export function monitoringCrdValidator(): CrdSchemaValidator {
  const validator = new CrdSchemaValidator();
  const dir = ecosystemCrdDir();
  for (const file of MONITORING_CRD_FILES) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) validator.addCrd(doc.toJS());
  }
  return validator;
}
