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
