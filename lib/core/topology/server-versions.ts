import { ServerType } from './model';

/** Release lines this library knows for each distribution, as version prefixes. */
export const SERVER_VERSION_LINES: Readonly<Record<ServerType, readonly string[]>> = {
  [ServerType.CASSANDRA]: ['3.11', '4.0', '4.1', '5.0'],
  [ServerType.DSE]: ['6.8', '6.9'],
  [ServerType.HCD]: ['1'],
};

/** The shape upstream's schema demands; we want the bare three-part form. */
export const SERVER_VERSION_PATTERN = /^\d+\.\d+\.\d+$/;

export function isKnownServerVersion(serverType: ServerType, version: string): boolean {
  const lines = SERVER_VERSION_LINES[serverType] ?? [];
  return SERVER_VERSION_PATTERN.test(version) && lines.some((line) => version.startsWith(`${line}.`));
}

/**
 * The newest patch of each DSE and HCD minor line, as published when this table was last
 * updated (DSE: DataStax's release notes; HCD: the `datastax/hcd` image tags). Patches are
 * numbered without gaps, so a version above these does not exist (yet): a typo such as
 * `6.9.99` would otherwise pass both webhooks and fail only at image pull. Apache Cassandra
 * is checked by release line only.
 */
export const NEWEST_PATCHES: Readonly<Partial<Record<ServerType, ReadonlyArray<readonly [line: string, newestPatch: number]>>>> = {
  [ServerType.DSE]: [['6.8', 66], ['6.9', 26]],
  [ServerType.HCD]: [['1.0', 0], ['1.1', 0], ['1.2', 3]],
};

/** For DSE and HCD, whether the version is a release in NEWEST_PATCHES; true for others. */
export function isReleasedServerVersion(serverType: ServerType, version: string): boolean {
  const table = NEWEST_PATCHES[serverType];
  if (!table) return true;
  const [major, minor, patch] = version.split('.');
  const newest = table.find(([line]) => line === `${major}.${minor}`)?.[1];
  return newest !== undefined && Number(patch) <= newest;
}

/** The releases of NEWEST_PATCHES for a server type, for messages: '6.8.0 to 6.8.66, ...'. */
export function releaseRanges(serverType: ServerType): string {
  return (NEWEST_PATCHES[serverType] ?? []).map(([line, newest]) => (newest === 0 ? `${line}.0` : `${line}.0 to ${line}.${newest}`)).join(', ');
}

/** Major and minor as numbers, e.g. '4.1.8' -> [4, 1]. */
export function majorMinor(version: string): [number, number] {
  const [major, minor] = version.split('.').map(Number);
  return [major ?? 0, minor ?? 0];
}

/**
 * cassandra.yaml keys only DSE understands; Apache Cassandra and HCD fail to start on unknown
 * keys. A short list of common ones, not exhaustive.
 */
export const DSE_ONLY_CASSANDRA_YAML_KEYS: readonly string[] = [
  'tpc_cores',
  'tpc_io_cores',
  'io_global_queue_depth',
  'nodesync',
];
