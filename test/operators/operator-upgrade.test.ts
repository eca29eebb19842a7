import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStep, CONTROL_PLANE, dataPlaneSpecOf, installPlanes, NS, readyDc, REGIONS, regionOf, type Step } from './support/multi-region';
import { eventually, getJson, rolledOut } from './support/platform';
import { dataPlaneObjects } from '../../lib/core/manifests/planes';
import { cassOperatorImage } from '../../lib/core/versions';
import type { KubeHttp } from '../../lib/kube/http';
import { missionControlOperatorImage, resolveCassOperatorRelease, SimulatorBackend, startSimulatedPlatform, type SimulatedPlatform } from '../../lib/testing';

/**
 * An operator upgrade in one data plane restarts no Cassandra pod. The cluster `users` has dc1
 * in the control plane's cluster (us-east) and dc2 in eu-west; eu-west's cass-operator moves
 * from v1.30.3 to v1.32.0, and with it the ImageConfig (its system-logger image follows
 * cass-operator), so both of eu-west's operators roll.
 *
 * v1.32.0 is the one other cass-operator release whose sources are here. The library's version
 * rules accept only the tested pair (k8ssandra-operator v1.32.5 with cass-operator v1.30.3), so
 * the upgraded objects are the library's own rendering of eu-west's data plane at v1.32.0
 * (`dataPlaneObjects`), applied as a GitOps tool would apply the folder.
 */
const TARGET = 'v1.32.0';
const STEP: Step = { regions: 2, datacenters: ['dc1', 'dc2'] };
const EU_WEST = REGIONS[1];

let platform: SimulatedPlatform;
const removers: Array<() => void> = [];
const http = (plane: string): KubeHttp => platform.planes[plane].apiServer.http;

/** What a rolling restart would change: every Cassandra pod's identity and restarts, every StatefulSet's generation. */
interface CassandraState {
  readonly pods: Record<string, { uid: string; restarts: number }>;
  readonly statefulSets: Record<string, number>;
}

async function cassandraState(plane: string): Promise<CassandraState> {
  const selector = encodeURIComponent('cassandra.datastax.com/datacenter');
  const pods = await getJson(http(plane), `/api/v1/namespaces/${NS}/pods?labelSelector=${selector}`);
  const sets = await getJson(http(plane), `/apis/apps/v1/namespaces/${NS}/statefulsets?labelSelector=${selector}`);
  return {
    pods: Object.fromEntries((pods?.items ?? []).map((p: any) => [p.metadata.name, {
      uid: p.metadata.uid,
      restarts: (p.status?.containerStatuses ?? []).reduce((n: number, c: { restartCount?: number }) => n + (c.restartCount ?? 0), 0),
    }])),
    statefulSets: Object.fromEntries((sets?.items ?? []).map((s: any) => [s.metadata.name, s.metadata.generation])),
  };
}

/** The running pod of a Deployment, with its image, once the rollout is complete. */
async function operatorImage(plane: string, deployment: string): Promise<string | undefined> {
  const d = await rolledOut(http(plane), NS, deployment);
  return d?.spec?.template?.spec?.containers?.[0]?.image;
}

/** Lines of a pod's container log (the node stand-in keeps one file per container). */
function podLog(podName: string): string {
  const matches: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.startsWith(`${NS}.${podName}.`) && e.name.endsWith('.log')) matches.push(join(dir, e.name));
    }
  };
  walk(platform.logDir);
  return matches.map((f) => readFileSync(f, 'utf8')).join('\n');
}

beforeAll(async () => {
  const release = await resolveCassOperatorRelease(TARGET);
  platform = await startSimulatedPlatform({
    planes: STEP.datacenters!.map((dc) => regionOf(dc)).map((r) => ({ name: r.plane, region: r.plane, zones: [`${r.plane}a`] })),
    cassandra: new SimulatorBackend(),
    logDir: process.env.MCC_OPERATOR_LOGS ?? mkdtempSync(join(tmpdir(), 'mcc-upgrade-logs-')),
    images: { ...missionControlOperatorImage(), [cassOperatorImage(TARGET)]: { binary: release.cassOperator } },
  });
  await installPlanes(platform, STEP);
  await applyStep(platform, STEP, removers);
  for (const dc of STEP.datacenters!) await eventually(`${dc} Ready`, 600_000, () => readyDc(platform, dc), 2_000);
}, 1_200_000);

