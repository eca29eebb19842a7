import { stringify } from 'yaml';
import type { KubeObject } from '../kube-object';
import { applyRank, sortForApply } from './apply-order';

/** One target cluster's output: objects in apply order plus remote (upstream) resources. */
export interface ClusterFolder {
  /** Folder name under the output directory, e.g. `control-plane`, `data-plane-eu-west`. */
  readonly name: string;
  readonly objects: readonly KubeObject[];
  /** Kustomize remote targets applied before the local files (upstream CRDs by release). */
  readonly remoteResources: readonly string[];
  /** Files copied verbatim (e.g. CRDs from a local directory), applied with the CRD rank. */
  readonly verbatimFiles: ReadonlyArray<{ readonly fileName: string; readonly content: string }>;
}

export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

const YAML_OPTIONS = { lineWidth: 0, sortMapEntries: false } as const;

/** Deterministic YAML: insertion order as built, no folding, LF endings. */
export function toYaml(obj: unknown): string {
  return stringify(obj, YAML_OPTIONS);
}

function fileName(obj: KubeObject): string {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}.` : '';
  return `${String(applyRank(obj)).padStart(2, '0')}-${obj.kind.toLowerCase()}-${ns}${obj.metadata.name}.yaml`;
}

/** The files of one cluster folder, including its kustomization.yaml, in a stable order. */
export function renderClusterFolder(folder: ClusterFolder): RenderedFile[] {
  const objects = sortForApply(folder.objects);
  const seen = new Map<string, number>();
  const files: RenderedFile[] = [];
  for (const file of folder.verbatimFiles) files.push({ path: `crds/${file.fileName}`, content: file.content });
  const crdCount = objects.filter((o) => applyRank(o) <= 1).length;
  const local = objects.map((obj) => {
    const name = fileName(obj);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return { path: n === 1 ? name : name.replace(/\.yaml$/, `-${n}.yaml`), content: toYaml(obj) };
  });
  // Namespaces and our CRDs first, then upstream CRDs, then everything else.
  const ordered = [
    ...local.slice(0, crdCount).map((f) => f.path),
    ...folder.remoteResources,
    ...files.map((f) => f.path),
    ...local.slice(crdCount).map((f) => f.path),
  ];
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    // Upstream CRDs exceed the 256 KiB last-applied annotation: apply server-side
    // (kubectl apply --server-side, Argo CD ServerSideApply=true, Flux does by default).
    commonAnnotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' },
    resources: ordered,
  };
  return [...files, ...local, { path: 'kustomization.yaml', content: toYaml(kustomization) }].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
