import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { ChildNames } from './child-names';

/** The repository a kustomize URL points into, e.g. `cass-operator`. */
function repositoryOf(url: string, index: number): string {
  return /github\.com\/[^/]+\/([^/?]+)/.exec(url)?.[1] ?? `${index}`;
}

/**
 * The upstream CRDs as kustomize Directories at the pinned refs. Each Directory keeps the
 * prefix its CRDs were first named with (`<folder>:upstream-crds:<i>`): a CRD that is renamed
 * is replaced, and deleting a CRD deletes every object of its kind.
 */
export function upstreamCrds(names: ChildNames, folder: string, directories: readonly string[], opts: pulumi.ComponentResourceOptions): k8s.kustomize.v2.Directory[] {
  return directories.map((directory, i) => {
    const prefix = `${folder}:upstream-crds:${i}`;
    const name = names.claim('kustomize/Directory', [`${names.component}-${repositoryOf(directory, i)}-crds`]);
    return new k8s.kustomize.v2.Directory(name, { directory, resourcePrefix: prefix }, { ...opts, aliases: [{ name: prefix }] });
  });
}
