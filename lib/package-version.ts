import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root';

/**
 * This package's version as its package.json states it, so that `--version` of the CLI and of
 * the operator always matches what npm installed (or what the image was built from).
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error('package.json of mission-control-constructs has no version');
  return manifest.version;
}
