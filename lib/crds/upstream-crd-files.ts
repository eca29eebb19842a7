import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../package-root';

/** Environment variable that points at a folder laid out like `shared/upstream-crds`. */
export const UPSTREAM_CRDS_ENV = 'MCC_UPSTREAM_CRDS';

/** Which operator ships a CRD file; decides which data-plane install it belongs to. */
export type CrdOwner = 'k8ssandra-operator' | 'cass-operator';

/** One upstream CRD file, relative to the upstream CRD folder. */
export interface UpstreamCrdFile {
  readonly owner: CrdOwner;
  readonly path: string;
  /** Whether typed bindings are generated for it in imports/. */
  readonly imported: boolean;
}

/**
 * The CRDs upstream installs, in the order upstream's kustomizations list them.
 * CassandraDatacenter is the install-ready variant: the base file still has `spec.config`
 * typed as a byte string, which rejects the object form every user writes.
 */
export const UPSTREAM_CRD_FILES: readonly UpstreamCrdFile[] = [
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/k8ssandra.io_k8ssandraclusters.yaml', imported: true },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/stargate.k8ssandra.io_stargates.yaml', imported: false },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/config.k8ssandra.io_clientconfigs.yaml', imported: false },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/replication.k8ssandra.io_replicatedsecrets.yaml', imported: false },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/reaper.k8ssandra.io_reapers.yaml', imported: false },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/medusa.k8ssandra.io_medusatasks.yaml', imported: false },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/medusa.k8ssandra.io_medusabackups.yaml', imported: false },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/medusa.k8ssandra.io_medusabackupjobs.yaml', imported: true },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/medusa.k8ssandra.io_medusarestorejobs.yaml', imported: true },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/medusa.k8ssandra.io_medusabackupschedules.yaml', imported: true },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/medusa.k8ssandra.io_medusaconfigurations.yaml', imported: true },
  { owner: 'k8ssandra-operator', path: 'k8ssandra-operator/control.k8ssandra.io_k8ssandratasks.yaml', imported: true },
  { owner: 'cass-operator', path: 'cass-operator/install-ready/cassandra.datastax.com_cassandradatacenters.yaml', imported: false },
  { owner: 'cass-operator', path: 'cass-operator/control.k8ssandra.io_cassandratasks.yaml', imported: true },
  { owner: 'cass-operator', path: 'cass-operator/control.k8ssandra.io_scheduledtasks.yaml', imported: false },
];

/*
 * The cass-operator files in the shared folder are v1.32.0's, while the default pair runs
 * cass-operator v1.30.3. They are kept because the two releases' CRDs differ only in Kubernetes
 * core types embedded through a newer k8s.io/api (podTemplateSpec.spec.schedulingGroup and
 * podCertificate.userAnnotations in projected volumes): no cass-operator field, type, enum or
 * required list changed, and nothing this library emits uses the added fields. So every object
 * that validates against them validates against v1.30.3's. Clusters get the CRDs of the release
 * they run: CrdSource.upstreamRelease() references each operator's own tag.
 */

/** The CRD files that get typed bindings in imports/. */
export const IMPORTED_CRD_FILES = UPSTREAM_CRD_FILES.filter((f) => f.imported);

/**
 * Folder holding the upstream CRDs: `$MCC_UPSTREAM_CRDS`, else `shared/upstream-crds` beside
 * the checkout (where the development and CI machines keep them).
 */
export function upstreamCrdDir(): string {
  const fromEnv = process.env[UPSTREAM_CRDS_ENV];
  const dir = fromEnv ? resolve(fromEnv) : resolve(packageRoot(), '..', 'shared', 'upstream-crds');
  if (!existsSync(join(dir, 'k8ssandra-operator'))) {
    throw new Error(
      `Upstream CRDs not found in ${dir}. Set ${UPSTREAM_CRDS_ENV} to a folder with k8ssandra-operator/ and cass-operator/ CRD files (k8ssandra-operator v1.32.5; cass-operator v1.30.3 or v1.32.0, whose CRDs are compatible).`,
    );
  }
  return dir;
}

