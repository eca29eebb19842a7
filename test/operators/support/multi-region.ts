import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, getJson, synthInto } from './platform';
import { CassandraCluster, CassandraTask, ControlPlane, CrdSource, DataPlane, Delivery, K8ssandraTask, MissionControlApp } from '../../../lib';
import { KUBECONFIG_SECRET_KEY, kubeconfigSecretName } from '../../../lib/core/manifests/data-plane-registration';
import type { DataPlaneSpec } from '../../../lib/core/model/platform';
import { upstreamCrdDir } from '../../../lib/crds/upstream-crd-files';
import { applyObjects, controlPlaneAccessKubeconfig, createClientConfigSecret, type SimulatedPlatform } from '../../../lib/testing';

export const NS = 'k8ssandra-operator';

/** A region: its data plane in the model, the simulated cluster it runs in and its DC. */
export interface Region {
  readonly dataPlane: string;
  readonly plane: string;
  readonly dc: string;
  /** The region's DC of the reconciled cluster. */
  readonly reconciledDc: string;
  readonly inControlPlaneCluster?: boolean;
}

/** us-east shares the control plane's cluster; the others each have a cluster of their own. */
export const REGIONS: readonly Region[] = [
  { dataPlane: 'us-east', plane: 'us-east-1', dc: 'dc1', reconciledDc: 'o1', inControlPlaneCluster: true },
  { dataPlane: 'eu-west', plane: 'eu-west-1', dc: 'dc2', reconciledDc: 'o2' },
  { dataPlane: 'ap-south', plane: 'ap-south-1', dc: 'dc3', reconciledDc: 'o3' },
  { dataPlane: 'sa-east', plane: 'sa-east-1', dc: 'dc4', reconciledDc: 'o4' },
];
export const CONTROL_PLANE = REGIONS[0].plane;
/** Namespace of the control plane: the operator, its MissionControlClusters and registrations. */
export const CP_NS = 'mission-control';
export const regionOf = (dc: string): Region => REGIONS.find((r) => r.dc === dc || r.reconciledDc === dc)!;

/** What one synthesis holds: the data planes, and optionally the cluster and its tasks. */
export interface Step {
  /** How many of {@link REGIONS} exist as data planes. */
  readonly regions: number;
  /** DCs of the cluster (each in its region's data plane); none = no cluster yet. */
  readonly datacenters?: readonly string[];
  /** User keyspaces, with 1 replica in each of these DCs. */
  readonly keyspace?: { readonly name: string; readonly datacenters: readonly string[] };
  readonly tasks?: ReadonlyArray<{ readonly id: string; readonly datacenter: string; readonly command: 'cleanup' | 'restart' | 'flush' }>;
  /** Operations across every DC: one K8ssandraTask each, in the control plane. */
  readonly clusterTasks?: ReadonlyArray<{ readonly id: string; readonly command: 'cleanup' | 'flush' }>;
  /** DCs of a second cluster, `orders`, delivered by the control-plane operator. */
  readonly reconciled?: readonly string[];
}

function build(step: Step, onDataPlane?: (plane: DataPlane) => void) {
  return (app: MissionControlApp) => {
    const crds = CrdSource.fromDirectory(upstreamCrdDir());
    const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1' });
    const planes = new Map<string, DataPlane>();
    for (const r of REGIONS.slice(0, step.regions)) {
      const region = r.plane;
      const plane = new DataPlane(app, r.dataPlane, {
        controlPlane, name: r.dataPlane, region, zones: [`${region}a`], inControlPlaneCluster: r.inControlPlaneCluster, crds,
      });
      planes.set(r.dc, plane);
      onDataPlane?.(plane);
    }
    const common = {
      serverVersion: '4.1.8',
      storage: { storageClassName: 'standard', size: '1Gi' },
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    };
    if (step.reconciled?.length) {
      new CassandraCluster(controlPlane, 'orders', {
        ...common,
        delivery: Delivery.RECONCILED,
        datacenters: step.reconciled.map((dc) => ({ name: dc, dataPlane: planes.get(regionOf(dc).dc)!, size: 1 })),
      });
    }
    if (!step.datacenters?.length) return;
    const users = new CassandraCluster(controlPlane, 'users', {
      ...common,
      delivery: Delivery.STATIC,
      ...(step.keyspace ? { keyspaces: [{ name: step.keyspace.name, replication: Object.fromEntries(step.keyspace.datacenters.map((dc) => [dc, 1])) }] } : {}),
      datacenters: step.datacenters.map((dc) => ({ name: dc, dataPlane: planes.get(dc)!, size: 1 })),
    });
    for (const t of step.tasks ?? []) new CassandraTask(users, t.id, { datacenter: t.datacenter, command: { command: t.command } });
    for (const t of step.clusterTasks ?? []) new K8ssandraTask(users, t.id, { command: { command: t.command }, dcConcurrencyPolicy: 'Allow' });
  };
}

/** Synthesised folders of a step and the simulated cluster each goes to. */
export function foldersOf(step: Step): Record<string, string> {
  const out: Record<string, string> = { 'control-plane': CONTROL_PLANE };
  for (const r of REGIONS.slice(0, step.regions)) out[`data-plane-${r.dataPlane}`] = r.plane;
  return out;
}

export function synthStep(step: Step): { dist: string; remove: () => void } {
  return synthInto(build(step));
}

