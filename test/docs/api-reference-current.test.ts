import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
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

let out: string;
let run: SpawnSyncReturns<string>;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'mcc-api-docs-'));
  run = spawnSync(join(ROOT, 'node_modules', '.bin', 'typedoc'), ['--out', out, '--logLevel', 'Warn'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}, 150_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('every type the public API refers to is exported from an entry point', () => {
  // typedoc.json turns validation.notExported on; its warnings fail `npm run docs` too.
  const lines = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  expect(lines.filter((line) => line.includes('but not included in the documentation'))).toEqual([]);
});

test('docs/api is what `npm run docs` generates from the current sources', () => {
  expect({ status: run.status, error: run.error }).toEqual({ status: 0, error: undefined });
  const generated = files(out);
  const committed = files(COMMITTED);
  expect([...committed.keys()].sort()).toEqual([...generated.keys()].sort());
  const stale = [...generated].filter(([file, text]) => committed.get(file) !== text).map(([file]) => file);
  // Run `npm run docs` and commit docs/api when this fails.
  expect(stale).toEqual([]);
});
