import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../core/kube-object';

/**
 * Objects of a synthesised output folder, per cluster folder. Upstream CRD files (`crds/`)
 * and kustomization.yaml are skipped: they hold no clusters.
 */
export function readSynthesis(dir: string): Record<string, KubeObject[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder of synthesised output`);
  const result: Record<string, KubeObject[]> = {};
  for (const folder of readdirSync(dir).sort()) {
    const path = join(dir, folder);
    if (!statSync(path).isDirectory()) continue;
    const objects: KubeObject[] = [];
    for (const file of readdirSync(path).sort()) {
      if (!/\.ya?ml$/.test(file) || file === 'kustomization.yaml') continue;
      for (const doc of parseAllDocuments(readFileSync(join(path, file), 'utf8'))) {
        const obj = doc.toJS() as KubeObject | null;
        if (obj && typeof obj === 'object' && obj.kind && obj.metadata) objects.push(obj);
      }
    }
    result[folder] = objects;
  }
  return result;
}

/** The command that synthesises the app: `app` from cdk8s.yaml unless given. */
export function appCommand(app: string | undefined, cwd: string): string {
  if (app) {
    // A single path is a module to run; anything with arguments is a command line.
    const isModule = !/\s/.test(app.trim());
    if (isModule && /\.ts$/.test(app)) {
      // ts-node looks for tsconfig.json beside the module; use the project's when there is one.
      const project = existsSync(join(cwd, 'tsconfig.json')) ? ' --project tsconfig.json' : '';
      return `npx ts-node --transpile-only${project} ${JSON.stringify(app)}`;
    }
    if (isModule && /\.[cm]?js$/.test(app)) return `node ${JSON.stringify(app)}`;
    return app;
  }
  const config = join(cwd, 'cdk8s.yaml');
  if (!existsSync(config)) throw new Error('no --app given and no cdk8s.yaml in the current folder');
  const command = (parse(readFileSync(config, 'utf8')) as { app?: string } | null)?.app;
  if (!command) throw new Error(`${config} has no app entry`);
  return command;
}

/** Runs the app into a temporary folder (CDK8S_OUTDIR, as cdk8s synth does) and reads it. */
export function synthesise(app: string | undefined, cwd: string = process.cwd()): Record<string, KubeObject[]> {
  const base = mkdtempSync(join(tmpdir(), 'mission-control-plan-'));
  const outdir = join(base, 'out');
  try {
    execSync(appCommand(app, cwd), { cwd, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CDK8S_OUTDIR: outdir } });
    return readSynthesis(resolve(outdir));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
