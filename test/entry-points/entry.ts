import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

/** The two bins, run from source the way `npm run synth` runs the example app. */
export const CLI = join(ROOT, 'lib', 'cli', 'main.ts');
export const OPERATOR = join(ROOT, 'lib', 'reconciler', 'main.ts');

/** The version users see in `npm ls`; both bins must report exactly this. */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const nodeArgs = (entry: string, args: readonly string[]) => ['-r', 'ts-node/register/transpile-only', entry, ...args];
const env = () => ({ ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') });

export function runEntry(entry: string, args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, nodeArgs(entry, args), { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60_000 });
}

export function spawnEntry(entry: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, nodeArgs(entry, args), { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
}
