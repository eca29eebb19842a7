import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CrdSourceSpec, DataPlaneSpec } from '../core/model/platform';
import { CASS_OPERATOR_VERSION, K8SSANDRA_OPERATOR_VERSION, upstreamCrdKustomizeTargets } from '../core/versions';

/** The parts of a cluster folder a CRD source contributes. */
export interface CrdFiles {
  /** Kustomize remote targets of upstream's CRDs, by release. */
  readonly remoteResources: string[];
  /** CRD files read from a local directory, written into the folder as they are. */
  readonly verbatimFiles: Array<{ fileName: string; content: string }>;
}

/**
 * Where a data plane's upstream CRDs come from. The repository never holds upstream CRD
 * files; they are referenced by release, read from a folder at synthesis, or left out.
 */
export class CrdSource {
  /**
   * Reference upstream's CRD kustomizations at the pinned releases (the default), by the
   * commit each release tag points at, so a moved tag cannot change what is installed; the
   * kustomization names the tag in a comment beside each target. The folder then needs a
   * kustomize that can fetch from GitHub, as Argo CD and Flux can.
   *
   * Without network access to GitHub (air-gapped clusters, CI without egress), use
   * {@link CrdSource.fromDirectory} with the CRD files of the same releases instead.
   */
  static upstreamRelease(): CrdSource {
    return new CrdSource({ type: 'upstreamRelease' });
  }

  /**
   * Copy CRD files from a local folder laid out like upstream's (`k8ssandra-operator/*.yaml`,
   * `cass-operator/install-ready/*.yaml`, `cass-operator/*.yaml`) into the output. The offline
   * alternative to {@link CrdSource.upstreamRelease}: nothing is fetched at apply time, and the
   * folder should hold the CRDs of the releases the data plane runs (`config/crd` of each
   * operator at its tag; for cass-operator the install-ready CassandraDatacenter, as
   * `kustomize build config/crd` produces it).
   */
  static fromDirectory(path: string): CrdSource {
    return new CrdSource({ type: 'directory', path: resolve(path) });
  }

  /** The CRDs are installed by someone else (another pipeline, a platform team). */
  static none(): CrdSource {
    return new CrdSource({ type: 'none' });
  }

  private constructor(public readonly spec: CrdSourceSpec) {}
}

/** The CRD references or files of a data plane, for the operator versions it runs. */
export function dataPlaneCrdFiles(dp: DataPlaneSpec): CrdFiles {
  return crdFiles(dp.crds, dp.k8ssandraOperator.version ?? K8SSANDRA_OPERATOR_VERSION, dp.cassOperator.version ?? CASS_OPERATOR_VERSION);
}

export function crdFiles(spec: CrdSourceSpec, k8ssandraOperatorVersion: string, cassOperatorVersion: string): CrdFiles {
  switch (spec.type) {
    case 'none':
      return { remoteResources: [], verbatimFiles: [] };
    case 'upstreamRelease':
      return { remoteResources: upstreamCrdKustomizeTargets(k8ssandraOperatorVersion, cassOperatorVersion), verbatimFiles: [] };
    case 'directory':
      return { remoteResources: [], verbatimFiles: readCrdDirectory(spec.path) };
  }
}

/** CRD files of a folder; the install-ready CassandraDatacenter replaces the base one. */
function readCrdDirectory(dir: string): Array<{ fileName: string; content: string }> {
  const files: Array<{ fileName: string; content: string }> = [];
  const yamlIn = (sub: string) => {
    const path = join(dir, sub);
    try {
      if (!statSync(path).isDirectory()) return [];
    } catch {
      return [];
    }
    return readdirSync(path).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  };
  const installReady = new Set(yamlIn('cass-operator/install-ready'));
  for (const sub of ['k8ssandra-operator', 'cass-operator', 'cass-operator/install-ready']) {
    for (const f of yamlIn(sub)) {
      if (sub === 'cass-operator' && installReady.has(f)) continue;
      files.push({ fileName: f, content: readFileSync(join(dir, sub, f), 'utf8') });
    }
  }
  if (files.length === 0) throw new Error(`CrdSource.fromDirectory: no CRD files found under ${dir}`);
  return files;
}