/** The resolved model of one data plane of a step, as its synthesis saw it. */
export function dataPlaneSpecOf(step: Step, dataPlane: string): DataPlaneSpec {
  let found: DataPlaneSpec | undefined;
  const outdir = mkdtempSync(join(tmpdir(), 'mcc-model-'));
  try {
    build(step, (plane) => {
      if (plane.spec.name === dataPlane) found = plane.spec;
    })(new MissionControlApp({ outdir }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  if (!found) throw new Error(`no data plane ${dataPlane} in the step`);
  return found;
}

const annotated = (cc: any) => cc?.metadata?.annotations?.['k8ssandra.io/resource-hash'] && cc.metadata.annotations['k8ssandra.io/secret-hash'];

/**
 * The README's install order for the data planes of `step`: data-plane folders, the kubeconfig
 * Secret of every remote data plane (out of band), then the control-plane folder; waits until
 * the control-plane k8ssandra-operator restarted with every ClientConfig loaded (it annotates
 * them with their hashes while loading them at start-up).
 */
export async function installPlanes(platform: SimulatedPlatform, step: Step): Promise<void> {
  const out = synthStep({ regions: step.regions });
  try {
    const folders = foldersOf(step);
    const dataPlanes = Object.fromEntries(Object.entries(folders).filter(([f]) => f !== 'control-plane'));
    const first = await platform.apply(out.dist, dataPlanes);
    if (first.rejected.length) throw new Error(JSON.stringify(first.rejected));
    const remote = REGIONS.slice(0, step.regions).filter((r) => !r.inControlPlaneCluster);
    const cp = platform.apiServers.planes[CONTROL_PLANE];
    const kubeconfigs = new Map<string, string>();
    for (const r of remote) {
      kubeconfigs.set(r.dataPlane, await createClientConfigSecret({ controlPlane: cp, dataPlane: platform.apiServers.planes[r.plane], dataPlaneName: r.dataPlane }));
    }
    const second = await platform.apply(out.dist, { 'control-plane': CONTROL_PLANE });
    if (second.rejected.length) throw new Error(JSON.stringify(second.rejected));
    // The same kubeconfig for the control-plane operator's registration, in its namespace (which
    // the control-plane folder creates); the data plane sharing the cluster gets one too, for
    // the same mission-control-access identity there.
    for (const r of REGIONS.slice(0, step.regions).filter((x) => x.inControlPlaneCluster)) {
      kubeconfigs.set(r.dataPlane, await controlPlaneAccessKubeconfig({ dataPlane: platform.apiServers.planes[r.plane], dataPlaneName: r.dataPlane }));
    }
    const registrations = await applyObjects(cp, [...kubeconfigs].map(([name, kubeconfig]) => ({
      apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: kubeconfigSecretName(name), namespace: CP_NS }, stringData: { [KUBECONFIG_SECRET_KEY]: kubeconfig },
    })));
    if (registrations.rejected.length) throw new Error(JSON.stringify(registrations.rejected));
    for (const r of remote) {
      await eventually(`ClientConfig ${r.dataPlane} loaded`, 240_000, async () => annotated(await getJson(cp.http, `/apis/config.k8ssandra.io/v1beta1/namespaces/${NS}/clientconfigs/${r.dataPlane}`)));
    }
    for (const r of REGIONS.slice(0, step.regions)) {
      await eventually(`${r.plane} operators running`, 240_000, async () => {
        const pods = ['k8ssandra-operator', 'cass-operator-controller-manager'].map((d) => platform.planes[r.plane].operatorPod(NS, d));
        return pods.every((p) => p?.statuses().every((s) => s.running && s.ready)) ? true : undefined;
      }, 1_000);
    }
  } finally {
    out.remove();
  }
}

/**
 * Applies a step with its cluster. The K8ssandraCluster webhook refuses a DC whose context the
 * operator has not loaded yet, and is unserved while the operator restarts: retried until
 * accepted, as a GitOps tool would.
 */
export async function applyStep(platform: SimulatedPlatform, step: Step, removers: Array<() => void>): Promise<void> {
  const out = synthStep(step);
  removers.push(out.remove);
  await eventually('every object accepted', 180_000, async () => {
    const report = await platform.apply(out.dist, foldersOf(step));
    if (report.rejected.length) throw new Error(report.rejected.map((r) => `${r.ref.kind}/${r.ref.name}: ${r.message}`).join('; '));
    return report;
  }, 2_000);
}

export const dcPath = (dc: string) => `/apis/cassandra.datastax.com/v1beta1/namespaces/${NS}/cassandradatacenters/${dc}`;
export const K8C = `/apis/k8ssandra.io/v1alpha1/namespaces/${NS}/k8ssandraclusters/users`;
export const ORDERS_K8C = `/apis/k8ssandra.io/v1alpha1/namespaces/${NS}/k8ssandraclusters/orders`;
export const ORDERS_MCC = `/apis/missioncontrol.mission-control-constructs.dev/v1alpha1/namespaces/${CP_NS}/missioncontrolclusters/orders`;
export const condition = (obj: any, type: string) => (obj?.status?.conditions ?? []).find((c: { type: string }) => c.type === type);

/** The CassandraDatacenter as its own cluster reports it, if Ready and up to date. */
export async function readyDc(platform: SimulatedPlatform, dc: string): Promise<any> {
  const got = await getJson(platform.planes[regionOf(dc).plane].apiServer.http, dcPath(dc));
  if (!got || condition(got, 'Ready')?.status !== 'True' || got.status?.cassandraOperatorProgress !== 'Ready') return undefined;
  return got.status.observedGeneration === got.metadata.generation ? got : undefined;
}
