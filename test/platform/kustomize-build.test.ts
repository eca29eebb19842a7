import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { buildArgoCdPlatform, buildFluxPlatform } from '../../examples/gitops/delivery';
import { buildExamplePlatform, type ExamplePlatformOptions } from '../../examples/platform/platform';
import { CrdSource, type ClusterFolder, type KubeObject, type MissionControlApp } from '../../lib';
import { upstreamCrdDir } from '../../lib/crds/upstream-crd-files';
import { resolveKustomizeAssets } from '../../lib/testing';

/**
 * What a GitOps controller (or `kubectl apply -k`) applies is `kustomize build` of each folder,
 * not the files one by one: it must be exactly the objects synthesised, no more, no fewer, none
 * changed. The CRDs come from the upstream folder, copied verbatim: the release's remote
 * targets would need the network, and kustomize fetches them itself.
 */
let kustomize: string;
const work = mkdtempSync(join(tmpdir(), 'mcc-kustomize-'));
beforeAll(async () => {
  kustomize = (await resolveKustomizeAssets({ onLog: () => undefined })).kustomize;
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const key = (o: KubeObject) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byKey = (objects: readonly KubeObject[]) => [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** The folder's patches as they apply to the verbatim CRDs: metadata merged into every CRD. */
function patched(crd: KubeObject, folder: ClusterFolder): KubeObject {
  return (folder.patches ?? []).reduce<KubeObject>((o, p) => {
    const target = p.target as { kind?: string } | undefined;
    if (target?.kind && target.kind !== o.kind) return o;
    const patch = parse(String(p.patch)) as KubeObject;
    return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, ...patch.metadata.annotations } } };
  }, crd);
}

/** The synthesised objects of a folder, and the upstream CRDs it copies, as they are applied. */
function expected(folder: ClusterFolder): KubeObject[] {
  const crds = folder.verbatimFiles.flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as KubeObject | null)).filter((o): o is KubeObject => o !== null);
  return [...folder.objects, ...crds.map((crd) => patched(crd, folder))];
}

function built(dir: string): KubeObject[] {
  const out = execFileSync(kustomize, ['build', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  return parseAllDocuments(out).map((d) => d.toJS() as KubeObject);
}

const options = (outdir: string): ExamplePlatformOptions => ({ outdir, crds: CrdSource.fromDirectory(upstreamCrdDir()) });

describe.each<[string, (o: ExamplePlatformOptions) => { app: MissionControlApp }]>([
  ['the example platform', buildExamplePlatform],
  ['the example platform delivered by Argo CD (sync waves, the CRD patch)', buildArgoCdPlatform],
  ['the example platform delivered by Flux', buildFluxPlatform],
])('%s', (name, build) => {
  const outdir = join(work, name.replace(/\W+/g, '-'));
  const { app } = build(options(outdir));
  const folders = app.clusterFolders();
  beforeAll(() => app.synth());

  test.each(folders.map((f) => [f.name, f] as const))('kustomize build %s is exactly the objects synthesised', (folderName, folder) => {
    const objects = built(join(outdir, folderName));
    expect(objects.length).toBe(expected(folder).length);
    expect(byKey(objects)).toEqual(byKey(expected(folder)));
  });
});
