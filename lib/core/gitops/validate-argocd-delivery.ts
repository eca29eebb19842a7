import type { ArgoCdDeliveryOptions } from './argocd-options';
import type { DeliveredFolder } from './delivery-order';
import { nameProblems, namespaceProblems, pathPrefixProblems, perFolderProblems } from './validate-delivery-common';
import { isDns1123Subdomain } from '../names';
import { problem, show, type Problem } from '../problems';
import { requiredProps } from '../validation/required';

/** What Argo CD clones: a URL with a scheme, or scp-like `user@host:path`. */
const REPO_URL = /^((https?|ssh|git):\/\/[^\s/]+\S*|[\w.-]+@[\w.-]+:\S+)$/;
const SYNC_OPTION = /^[A-Za-z]+=\S+$/;

function destinationProblems(path: string, options: ArgoCdDeliveryOptions, folders: readonly DeliveredFolder[]): Problem[] {
  const problems = perFolderProblems(path, 'destinations', options.destinations, folders, 'destination');
  for (const [folder, destination] of Object.entries(options.destinations ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const at = `${path}/destinations/${folder}`;
    const d = (destination ?? {}) as { server?: unknown; name?: unknown };
    if ((d.server === undefined) === (d.name === undefined)) {
      problems.push(problem(at, `a destination needs exactly one of server and name, not ${show(destination)}`, "e.g. { server: 'https://eu-west.example.com:6443' } or { name: 'eu-west' }, as the cluster is registered in Argo CD"));
    } else if (d.server !== undefined && !isHttpUrl(d.server)) {
      problems.push(problem(`${at}/server`, `server ${show(d.server)} is not an http(s) URL of an API server`, "e.g. 'https://eu-west.example.com:6443'"));
    } else if (d.name !== undefined && (typeof d.name !== 'string' || d.name.trim() === '')) {
      problems.push(problem(`${at}/name`, `name ${show(d.name)} is not a cluster name`, 'use the name the cluster is registered under in Argo CD (argocd cluster list)'));
    }
  }
  return problems;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Every problem of the Argo CD delivery options; `path` is the construct path. */
export function validateArgoCdDelivery(path: string, options: ArgoCdDeliveryOptions, folders: readonly DeliveredFolder[]): Problem[] {
  const missing = requiredProps(path, options, [
    { key: 'repoURL', kind: 'string', fix: "give the repository Argo CD syncs from, e.g. 'https://github.com/example/platform.git'" },
    { key: 'pathPrefix', kind: 'string', fix: "give the output directory's path inside the repository, e.g. 'dist'" },
  ]);
  const problems: Problem[] = [...missing];
  const o = options ?? ({} as ArgoCdDeliveryOptions);
  if (typeof o.repoURL === 'string' && !REPO_URL.test(o.repoURL)) {
    problems.push(problem(`${path}/repoURL`, `repoURL ${show(o.repoURL)} is not a repository URL`, "use 'https://host/org/repo.git', 'ssh://git@host/org/repo.git' or 'git@host:org/repo.git'"));
  }
  if (typeof o.pathPrefix === 'string') problems.push(...pathPrefixProblems(path, o.pathPrefix));
  if (o.targetRevision !== undefined && (typeof o.targetRevision !== 'string' || !/^\S+$/.test(o.targetRevision))) {
    problems.push(problem(`${path}/targetRevision`, `targetRevision ${show(o.targetRevision)} is not a branch, tag or commit`, "e.g. 'main', 'v1.4.0' or a commit SHA (default 'HEAD')"));
  }
  if (o.project !== undefined && (typeof o.project !== 'string' || !isDns1123Subdomain(o.project))) {
    problems.push(problem(`${path}/project`, `project ${show(o.project)} is not an AppProject name`, "use the name of an existing AppProject, e.g. 'platform' (default 'default')"));
  }
  problems.push(...namespaceProblems(path, o.namespace, 'argocd'));
  problems.push(...nameProblems(path, o.namePrefix, folders, 'Application'));
  problems.push(...destinationProblems(path, o, folders));
  for (const [i, option] of (Array.isArray(o.syncOptions) ? o.syncOptions : []).entries()) {
    if (typeof option !== 'string' || !SYNC_OPTION.test(option)) {
      problems.push(problem(`${path}/syncOptions/${i}`, `sync option ${show(option)} is not of the form Name=value`, "e.g. 'RespectIgnoreDifferences=true'"));
    } else if (/^ServerSideApply=/.test(option)) {
      const why = option === 'ServerSideApply=true' ? 'is set on every Application already' : "conflicts with ServerSideApply=true, which every Application sets: the K8ssandra CRDs exceed client-side apply's annotation limit";
      problems.push(problem(`${path}/syncOptions/${i}`, `sync option ${show(option)} ${why}`, 'remove it'));
    }
  }
  if (o.syncOptions !== undefined && !Array.isArray(o.syncOptions)) problems.push(problem(`${path}/syncOptions`, `syncOptions must be a list, not ${show(o.syncOptions)}`, "e.g. ['RespectIgnoreDifferences=true']"));
  for (const key of ['automated', 'prune', 'selfHeal', 'syncWaves', 'healthChecks'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') problems.push(problem(`${path}/${key}`, `${key} must be true or false, not ${show(o[key])}`, `set ${key}: true or false, or leave it out`));
  }
  return problems;
}
