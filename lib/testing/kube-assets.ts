import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root';

/** Absolute paths of the control-plane binaries used by the integration harness. */
export interface KubeAssets {
  /** Executable `kube-apiserver`. */
  readonly kubeApiserver: string;
  /** Executable `etcd`. */
  readonly etcd: string;
}

/** Options for {@link resolveKubeAssets}. */
export interface ResolveKubeAssetsOptions {
  /**
   * Called with each line the script writes to stderr (progress and timings). A cold build
   * takes minutes, so callers usually want to see it. Defaults to writing to `process.stderr`.
   * @default - write each line to `process.stderr`
   */
  readonly onLog?: (line: string) => void;
}

/**
 * Runs one of the package's asset scripts and returns the directory it printed. The scripts
 * print only that path on stdout; progress (a cold build takes minutes) goes to `onLog`.
 */
async function runAssetScript(scriptName: string, options: ResolveKubeAssetsOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const script = join(packageRoot(), 'scripts', scriptName);
  if (!existsSync(script)) throw new Error(`missing ${script}`);
  const onLog = options.onLog ?? ((line: string) => process.stderr.write(`${line}\n`));

  const dir = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let pending = '';
    const stderrLines: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        stderrLines.push(line);
        onLog(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending) {
        stderrLines.push(pending);
        onLog(pending);
      }
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code}:\n${stderrLines.slice(-20).join('\n')}`));
        return;
      }
      const lines = stdout.split('\n').filter((l) => l.trim() !== '');
      if (lines.length !== 1) {
        reject(new Error(`${script} printed ${lines.length} lines on stdout, expected one directory`));
        return;
      }
      resolvePromise(lines[0].trim());
    });
  });

  return dir;
}

function checkBinaries<T extends Record<string, string>>(scriptName: string, dir: string, assets: T): T {
  for (const bin of Object.values(assets)) {
    if (!existsSync(bin) || !statSync(bin).isFile()) throw new Error(`scripts/${scriptName} returned ${dir}, but ${bin} is missing`);
  }
  return assets;
}

/** The `key=value` lines of a BUILD-INFO file the asset scripts write. */
function buildInfo(dir: string): Map<string, string> {
  const info = new Map<string, string>();
  const infoPath = join(dir, 'BUILD-INFO');
  if (existsSync(infoPath)) {
    for (const line of readFileSync(infoPath, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) info.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }
  return info;
}

/**
 * Returns the paths of `kube-apiserver` and `etcd`, building them from Go modules on first use.
 *
 * Runs `scripts/kube-assets.sh`, which honours `KUBEBUILDER_ASSETS`, then a per-user cache,
 * then builds (and caches) the binaries; see that script for the versions and the cache path.
 */
export async function resolveKubeAssets(options: ResolveKubeAssetsOptions = {}): Promise<KubeAssets> {
  const dir = await runAssetScript('kube-assets.sh', options);
  return checkBinaries('kube-assets.sh', dir, { kubeApiserver: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') });
}

/** Absolute paths of the binaries the real-operator harness runs besides the API server. */
export interface OperatorAssets {
  /** Executable `kube-controller-manager`, same Kubernetes version as the API server. */
  readonly kubeControllerManager: string;
  /** Executable cass-operator manager, built from the pinned upstream sources. */
  readonly cassOperator: string;
  /** Executable k8ssandra-operator manager, built from the pinned upstream sources. */
  readonly k8ssandraOperator: string;
  /** The upstream versions the binaries were built from, keyed by binary. */
  readonly versions: { readonly kubernetes: string; readonly cassOperator: string; readonly k8ssandraOperator: string };
}

/**
 * Returns kube-controller-manager, cass-operator and k8ssandra-operator, building them on
 * first use with `scripts/operator-assets.sh` (`MCC_OPERATOR_ASSETS`, a per-user cache keyed by
 * version, or a build from the source archives in `../shared/upstream-src`, overridable with
 * `MCC_UPSTREAM_SRC`).
 */
export async function resolveOperatorAssets(options: ResolveKubeAssetsOptions = {}): Promise<OperatorAssets> {
  const dir = await runAssetScript('operator-assets.sh', options);
  const bins = checkBinaries('operator-assets.sh', dir, {
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    cassOperator: join(dir, 'cass-operator'),
    k8ssandraOperator: join(dir, 'k8ssandra-operator'),
  });
  const info = buildInfo(dir);
  return {
    ...bins,
    versions: {
      kubernetes: info.get('kubernetes') ?? 'unknown',
      cassOperator: info.get('cass-operator') ?? 'unknown',
      k8ssandraOperator: info.get('k8ssandra-operator') ?? 'unknown',
    },
  };
}

/** A cass-operator release other than the pinned pair's, e.g. to upgrade a data plane to it. */
export interface CassOperatorRelease {
  /** Executable cass-operator manager of that release. */
  readonly cassOperator: string;
  /** The upstream release it was built from. */
  readonly version: string;
}

/**
 * Returns cass-operator at `version` (default v1.32.0) with `scripts/cass-operator-assets.sh`
 * (`MCC_CASS_OPERATOR_RELEASE_ASSETS`, the operator cache keyed by version, or a build from
 * the source archive in `../shared/upstream-src`).
 */
export async function resolveCassOperatorRelease(version = 'v1.32.0', options: ResolveKubeAssetsOptions = {}): Promise<CassOperatorRelease> {
  const dir = await runAssetScript('cass-operator-assets.sh', options, { ...process.env, MCC_CASS_OPERATOR_RELEASE: version });
  const bins = checkBinaries('cass-operator-assets.sh', dir, { cassOperator: join(dir, 'cass-operator') });
  const built = buildInfo(dir).get('cass-operator');
  if (built !== undefined && built !== version) throw new Error(`scripts/cass-operator-assets.sh returned ${dir}, built from cass-operator ${built}, not ${version}`);
  return { ...bins, version };
}

/** cert-manager's controller and cainjector, and the CRDs of the same release. */
export interface CertManagerAssets {
  /** Executable cert-manager controller (`cmd/controller`). */
  readonly controller: string;
  /** Executable cert-manager cainjector (`cmd/cainjector`). */
  readonly cainjector: string;
  /** Directory of the release's CustomResourceDefinition YAML files. */
  readonly crdDir: string;
  /** The cert-manager release the binaries were built from. */
  readonly version: string;
}

/** Options of {@link resolveCertManagerAssets}. */
export interface ResolveCertManagerAssetsOptions extends ResolveKubeAssetsOptions {
  /**
   * Build the binaries when neither `MCC_CERT_MANAGER_ASSETS` nor the cache has them. A cold
   * build takes many minutes, so callers that can do without may want to fail fast instead.
   * @default true
   */
  readonly build?: boolean;
}

/**
 * Returns cert-manager's controller and cainjector with `scripts/cert-manager-assets.sh`
 * (`MCC_CERT_MANAGER_ASSETS`, a per-user cache keyed by version, or a build through the Go
 * module proxy).
 */
export async function resolveCertManagerAssets(options: ResolveCertManagerAssetsOptions = {}): Promise<CertManagerAssets> {
  const env = options.build === false ? { ...process.env, MCC_CERT_MANAGER_NO_BUILD: '1' } : process.env;
  const dir = await runAssetScript('cert-manager-assets.sh', options, env);
  const bins = checkBinaries('cert-manager-assets.sh', dir, { controller: join(dir, 'controller'), cainjector: join(dir, 'cainjector') });
  return { ...bins, crdDir: join(dir, 'crds'), version: buildInfo(dir).get('cert-manager') ?? 'unknown' };
}

/** The `promtool` the alert-rule tests run. */
export interface PromtoolAssets {
  /** Executable `promtool`. */
  readonly promtool: string;
  /** The Prometheus release it was built from, or `unknown` when given by `MCC_PROMTOOL`. */
  readonly version: string;
}

/** The `kustomize` CLI, for building synthesised cluster folders as a GitOps controller does. */
export interface KustomizeAssets {
  /** Executable `kustomize`. */
  readonly kustomize: string;
  /** The kustomize release it was built from. */
  readonly version: string;
}

/**
 * Returns `promtool`: `$MCC_PROMTOOL` when set (the path of an executable), else what
 * `scripts/promtool-assets.sh` prints (`MCC_PROMTOOL_ASSETS`, a per-user cache keyed by
 * version, or a build through the Go module proxy).
 */
export async function resolvePromtool(options: ResolveKubeAssetsOptions = {}): Promise<PromtoolAssets> {
  const given = process.env.MCC_PROMTOOL;
  if (given) {
    try {
      accessSync(given, constants.X_OK);
    } catch {
      throw new Error(`MCC_PROMTOOL=${given} is not an executable file`);
    }
    if (!statSync(given).isFile()) throw new Error(`MCC_PROMTOOL=${given} is not an executable file`);
    return { promtool: given, version: 'unknown' };
  }
  const dir = await runAssetScript('promtool-assets.sh', options);
  const { promtool } = checkBinaries('promtool-assets.sh', dir, { promtool: join(dir, 'promtool') });
  return { promtool, version: buildInfo(dir).get('release') ?? 'unknown' };
}

/**
 * Returns `kustomize` with `scripts/kustomize-assets.sh` (`MCC_KUSTOMIZE_ASSETS`, a per-user
 * cache keyed by version, or `go install` through the Go module proxy).
 */
export async function resolveKustomizeAssets(options: ResolveKubeAssetsOptions = {}): Promise<KustomizeAssets> {
  const dir = await runAssetScript('kustomize-assets.sh', options);
  const bins = checkBinaries('kustomize-assets.sh', dir, { kustomize: join(dir, 'kustomize') });
  return { ...bins, version: buildInfo(dir).get('kustomize') ?? 'unknown' };
}

/**
 * The binaries of a real `pulumi up`: the CLI, the Node.js language host (found by the CLI beside
 * it) and the Kubernetes provider.
 */
export interface PulumiAssets {
  /** Directory holding all three; put it first on `PATH`. */
  readonly dir: string;
  /** Executable `pulumi`. */
  readonly pulumi: string;
  /** Executable `pulumi-language-nodejs`. */
  readonly languageHost: string;
  /** Executable `pulumi-resource-kubernetes`. */
  readonly kubernetesProvider: string;
  /** Versions from the build: `pulumi` and `pulumi-resource-kubernetes`. */
  readonly versions: { readonly pulumi: string; readonly kubernetesProvider: string };
}

/**
 * Returns the Pulumi binaries with `scripts/pulumi-assets.sh` (`MCC_PULUMI_ASSETS`, a per-user
 * cache keyed by version, or a build through the Go module proxy: tens of minutes, once).
 */
export async function resolvePulumiAssets(options: ResolveKubeAssetsOptions = {}): Promise<PulumiAssets> {
  const dir = await runAssetScript('pulumi-assets.sh', options);
  const bins = checkBinaries('pulumi-assets.sh', dir, {
    pulumi: join(dir, 'pulumi'),
    languageHost: join(dir, 'pulumi-language-nodejs'),
    kubernetesProvider: join(dir, 'pulumi-resource-kubernetes'),
  });
  const info = buildInfo(dir);
  return { dir, ...bins, versions: { pulumi: info.get('pulumi') ?? 'unknown', kubernetesProvider: info.get('pulumi-resource-kubernetes') ?? 'unknown' } };
}
