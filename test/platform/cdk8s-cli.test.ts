import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

test('`cdk8s synth` runs the example app (cdk8s.yaml) and writes the same folders as npm run synth', () => {
  const out = mkdtempSync(join(tmpdir(), 'mcc-cdk8s-cli-'));
  try {
    const outdir = join(out, 'dist');
    execFileSync(join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', outdir], {
      cwd: ROOT,
      // The CLI's update check would try the network; nothing else here needs it.
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      stdio: 'pipe',
      timeout: 120_000,
    });
    expect(readdirSync(outdir).sort()).toEqual(['control-plane', 'data-plane-eu-west', 'data-plane-us-east']);
    expect(readFileSync(join(outdir, 'control-plane', 'kustomization.yaml'), 'utf8')).toContain('12-missioncontrolcluster-mission-control.orders.yaml');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 150_000);

// The README says which path keeps the previous output on a failed run: the CLI deletes its
// output directory before it starts the app, so only a program calling synth() itself does.
test('`cdk8s synth` removes its output directory before the app runs, so a failed run leaves nothing', () => {
  const out = mkdtempSync(join(tmpdir(), 'mcc-cdk8s-cli-'));
  try {
    const outdir = join(out, 'dist');
    mkdirSync(join(outdir, 'control-plane'), { recursive: true });
    writeFileSync(join(outdir, 'control-plane', 'kustomization.yaml'), 'previous\n');
    expect(() => execFileSync(join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--app', 'node -e "process.exit(1)"', '--output', outdir], {
      cwd: ROOT,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      stdio: 'pipe',
      timeout: 120_000,
    })).toThrow();
    expect(existsSync(outdir)).toBe(false);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 150_000);
