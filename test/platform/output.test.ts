import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ControlPlane, CrdSource, DataPlane, MissionControlApp } from '../../lib';
import { upstreamCrdDir } from '../../lib/crds/upstream-crd-files';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'mcc-output-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out[path.slice(dir.length + 1)] = readFileSync(path, 'utf8');
    }
  }
  return out;
}

test('one folder per target cluster, one file per object, and a kustomization listing all of them', () => {
  const outdir = join(work, 'dist');
  buildExamplePlatform({ outdir }).app.synth();
  expect(readdirSync(outdir).sort()).toEqual(['control-plane', 'data-plane-eu-west', 'data-plane-us-east']);
  for (const folder of readdirSync(outdir)) {
    const files = readdirSync(join(outdir, folder)).filter((f) => f !== 'kustomization.yaml');
    const kustomization = parse(readFileSync(join(outdir, folder, 'kustomization.yaml'), 'utf8'));
    const local = (kustomization.resources as string[]).filter((r) => !r.startsWith('https://'));
    expect(local.sort()).toEqual(files.sort());
    for (const file of files) {
      const doc = parse(readFileSync(join(outdir, folder, file), 'utf8'));
      expect(doc.metadata.name).toEqual(expect.any(String));
    }
  }
});

test('kustomization lists objects in apply order', () => {
  const outdir = join(work, 'dist');
  buildExamplePlatform({ outdir }).app.synth();
  const resources: string[] = parse(readFileSync(join(outdir, 'data-plane-eu-west', 'kustomization.yaml'), 'utf8')).resources;
  const kinds = resources.map((r) => (r.startsWith('https://') ? 'UpstreamCRDs' : parse(readFileSync(join(outdir, 'data-plane-eu-west', r), 'utf8')).kind));
  const firstIndex = (kind: string) => kinds.indexOf(kind);
  const lastIndex = (kind: string) => kinds.lastIndexOf(kind);
  const order = ['Namespace', 'UpstreamCRDs', 'Issuer', 'Certificate', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'Service', 'Deployment', 'ValidatingWebhookConfiguration'];
  for (let i = 1; i < order.length; i++) expect(lastIndex(order[i - 1])).toBeLessThan(firstIndex(order[i]));
  expect(resources.filter((r) => r.startsWith('https://'))).toEqual([
    'https://github.com/k8ssandra/k8ssandra-operator/config/crd?ref=bcabb887f63b07ab9d03da9c30c08d916e8598e6',
    'https://github.com/k8ssandra/cass-operator/config/crd?ref=67f11659d4ac7ec0f2a5c315f7aa56f1428e9867',
  ]);
});

test('upstream CRDs are pinned by commit, with the release tag written beside each', () => {
  const outdir = join(work, 'dist');
  buildExamplePlatform({ outdir }).app.synth();
  const lines = readFileSync(join(outdir, 'data-plane-eu-west', 'kustomization.yaml'), 'utf8').split('\n').filter((l) => l.includes('https://'));
  expect(lines).toEqual([
    '  - https://github.com/k8ssandra/k8ssandra-operator/config/crd?ref=bcabb887f63b07ab9d03da9c30c08d916e8598e6 # tag k8ssandra-operator v1.32.5',
    '  - https://github.com/k8ssandra/cass-operator/config/crd?ref=67f11659d4ac7ec0f2a5c315f7aa56f1428e9867 # tag cass-operator v1.30.3',
  ]);
});

test('synthesis is deterministic: byte-identical output twice', () => {
  const a = join(work, 'a');
  const b = join(work, 'b');
  buildExamplePlatform({ outdir: a }).app.synth();
  buildExamplePlatform({ outdir: b }).app.synth();
  expect(readTree(b)).toEqual(readTree(a));
});

test('an invalid app writes nothing, and keeps what a previous synthesis wrote', () => {
  const outdir = join(work, 'dist');
  const broken = () => {
    const app = new MissionControlApp({ outdir });
    const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
    new DataPlane(app, 'dp', { controlPlane: cp, name: 'BAD', region: 'eu-west-1', zones: ['eu-west-1a'] });
    return app;
  };
  expect(() => broken().synth()).toThrow(/nothing was written/);
  expect(existsSync(outdir)).toBe(false);
  expect(readdirSync(work)).toEqual([]);

  mkdirSync(outdir);
  writeFileSync(join(outdir, 'keep.yaml'), 'kept: true\n');
  expect(() => broken().synth()).toThrow(/DNS-1035/);
  expect(readTree(outdir)).toEqual({ 'keep.yaml': 'kept: true\n' });
});

test('a new synthesis replaces the previous output entirely', () => {
  const outdir = join(work, 'dist');
  mkdirSync(join(outdir, 'data-plane-gone'), { recursive: true });
  writeFileSync(join(outdir, 'data-plane-gone', 'x.yaml'), 'x: 1\n');
  buildExamplePlatform({ outdir }).app.synth();
  expect(existsSync(join(outdir, 'data-plane-gone'))).toBe(false);
  expect(readdirSync(work)).toEqual(['dist']);
});

test('CrdSource.fromDirectory copies the install-ready CRDs into the data-plane folder', () => {
  const outdir = join(work, 'dist');
  buildExamplePlatform({ outdir, crds: CrdSource.fromDirectory(upstreamCrdDir()) }).app.synth();
  const crds = readdirSync(join(outdir, 'data-plane-eu-west', 'crds')).sort();
  expect(crds).toContain('k8ssandra.io_k8ssandraclusters.yaml');
  expect(crds).toContain('cassandra.datastax.com_cassandradatacenters.yaml');
  expect(crds).toHaveLength(15);
  const cassandraDatacenter = parse(readFileSync(join(outdir, 'data-plane-eu-west', 'crds', 'cassandra.datastax.com_cassandradatacenters.yaml'), 'utf8'));
  // The install-ready variant: spec.config left to preserve-unknown-fields.
  expect(cassandraDatacenter.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.config).toBeUndefined();
  const resources: string[] = parse(readFileSync(join(outdir, 'data-plane-eu-west', 'kustomization.yaml'), 'utf8')).resources;
  expect(resources.filter((r) => r.startsWith('crds/'))).toHaveLength(15);
  expect(resources.some((r) => r.startsWith('https://'))).toBe(false);
});

test('CrdSource.none leaves the CRDs out', () => {
  const outdir = join(work, 'dist');
  buildExamplePlatform({ outdir, crds: CrdSource.none() }).app.synth();
  const resources: string[] = parse(readFileSync(join(outdir, 'data-plane-eu-west', 'kustomization.yaml'), 'utf8')).resources;
  expect(resources.some((r) => r.startsWith('https://') || r.startsWith('crds/'))).toBe(false);
});
