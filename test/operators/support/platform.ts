import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlPlane, CrdSource, DataPlane, MissionControlApp } from '../../../lib';
import type { OperatorDeploymentProps } from '../../../lib/core/model/operators';
import { upstreamCrdDir } from '../../../lib/crds/upstream-crd-files';
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

/** Options of {@link twoRegionPlatform}. */
export interface TwoRegionOptions {
  /** Operator settings for both data planes (e.g. pull secrets, which change the ImageConfig). */
  readonly operators?: OperatorDeploymentProps;
}

/**
 * A control plane in us-east-1 with a data plane sharing its cluster, and a data plane in
 * eu-west-1 in a cluster of its own: the shape of the example platform.
 */
export function twoRegionPlatform(app: MissionControlApp, options: TwoRegionOptions = {}) {
  const crds = CrdSource.fromDirectory(upstreamCrdDir());
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1' });
  const usEast = new DataPlane(app, 'us-east', {
    controlPlane,
    name: 'us-east',
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    inControlPlaneCluster: true,
    crds,
    k8ssandraOperator: options.operators,
    cassOperator: options.operators,
  });
  const euWest = new DataPlane(app, 'eu-west', {
    controlPlane,
    name: 'eu-west',
    region: 'eu-west-1',
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    crds,
    k8ssandraOperator: options.operators,
    cassOperator: options.operators,
  });
  return { controlPlane, usEast, euWest };
}

/** Folders of {@link twoRegionPlatform} and the simulated cluster each goes to. */
export const TWO_REGION_FOLDERS = {
  'control-plane': 'us-east-1',
  'data-plane-us-east': 'us-east-1',
  'data-plane-eu-west': 'eu-west-1',
} as const;

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
