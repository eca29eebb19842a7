import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './public-api';

const COMMITTED = join(ROOT, 'docs', 'api');

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

test('docs/api is what `npm run docs` generates from the current sources', () => {
  const out = mkdtempSync(join(tmpdir(), 'mcc-api-docs-'));
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'typedoc'), ['--out', out, '--logLevel', 'Warn'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    const generated = files(out);
    const committed = files(COMMITTED);
    expect([...committed.keys()].sort()).toEqual([...generated.keys()].sort());
    const stale = [...generated].filter(([file, text]) => committed.get(file) !== text).map(([file]) => file);
    // Run `npm run docs` and commit docs/api when this fails.
    expect(stale).toEqual([]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 150_000);
