import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { linkImageRoot, placeFile } from './node/image-root';
import type { ImageBinary } from './node/process-runtime';
import { MISSION_CONTROL_OPERATOR_IMAGE } from '../core/versions';
import { packageRoot } from '../package-root';
import { OPERATOR_NODE_FLAGS } from '../reconciler/node-flags';

/** Where the image puts Node and the operator, as the Dockerfile's distroless stage does. */
const NODE_PATH = '/nodejs/bin/node';
const APP = '/app';
const ENTRY = `${APP}/build/lib/reconciler/main.js`;

/** Options of {@link missionControlOperatorImage}. */
export interface MissionControlOperatorImageOptions {
  /**
   * The image reference the pods use.
   * @default the pinned mission-control-operator image the library emits
   */
  readonly image?: string;
  /**
   * Where built image roots are kept, one folder per content hash.
   * @default `$XDG_CACHE_HOME/mission-control-constructs/operator-image` (or `~/.cache/...`)
   */
  readonly cacheDir?: string;
  /**
   * The Node.js binary the image runs. The shipped image runs Node 24, on which the operator
   * loads `@kubernetes/client-node` without its generated API clients (less memory); any Node
   * the library supports runs it.
   * @default `$MCC_OPERATOR_NODE` when set, else the Node running the tests
   */
  readonly node?: string;
}

/**
 * The control-plane operator's image for the kubelet stand-in, built from this package the way
 * the Dockerfile builds it: Node at `/nodejs/bin/node`, the compiled operator and its runtime
 * dependencies under `/app`, and the shared libraries Node links against. Pass it to
 * `startSimulatedPlatform({ images })` to run the `mission-control-operator` Deployment the
 * library synthesises as real pods. From a source checkout the operator is compiled first
 * (cached by a hash of the sources); from an installed package its shipped JavaScript is used.
 */
export function missionControlOperatorImage(options: MissionControlOperatorImageOptions = {}): Record<string, ImageBinary> {
  const root = packageRoot();
  const cacheDir = options.cacheDir ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mission-control-constructs', 'operator-image');
  const node = realpathSync(options.node ?? (process.env.MCC_OPERATOR_NODE || process.execPath));
  const nodeVersion = node === realpathSync(process.execPath) ? process.version : execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const dependencies = runtimeDependencies(root);
  const fromSource = existsSync(join(root, 'lib', 'reconciler', 'main.ts')) && !__filename.endsWith('.js');
  const hash = createHash('sha256');
  hash.update(`${node}\n${nodeVersion}\n${dependencies.map((d) => `${d.at}@${d.version}`).join('\n')}\n`);
  if (fromSource) hashSources(root, hash);
  else hash.update(realpathSync(join(root, 'build')));
  const imageRoot = join(cacheDir, hash.digest('hex').slice(0, 16));
  if (!existsSync(join(imageRoot, ENTRY))) build(imageRoot, root, node, dependencies, fromSource);
  return {
    [options.image ?? MISSION_CONTROL_OPERATOR_IMAGE]: { root: imageRoot, entrypoint: [NODE_PATH, ...OPERATOR_NODE_FLAGS, ENTRY], user: 65532, mountProc: true },
  };
}

interface Dependency {
  /** Directory of the installed package. */
  readonly dir: string;
  /** Where it goes below `/app/node_modules`. */
  readonly at: string;
  readonly version: string;
}

/** The package's runtime dependency tree as installed, resolved the way Node resolves it. */
function runtimeDependencies(root: string): Dependency[] {
  const found = new Map<string, Dependency>();
  const ownModules = join(root, 'node_modules') + sep;
  const visit = (from: string, names: string[], optional: Set<string>) => {
    for (const name of names) {
      const dir = resolvePackage(from, name);
      if (!dir) {
        if (optional.has(name)) continue;
        throw new Error(`${name} (needed by ${from}) is not installed; run npm ci`);
      }
      if (found.has(dir)) continue;
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
      const marker = `${sep}node_modules${sep}`;
      const at = dir.startsWith(ownModules) ? dir.slice(ownModules.length) : dir.slice(dir.indexOf(marker) + marker.length);
      found.set(dir, { dir, at, version: manifest.version ?? '' });
      const optionals = Object.keys(manifest.optionalDependencies ?? {});
      const peers = Object.keys(manifest.peerDependencies ?? {}).filter((p) => resolvePackage(dir, p) !== undefined);
      visit(dir, [...Object.keys(manifest.dependencies ?? {}), ...optionals, ...peers], new Set(optionals));
    }
  };
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  visit(root, Object.keys(own.dependencies ?? {}), new Set());
  return [...found.values()].sort((a, b) => a.at.localeCompare(b.at));
}

interface Manifest {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function resolvePackage(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

function hashSources(root: string, hash: ReturnType<typeof createHash>): void {
  for (const file of ['package.json', 'tsconfig.json']) hash.update(readFileSync(join(root, file)));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) hash.update(`${relative(root, path)}\n`).update(readFileSync(path));
    }
  };
  walk(join(root, 'lib'));
  if (existsSync(join(root, 'imports'))) walk(join(root, 'imports'));
}

function build(imageRoot: string, root: string, node: string, dependencies: Dependency[], fromSource: boolean): void {
  const staging = `${imageRoot}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'proc'), { recursive: true });
  placeFile(node, join(staging, NODE_PATH), false);
  for (const lib of sharedLibraries(node)) placeFile(realpathSync(lib), join(staging, lib), false);
  const app = join(staging, APP);
  placeFile(join(root, 'package.json'), join(app, 'package.json'), false);
  if (fromSource) compile(root, join(app, 'build'), staging);
  else linkImageRoot(join(root, 'build'), join(app, 'build'));
  for (const d of dependencies) linkImageRoot(d.dir, join(app, 'node_modules', d.at));
  rmSync(imageRoot, { recursive: true, force: true });
  renameSync(staging, imageRoot);
}

/** What the dynamic loader maps into Node: the files a distroless Node image carries. */
function sharedLibraries(node: string): string[] {
  const out = execFileSync('ldd', [node], { encoding: 'utf8' });
  return [...out.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]);
}

/** Compiles the operator entry point (and only what it imports), as the image's build stage does. */
function compile(root: string, outDir: string, staging: string): void {
  const config = join(staging, 'tsconfig.image.json');
  writeFileSync(config, JSON.stringify({
    extends: join(root, 'tsconfig.json'),
    compilerOptions: { rootDir: root, outDir, typeRoots: [join(root, 'node_modules', '@types')], declaration: false, inlineSourceMap: false, inlineSources: false, noEmitOnError: true },
    files: [join(root, 'lib', 'reconciler', 'main.ts')],
    include: [],
  }));
  const tsc = join(dirname(require.resolve('typescript/package.json', { paths: [root] })), 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', config], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`compiling the operator for its image failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  } finally {
    rmSync(config, { force: true });
  }
}
