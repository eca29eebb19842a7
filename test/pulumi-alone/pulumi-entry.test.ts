import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const HIDE = join(__dirname, 'without-cdk8s.js');

function load(entry: string) {
  const script = `const m = require(${JSON.stringify(entry)}); process.stdout.write(Object.keys(m).sort().join(','));`;
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', HIDE, '-e', script], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

test('the Pulumi entry point loads without cdk8s and constructs installed', () => {
  const result = load(join(ROOT, 'lib', 'pulumi', 'index.ts'));
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout.split(',')).toEqual(expect.arrayContaining(['CassandraCluster', 'ControlPlane', 'DataPlane', 'Delivery', 'ServerType', 'ValidationError', 'versions']));
}, 150_000);

test('the hook does hide them: the cdk8s entry point fails to load', () => {
  const result = load(join(ROOT, 'lib', 'index.ts'));
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/Cannot find module '(cdk8s|constructs)'/);
}, 150_000);
