import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
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
   */
  readonly onLog?: (line: string) => void;
}

/**
 * Returns the paths of `kube-apiserver` and `etcd`, building them from Go modules on first use.
 *
 * Runs `scripts/kube-assets.sh`, which honours `KUBEBUILDER_ASSETS`, then a per-user cache,
 * then builds (and caches) the binaries; see that script for the versions and the cache path.
 */
export async function resolveKubeAssets(options: ResolveKubeAssetsOptions = {}): Promise<KubeAssets> {
  const script = join(packageRoot(), 'scripts', 'kube-assets.sh');
  if (!existsSync(script)) throw new Error(`missing ${script}`);
  const onLog = options.onLog ?? ((line: string) => process.stderr.write(`${line}\n`));

  const dir = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
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

  const assets: KubeAssets = { kubeApiserver: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') };
  for (const bin of Object.values(assets)) {
    if (!existsSync(bin) || !statSync(bin).isFile()) throw new Error(`${script} returned ${dir}, but ${bin} is missing`);
  }
  return assets;
}
