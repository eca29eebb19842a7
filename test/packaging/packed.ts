import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
}

/** `npm pack` as a publish runs it, prepack (the compile) included, into `dir`. */
export function pack(dir: string): Packed {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  // npm prints the lifecycle scripts' output before the JSON report.
  const report = JSON.parse(out.slice(out.indexOf('[\n'))) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(dir, report[0].filename), files: report[0].files.map((f) => f.path) };
}

/**
 * A project that installed the tarball, offline: the package unpacked in its node_modules and
 * every other dependency linked from this checkout's node_modules.
 */
export function consumerProject(dir: string, tarball: string): string {
  const modules = join(dir, 'node_modules');
  const target = join(modules, 'mission-control-constructs');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === '.bin' || name.startsWith('.') || name === 'mission-control-constructs') continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  return dir;
}
