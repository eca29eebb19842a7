import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Testing } from 'cdk8s';
import type { Construct } from 'constructs';
import { CassandraCluster, ControlPlane, DataPlane, MissionControlApp, ValidationError } from '../../lib';

const ROOT = resolve(__dirname, '..', '..');

/** A DC of 4 nodes over 3 racks, and a data plane region with a typo: two problems. */
function invalidPlatform(app: Construct) {
  const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
  const dp = new DataPlane(app, 'us-east', { controlPlane: cp, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], inControlPlaneCluster: true });
  new DataPlane(app, 'eu-west', { controlPlane: cp, name: 'eu-west', region: 'eu-wset-1', zones: ['eu-wset-1a'] });
  new CassandraCluster(cp, 'orders', { serverVersion: '4.1.8', storage: { storageClassName: 'gp3', size: '100Gi' }, datacenters: [{ name: 'dc1', dataPlane: dp, size: 4 }] });
  return cp;
}

const EXPECTED = [
  {
    path: 'eu-west/region',
    message: 'region "eu-wset-1" is not a known cloud region; did you mean "eu-west-1"?',
    fix: 'correct the region, or set allowUnlistedRegion: true if "eu-wset-1" is a region missing from this library\'s table',
  },
  { path: 'cp/orders/datacenters[0]/size', message: 'size 4 is not a multiple of the 3 racks (1a, 1b, 1c)', fix: 'use a multiple of 3, e.g. 3, so every rack holds the same number of nodes' },
];

function problemsThrownBy(run: () => unknown) {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

let tmp: string;
beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'mcc-synth-paths-'))));
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('a plain cdk8s App reports every problem together and writes nothing, not even its outdir', () => {
  const outdir = join(tmp, 'dist');
  const app = new App({ outdir });
  invalidPlatform(app);
  expect(problemsThrownBy(() => app.synth())).toEqual(EXPECTED);
  expect(existsSync(outdir)).toBe(false);
});

test('a plain App leaves a previous output untouched when invalid', () => {
  const outdir = join(tmp, 'dist');
  mkdirSync(outdir);
  writeFileSync(join(outdir, 'cp.k8s.yaml'), 'previous');
  const app = new App({ outdir });
  invalidPlatform(app);
  expect(() => app.synth()).toThrow(ValidationError);
  expect(readdirSync(outdir)).toEqual(['cp.k8s.yaml']);
  expect(readFileSync(join(outdir, 'cp.k8s.yaml'), 'utf8')).toBe('previous');
});

test('Testing.app() and Testing.synth report the same problems; no file is written', () => {
  const app = Testing.app();
  const cp = invalidPlatform(app);
  expect(problemsThrownBy(() => app.synth())).toEqual(EXPECTED);
  expect(readdirSync(app.outdir)).toEqual([]);
  expect(problemsThrownBy(() => Testing.synth(cp))).toEqual(EXPECTED);
  expect(problemsThrownBy(() => app.synthYaml())).toEqual(EXPECTED);
  rmSync(app.outdir, { recursive: true, force: true });
});

test('MissionControlApp reports the same problems', () => {
  const app = new MissionControlApp({ outdir: join(tmp, 'dist') });
  invalidPlatform(app);
  expect(problemsThrownBy(() => app.synth())).toEqual(EXPECTED);
  expect(readdirSync(tmp)).toEqual([]);
});

test('a valid platform synthesises through a plain App', () => {
  const app = new App({ outdir: join(tmp, 'dist') });
  const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
  new DataPlane(app, 'eu-west', { controlPlane: cp, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'] });
  app.synth();
  expect(readdirSync(join(tmp, 'dist')).sort()).toEqual(['cp.k8s.yaml', 'eu-west.k8s.yaml']);
});

test('`cdk8s synth` of a plain JavaScript app fails with every problem and writes nothing', () => {
  const app = join(tmp, 'app.js');
  writeFileSync(
    app,
    `const { App } = require(${JSON.stringify(join(ROOT, 'node_modules', 'cdk8s'))});
const { ControlPlane, DataPlane } = require(${JSON.stringify(join(ROOT, 'lib'))});
const app = new App();
const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
new DataPlane(app, 'eu-west', { controlPlane: cp, name: 'eu-west', region: 'eu-wset-1' });
app.synth();
`,
  );
  const outdir = join(tmp, 'dist');
  let stderr = '';
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--app', `node -r ts-node/register/transpile-only ${app}`, '--output', outdir], {
      cwd: ROOT,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      stdio: 'pipe',
      timeout: 120_000,
    });
  } catch (e) {
    stderr = String((e as { stderr?: Buffer }).stderr);
  }
  expect(stderr).toContain('Validation failed with 2 problems; nothing was written:');
  expect(stderr).toContain('[eu-west/region] region "eu-wset-1" is not a known cloud region; did you mean "eu-west-1"?');
  expect(stderr).toContain('[eu-west/zones] zones is required but missing (undefined)');
  expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
}, 150_000);
