import type { DeliveredFolder } from './delivery-order';
import { isDns1123Label } from '../names';
import { problem, show, type Problem } from '../problems';

/** Options both GitOps tools share. */
export interface CommonDeliveryInput {
  readonly pathPrefix?: unknown;
  readonly namespace?: unknown;
  readonly namePrefix?: unknown;
}

/** A relative path inside the repository, without `..`: the tools resolve it from the root. */
export function pathPrefixProblems(path: string, value: unknown): Problem[] {
  const fix = "give the output directory's path inside the repository, e.g. 'dist' ('.' for the root)";
  if (typeof value !== 'string') return [problem(`${path}/pathPrefix`, `pathPrefix must be a string, not ${show(value)}`, fix)];
  const rest = value.replace(/^\.\/?/, '');
  if (rest === '') return [];
  const bad = value.startsWith('/') || value.includes('\\') || rest.split('/').some((s) => s === '' || s === '.' || s === '..' || /\s/.test(s));
  return bad ? [problem(`${path}/pathPrefix`, `pathPrefix ${show(value)} is not a relative path inside the repository (no leading or trailing '/', no '.', '..' or whitespace segments)`, fix)] : [];
}

/**
 * Object names are `<namePrefix><folder>`; Argo CD also writes the Application's name into a
 * label, so each must be a DNS-1123 label (at most 63 characters).
 */
export function nameProblems(path: string, namePrefix: unknown, folders: readonly DeliveredFolder[], kind: string): Problem[] {
  if (namePrefix !== undefined && typeof namePrefix !== 'string') return [problem(`${path}/namePrefix`, `namePrefix must be a string, not ${show(namePrefix)}`, "use lower-case letters, digits and '-', e.g. 'prod-'")];
  const prefix = namePrefix ?? '';
  const bad = folders.map((f) => `${prefix}${f.folder}`).filter((name) => !isDns1123Label(name));
  if (bad.length === 0) return [];
  return [problem(`${path}/namePrefix`, `namePrefix ${show(prefix)} makes ${kind} names that are not DNS-1123 labels of at most 63 characters: ${bad.map(show).join(', ')}`, "use lower-case letters, digits and '-', short enough for the longest folder name, e.g. 'prod-'")];
}

export function namespaceProblems(path: string, value: unknown, example: string): Problem[] {
  if (value === undefined || (typeof value === 'string' && isDns1123Label(value))) return [];
  return [problem(`${path}/namespace`, `namespace ${show(value)} is not a DNS-1123 label`, `use lower-case letters, digits and '-', e.g. '${example}'`)];
}

/**
 * A per-folder map: every key a cluster folder of the app, and every folder outside the
 * control plane's cluster present.
 */
export function perFolderProblems(path: string, prop: string, value: unknown, folders: readonly DeliveredFolder[], what: string): Problem[] {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    return [problem(`${path}/${prop}`, `${prop} must be an object keyed by cluster folder, not ${show(value)}`, 'e.g. { \'data-plane-eu-west\': ... }')];
  }
  const map = (value ?? {}) as Record<string, unknown>;
  const known = folders.map((f) => f.folder);
  const problems: Problem[] = [];
  for (const key of Object.keys(map).sort()) {
    if (!known.includes(key)) problems.push(problem(`${path}/${prop}/${key}`, `${show(key)} is not a cluster folder of this app (folders: ${known.map(show).join(', ')})`, 'use the name of a folder the app writes, or remove the entry'));
  }
  for (const folder of folders) {
    if (!folder.inControlPlaneCluster && map[folder.folder] === undefined) {
      problems.push(problem(`${path}/${prop}`, `${show(folder.folder)} is in a cluster of its own but has no ${what} (${prop}: ${show(value ?? {})})`, `add ${prop}['${folder.folder}']`));
    }
  }
  return problems;
}