afterAll(async () => {
  await platform?.stop();
  for (const r of removers) r();
});

test(`cass-operator ${TARGET} in eu-west: both of its operators roll, no Cassandra pod restarts in any plane, every DC stays Ready`, async () => {
  const planes = [CONTROL_PLANE, EU_WEST.plane];
  const before = Object.fromEntries(await Promise.all(planes.map(async (p) => [p, await cassandraState(p)] as const)));
  expect(Object.keys(before[EU_WEST.plane].pods)).toHaveLength(1);
  expect(Object.keys(before[CONTROL_PLANE].pods)).toHaveLength(1);
  const oldPod = (await getJson(http(EU_WEST.plane), `/api/v1/namespaces/${NS}/pods`))!.items
    .find((p: any) => p.metadata.name.startsWith('cass-operator-controller-manager-')).metadata.name;

  // Watched throughout: a DC that leaves Ready, or a pod replaced, even for a moment.
  const lapses: string[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      for (const dc of STEP.datacenters!) if (!await readyDc(platform, dc).catch(() => undefined)) lapses.push(`${dc} not Ready at ${new Date().toISOString()}`);
      const now = await cassandraState(EU_WEST.plane).catch(() => undefined);
      if (now && JSON.stringify(now.pods) !== JSON.stringify(before[EU_WEST.plane].pods)) lapses.push(`eu-west pods ${JSON.stringify(now.pods)}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  })();

  let dc2: any;
  try {
    const spec = dataPlaneSpecOf(STEP, EU_WEST.dataPlane);
    const upgraded = dataPlaneObjects({ ...spec, cassOperator: { ...spec.cassOperator, version: TARGET } });
    const report = await platform.applyObjects(EU_WEST.plane, upgraded);
    expect(report.rejected).toEqual([]);

    await eventually(`eu-west cass-operator ${TARGET} rolled out`, 300_000, async () => (await operatorImage(EU_WEST.plane, 'cass-operator-controller-manager')) === cassOperatorImage(TARGET) ? true : undefined, 2_000);
    await eventually('eu-west k8ssandra-operator rolled for the new ImageConfig', 300_000, async () => {
      const d = await rolledOut(http(EU_WEST.plane), NS, 'k8ssandra-operator');
      return d && d.metadata.generation > 1 ? true : undefined;
    }, 2_000);
    const newPod = (await getJson(http(EU_WEST.plane), `/api/v1/namespaces/${NS}/pods`))!.items
      .find((p: any) => p.metadata.name.startsWith('cass-operator-controller-manager-') && p.metadata.name !== oldPod);
    expect(newPod.spec.containers[0].image).toBe(cassOperatorImage(TARGET));
    // The new release renders dc2's StatefulSet differently and holds the change back: an operator
    // upgrade alone never rolls a DC (only a CassandraDatacenter change or autoupdate-spec does).
    const blocked = /update is blocked, but statefulset needs an update.*"CassandraDatacenter": ?\{"name":"dc2"/;
    dc2 = await eventually(`cass-operator ${TARGET} held dc2's StatefulSet update back`, 180_000, async () => {
      const got = await readyDc(platform, 'dc2');
      return got && podLog(newPod.metadata.name).split('\n').some((line) => blocked.test(line)) ? got : undefined;
    }, 2_000);
    // Held for a minute longer, past cass-operator's periodic requeue.
    await new Promise((r) => setTimeout(r, 60_000));
  } finally {
    watching = false;
    await watcher;
  }

  expect(lapses).toEqual([]);
  for (const p of planes) expect(await cassandraState(p)).toEqual(before[p]);
  expect(dc2.status.cassandraOperatorProgress).toBe('Ready');
  expect(platform.rbacDenials()).toEqual([]);
}, 900_000);
