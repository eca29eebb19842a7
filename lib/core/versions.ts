/**
 * The one place that pins versions and images. Everything that emits an image or references
 * an upstream release reads it from here.
 */

/** This package's own release; the control-plane operator image carries the same tag. */
export const MISSION_CONTROL_OPERATOR_VERSION = '0.1.0';
export const MISSION_CONTROL_OPERATOR_IMAGE = `ghcr.io/mission-control-constructs/mission-control-operator:v${MISSION_CONTROL_OPERATOR_VERSION}`;

export const K8SSANDRA_OPERATOR_VERSION = 'v1.32.5';
/**
 * The cass-operator that k8ssandra-operator v1.32.5 is built against (its go.mod; its kustomize
 * bases say v1.30.2, its Helm subchart 0.64.4) and the one the real-operator tests run with it.
 */
export const CASS_OPERATOR_VERSION = 'v1.30.3';

/**
 * k8ssandra-operator releases we have models for, with the cass-operator releases the
 * real-operator tests run beside each. Only these pairs are accepted as `version`s; an image
 * tag may name a later cass-operator patch (rule 1 of operator-compatibility.ts).
 */
export const SUPPORTED_OPERATOR_PAIRS: Readonly<Record<string, readonly string[]>> = {
  'v1.32.5': ['v1.30.3'],
};

export const KNOWN_K8SSANDRA_OPERATOR_VERSIONS = Object.keys(SUPPORTED_OPERATOR_PAIRS);
/**
 * cass-operator releases whose install this library models: webhooks start only with
 * `--webhook-cert-path`, which exists since v1.29.1.
 */
export const KNOWN_CASS_OPERATOR_VERSIONS = ['v1.29.1', 'v1.30.0', 'v1.30.2', 'v1.30.3', 'v1.31.0', 'v1.32.0'];

export const k8ssandraOperatorImage = (version: string): string => `docker.io/k8ssandra/k8ssandra-operator:${version}`;
export const cassOperatorImage = (version: string): string => `docker.io/k8ssandra/cass-operator:${version}`;

export interface OperandImage {
  readonly repository: string;
  readonly name: string;
  readonly tag: string;
}

/** Images the operators start on behalf of Cassandra pods, written into the ImageConfig. */
export interface OperandImages {
  readonly systemLogger: OperandImage;
  readonly configBuilder: OperandImage;
  readonly k8ssandraClient: OperandImage;
  readonly medusa: OperandImage;
  readonly reaper: OperandImage;
}

/**
 * k8ssandra-client tags from the ImageConfig each cass-operator release ships
 * (`config/imageconfig/image_config.yaml`); releases not listed get the newest one known.
 */
const K8SSANDRA_CLIENT_TAGS: Readonly<Record<string, string>> = { 'v1.30.3': 'v0.8.14', 'v1.32.0': 'v0.8.12' };

/**
 * The operand images for one plane. The system-logger sidecar is released with cass-operator
 * under the same tag, so it follows the cass-operator the plane runs; Medusa and Reaper are
 * k8ssandra-operator's choices.
 */
export function operandImages(cassOperatorVersion: string = CASS_OPERATOR_VERSION): OperandImages {
  return {
    systemLogger: { repository: 'k8ssandra', name: 'system-logger', tag: cassOperatorVersion },
    configBuilder: { repository: 'datastax', name: 'cass-config-builder', tag: '1.0-ubi' },
    k8ssandraClient: { repository: 'k8ssandra', name: 'k8ssandra-client', tag: K8SSANDRA_CLIENT_TAGS[cassOperatorVersion] ?? 'v0.8.14' },
    medusa: { repository: 'k8ssandra', name: 'medusa', tag: '0.29.1' },
    reaper: { repository: 'thelastpickle', name: 'cassandra-reaper', tag: '5.0.0' },
  };
}

/** The operand images of the default version pair. */
export const OPERAND_IMAGES: OperandImages = operandImages();

/**
 * The commit each release tag points at in upstream's git, as recorded when the release was
 * modelled. Remote targets use the commit: a tag can be moved or deleted, a commit cannot.
 */
const RELEASE_COMMITS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'k8ssandra/k8ssandra-operator': { 'v1.32.5': 'bcabb887f63b07ab9d03da9c30c08d916e8598e6' },
  'k8ssandra/cass-operator': {
    'v1.30.3': '67f11659d4ac7ec0f2a5c315f7aa56f1428e9867',
    'v1.32.0': 'd6461a03889c3e67fb65fcf65418634d9530bb5a',
  },
};

const crdTarget = (repository: string, ref: string): string => `https://github.com/${repository}/config/crd?ref=${ref}`;

/**
 * Where upstream publishes the CRDs of a release, as kustomize remote targets pinned by commit.
 * A release without a recorded commit falls back to its tag.
 */
export const upstreamCrdKustomizeTargets = (k8ssandraOperatorVersion: string, cassOperatorVersion: string): string[] => [
  ['k8ssandra/k8ssandra-operator', k8ssandraOperatorVersion],
  ['k8ssandra/cass-operator', cassOperatorVersion],
].map(([repository, tag]) => crdTarget(repository, RELEASE_COMMITS[repository]?.[tag] ?? tag));

/** The release a commit-pinned target stands for (e.g. `cass-operator v1.30.3`), to show beside it. */
export function upstreamReleaseOf(target: string): string | undefined {
  for (const [repository, tags] of Object.entries(RELEASE_COMMITS)) {
    for (const [tag, commit] of Object.entries(tags)) {
      if (target === crdTarget(repository, commit)) return `${repository.split('/')[1]} ${tag}`;
    }
  }
  return undefined;
}
