import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumerProject, pack, ROOT, type Packed } from './packed';

let work: string;
let packed: Packed;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mcc-pack-'));
  packed = pack(work);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the tarball holds the compiled entry points and bins, and no sources, tests or upstream files', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  for (const file of [
    'package.json',
    'README.md',
    'LICENSE',
    'build/lib/index.js',
    'build/lib/index.d.ts',
    'build/lib/pulumi/index.js',
    'build/lib/pulumi/index.d.ts',
    'build/lib/testing/index.js',
    'build/lib/testing/index.d.ts',
    'build/imports/k8ssandra.io.js',
    'build/imports/k8ssandra.io.d.ts',
    'scripts/kube-assets.sh',
    ...Object.values(manifest.bin),
  ]) expect(packed.files).toContain(file);
  const unexpected = packed.files.filter((f) => /^(lib|test|imports|examples|bench|docs|dist|shared)\//.test(f) || /upstream-crds|\.yaml$/.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')));
  expect(unexpected).toEqual([]);
});

test('a cdk8s init typescript-app project (moduleResolution node10, skipLibCheck off) type-checks against every entry point', () => {
  const app = consumerProject(join(work, 'app'), packed.tarball);
  // The tsconfig `cdk8s init typescript-app` writes, as the installed CLI ships it.
  copyFileSync(join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app', 'tsconfig.json'), join(app, 'tsconfig.json'));
  writeFileSync(join(app, 'main.ts'), [
    "import { App } from 'cdk8s';",
    "import { ControlPlane, DataPlane, MissionControlApp } from 'mission-control-constructs';",
    "import { K8ssandraCluster } from 'mission-control-constructs/imports/k8ssandra.io';",
    "import { ControlPlane as PulumiControlPlane } from 'mission-control-constructs/pulumi';",
    "import { startApiServers, type ApiServers } from 'mission-control-constructs/testing';",
    '',
    'export const constructs = [App, ControlPlane, DataPlane, MissionControlApp, K8ssandraCluster, PulumiControlPlane];',
    'export const harness: (planes: string[]) => Promise<ApiServers> = (planes) => startApiServers({ planes });',
    '',
  ].join('\n'));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = (() => {
    try {
      return execFileSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json', '--listFiles'], { cwd: app, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      throw new Error(`tsc failed:\n${(error as { stdout: string }).stdout.split('\n').filter((l) => l.includes('error TS')).join('\n')}`);
    }
  })();
  // node10 ignores `exports`, and the tarball has no pulumi/ or testing/ folder at its root:
  // only typesVersions leads the subpaths to these declarations.
  const loaded = result.split('\n').map((l) => l.replace(/.*\/node_modules\/mission-control-constructs\//, ''));
  for (const entry of ['build/lib/index.d.ts', 'build/lib/pulumi/index.d.ts', 'build/lib/testing/index.d.ts', 'build/imports/k8ssandra.io.d.ts']) expect(loaded).toContain(entry);
}, 300_000);
