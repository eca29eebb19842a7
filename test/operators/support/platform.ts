import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissionControlApp } from '../../../lib';
import type { KubeHttp } from '../../../lib/kube/http';
import { waitFor } from '../../../lib/testing';

/** Synthesises into a fresh temporary folder; returns it and a remover. */
export function synthInto(build: (app: MissionControlApp) => void): { dist: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'mcc-operators-'));
  const dist = join(root, 'dist');
  const app = new MissionControlApp({ outdir: dist });
  build(app);
  app.synth();
  return { dist, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Polls until a value other than undefined comes back (the harness's own `waitFor`). */
export const eventually = waitFor;

/** GET returning the parsed body, or undefined on 404. */
export async function getJson<T = any>(http: KubeHttp, path: string): Promise<T | undefined> {
  const res = await http.request('GET', path);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}: ${res.text.slice(0, 300)}`);
  return res.body as T;
}

/** A Deployment whose rollout finished: updated, available and ready replicas equal the spec. */
export async function rolledOut(http: KubeHttp, namespace: string, name: string): Promise<any | undefined> {
  const d = await getJson(http, `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
  if (!d) return undefined;
  const s = d.status ?? {};
  const want = d.spec.replicas ?? 1;
  const done = s.observedGeneration >= d.metadata.generation && s.updatedReplicas === want && s.availableReplicas === want
    && s.readyReplicas === want && (s.replicas ?? 0) === want;
  return done ? d : undefined;
}
