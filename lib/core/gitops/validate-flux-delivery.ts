import type { DeliveredFolder } from './delivery-order';
import type { FluxDeliveryOptions } from './flux-options';
import { nameProblems, namespaceProblems, pathPrefixProblems, perFolderProblems } from './validate-delivery-common';
import { isDns1123Subdomain } from '../names';
import { problem, show, type Problem } from '../problems';
import { requiredProps } from '../validation/required';

/** Flux's duration format (the CRD's pattern). */
const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'];

function sourceRefProblems(path: string, sourceRef: FluxDeliveryOptions['sourceRef']): Problem[] {
  const at = `${path}/sourceRef`;
  const problems: Problem[] = [];
  if (sourceRef.kind !== undefined && !SOURCE_KINDS.includes(sourceRef.kind)) {
    problems.push(problem(`${at}/kind`, `kind ${show(sourceRef.kind)} is not a Flux source kind`, `use one of ${SOURCE_KINDS.join(', ')} (default GitRepository)`));
  }
  if (typeof sourceRef.name !== 'string' || !isDns1123Subdomain(sourceRef.name)) {
    problems.push(problem(`${at}/name`, `name ${show(sourceRef.name)} is not the name of a Flux source`, "use the source's metadata.name, e.g. 'flux-system'"));
  }
  problems.push(...namespaceProblems(at, sourceRef.namespace, 'flux-system'));
  return problems;
}

function kubeConfigProblems(path: string, options: FluxDeliveryOptions, folders: readonly DeliveredFolder[]): Problem[] {
  const problems = perFolderProblems(path, 'kubeConfigs', options.kubeConfigs, folders, 'kubeconfig Secret');
  for (const [folder, ref] of Object.entries(options.kubeConfigs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const at = `${path}/kubeConfigs/${folder}`;
    const r = (ref ?? {}) as { secretName?: unknown; key?: unknown };
    if (typeof r.secretName !== 'string' || !isDns1123Subdomain(r.secretName)) {
      problems.push(problem(`${at}/secretName`, `secretName ${show(r.secretName)} is not a Secret name`, `name the Secret holding the cluster's kubeconfig, in the Kustomizations' namespace, e.g. '${folder}-kubeconfig'`));
    }
    if (r.key !== undefined && (typeof r.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(r.key))) {
      problems.push(problem(`${at}/key`, `key ${show(r.key)} is not a Secret data key`, "e.g. 'value' or 'kubeconfig', or leave it out for Flux's default"));
    }
  }
  return problems;
}

/** Every problem of the Flux delivery options; `path` is the construct path. */
export function validateFluxDelivery(path: string, options: FluxDeliveryOptions, folders: readonly DeliveredFolder[]): Problem[] {
  const problems = requiredProps(path, options, [
    { key: 'sourceRef', kind: 'object', fix: "name the Flux source holding the output, e.g. { kind: 'GitRepository', name: 'flux-system' }" },
    { key: 'pathPrefix', kind: 'string', fix: "give the output directory's path inside the source, e.g. 'dist'" },
  ]);
  const o = options ?? ({} as FluxDeliveryOptions);
  if (o.sourceRef !== null && typeof o.sourceRef === 'object') problems.push(...sourceRefProblems(path, o.sourceRef));
  if (typeof o.pathPrefix === 'string') problems.push(...pathPrefixProblems(path, o.pathPrefix));
  problems.push(...namespaceProblems(path, o.namespace, 'flux-system'));
  problems.push(...nameProblems(path, o.namePrefix, folders, 'Kustomization'));
  if (o.interval !== undefined && (typeof o.interval !== 'string' || !DURATION.test(o.interval))) {
    problems.push(problem(`${path}/interval`, `interval ${show(o.interval)} is not a duration`, "e.g. '10m' or '1h30m' (units ms, s, m, h)"));
  }
  for (const key of ['prune', 'wait'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') problems.push(problem(`${path}/${key}`, `${key} must be true or false, not ${show(o[key])}`, `set ${key}: true or false, or leave it out`));
  }
  problems.push(...kubeConfigProblems(path, o, folders));
  return problems;
}
