import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The fast tier runs on every Node line before the Go-built binaries exist (on a fresh machine
 * they are still building), so a test that starts real processes, or runs another Go-built
 * binary (promtool, kustomize), must be in the slow tier: otherwise it waits for the build and
 * times out. Its marks are the harness entry points.
 */
const ROOT = join(__dirname, '..');
const STARTS_REAL_PROCESSES = /\b(startApiServers|startSimulatedPlatform|startReconcilerPlatform|startHoldPlatform|resolvePromtool|resolveKustomizeAssets|resolvePulumiAssets)\b|support\/(reconciler-platform|hold-platform)'/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The patterns `test:fast` passes to `--testPathIgnorePatterns`, as projen wrote them. */
function slowTierPatterns(): RegExp[] {
  const tasks = JSON.parse(readFileSync(join(ROOT, '.projen', 'tasks.json'), 'utf8'));
  const exec: string = tasks.tasks['test:fast'].steps[0].exec;
  const patterns = exec.split('--testPathIgnorePatterns')[1].trim().split(/\s+/).map((p) => p.replace(/^'|'$/g, ''));
  return patterns.map((p) => new RegExp(p));
}

test('every test that starts API servers, controllers or operators is outside the fast tier', () => {
  const slow = slowTierPatterns();
  const starters = testFiles(join(ROOT, 'test')).filter((f) => f !== __filename && STARTS_REAL_PROCESSES.test(readFileSync(f, 'utf8')));
  // The marks must find something, or this test proves nothing.
  expect(starters.length).toBeGreaterThan(5);
  const inFastTier = starters.filter((f) => !slow.some((p) => p.test(`/${relative(ROOT, f).split(sep).join('/')}`)));
  expect(inFastTier.map((f) => relative(ROOT, f))).toEqual([]);
});
