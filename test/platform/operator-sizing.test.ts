import fc from 'fast-check';
import { CassandraCluster, ControlPlane, CrdSource, DataPlane, Delivery, MissionControlApp, synthPlatform, type DataPlaneProps } from '../../lib';
import type { KubeObject } from '../../lib/core/kube-object';
import { MISSION_CONTROL_OPERATOR_RESOURCES } from '../../lib/core/manifests/mission-control-operator';
import { DEFAULT_OPERATOR_RESOURCES, operatorResources } from '../../lib/core/manifests/operator-deployment';
import { quantityValue } from '../../lib/core/quantity';
import { NO_LOAD } from '../../lib/core/sizing/operator-load';
import { CASS_OPERATOR, K8SSANDRA_OPERATOR_CONTROL_PLANE, K8SSANDRA_OPERATOR_DATA_PLANE, MISSION_CONTROL_OPERATOR } from '../../lib/core/sizing/operator-profiles';
import { sizeOperator, type OperatorResources } from '../../lib/core/sizing/operator-sizing';
import { planChanges } from '../../lib/core/topology/plan';
import { ChangeSeverity } from '../../lib/core/topology/plan-change';
import { find } from '../support/platform';
import { dataPlane, platformProblems } from '../support/platform-problems';

const PROFILES = { K8SSANDRA_OPERATOR_CONTROL_PLANE, K8SSANDRA_OPERATOR_DATA_PLANE, CASS_OPERATOR, MISSION_CONTROL_OPERATOR };
const value = (q: string): number => quantityValue(q)!;
const MiB = 2 ** 20;

describe('the sizing formula', () => {
  test.each(Object.entries(PROFILES))('%s serving nothing gets its floor', (_, profile) => {
    expect(sizeOperator(profile, NO_LOAD)).toEqual(profile.floor);
  });

  test('the floors are upstream\'s figures, and ours for the control-plane operator', () => {
    for (const p of [K8SSANDRA_OPERATOR_CONTROL_PLANE, K8SSANDRA_OPERATOR_DATA_PLANE, CASS_OPERATOR]) expect(p.floor).toEqual(DEFAULT_OPERATOR_RESOURCES);
    expect(MISSION_CONTROL_OPERATOR.floor).toEqual(MISSION_CONTROL_OPERATOR_RESOURCES);
  });

  test.each(Object.entries(PROFILES))('%s: more clusters or DCs never get less, the request never exceeds the limit, and the memory request covers the measured peak', (_, profile) => {
    const load = fc.record({ clusters: fc.integer({ min: 0, max: 20_000 }), datacenters: fc.integer({ min: 0, max: 20_000 }) });
    fc.assert(fc.property(load, load, (a, b) => {
      const small = { clusters: Math.min(a.clusters, b.clusters), datacenters: Math.min(a.datacenters, b.datacenters) };
      const large = { clusters: Math.max(a.clusters, b.clusters), datacenters: Math.max(a.datacenters, b.datacenters) };
      const [s, l] = [sizeOperator(profile, small), sizeOperator(profile, large)];
      for (const kind of ['requests', 'limits'] as const) {
        for (const r of ['cpu', 'memory'] as const) expect(value(l[kind][r])).toBeGreaterThanOrEqual(value(s[kind][r]));
      }
      for (const r of ['cpu', 'memory'] as const) expect(value(l.requests[r])).toBeLessThanOrEqual(value(l.limits[r]));
      const peak = profile.baseMiB + profile.perDcMiB * large.datacenters + profile.perClusterMiB * large.clusters;
      expect(value(l.requests.memory)).toBeGreaterThanOrEqual(peak * MiB);
      expect(value(l.limits.memory)).toBeGreaterThanOrEqual(1.5 * peak * MiB);
    }));
  });

  test('sizes move in steps: each time memory grows it grows by a third or more, so a few more DCs rarely restart an operator', () => {
    for (const profile of Object.values(PROFILES)) {
      let last = sizeOperator(profile, NO_LOAD);
      for (let n = 1; n <= 5_000; n++) {
        const now = sizeOperator(profile, { clusters: n, datacenters: n });
        for (const kind of ['requests', 'limits'] as const) {
          const [was, is] = [value(last[kind].memory), value(now[kind].memory)];
          if (is !== was) expect(is / was).toBeGreaterThanOrEqual(4 / 3);
        }
        last = now;
      }
    }
  });
});

describe('explicit resources win over the sizing', () => {
  const sized: OperatorResources = { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '384Mi' } };

  test('what is set is kept; the rest comes from the sizing', () => {
    expect(operatorResources({ resources: { limits: { cpu: '2' } } }, sized)).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '2', memory: '384Mi' } });
  });

  test('a sized request above a limit the user set is lowered to it; a sized limit below the user\'s request raised to it', () => {
    expect(operatorResources({ resources: { limits: { memory: '128Mi' } } }, sized).requests.memory).toBe('128Mi');
    expect(operatorResources({ resources: { requests: { memory: '1Gi' } } }, sized).limits.memory).toBe('1Gi');
  });

  test('a request above its limit, both set, is a validation error', () => {
    expect(platformProblems([dataPlane({ cassOperator: { resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } } })])).toEqual([
      { path: 'dp0/cassOperator/resources/requests/memory', message: 'memory request "1Gi" is above its limit "512Mi", which Kubernetes refuses', fix: 'lower the request to at most "512Mi", or raise the limit' },
    ]);
  });
});

describe('the synthesised operators follow what the app places on each plane', () => {
  interface Extra { dataPlane?: Partial<DataPlaneProps>; controlPlaneSizeFor?: { clusters: number; datacenters: number } }
  function synth(dcsInEuWest: number, extra: Extra = {}): Record<string, KubeObject[]> {
    const app = new MissionControlApp({ outdir: '/tmp/unused' });
    const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', crds: CrdSource.none(), ...(extra.controlPlaneSizeFor ? { sizeFor: extra.controlPlaneSizeFor } : {}) });
    const euWest = new DataPlane(app, 'eu-west', { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], crds: CrdSource.none(), ...extra.dataPlane });
    const usEast = new DataPlane(app, 'us-east', { controlPlane, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], crds: CrdSource.none() });
    // Declared after the data planes, as an app does: the sizing is asked at synthesis.
    for (let i = 0; i < dcsInEuWest; i++) {
      new CassandraCluster(controlPlane, `c${i}`, {
        delivery: Delivery.STATIC,
        serverVersion: '4.1.8',
        storage: { storageClassName: 'gp3', size: '10Gi' },
        datacenters: [{ name: `e${i}`, dataPlane: euWest, size: 1 }, ...(i === 0 ? [{ name: 'u0', dataPlane: usEast, size: 1 }] : [])],
      });
    }
    return synthPlatform(app);
  }
  const resources = (folders: Record<string, KubeObject[]>, folder: string, deployment: string) =>
    (find(folders[folder], 'Deployment', deployment).spec as any).template.spec.containers[0].resources;

  test('a small platform gets the floors everywhere', () => {
    const folders = synth(2);
    expect(resources(folders, 'data-plane-eu-west', 'cass-operator-controller-manager')).toEqual(DEFAULT_OPERATOR_RESOURCES);
    expect(resources(folders, 'data-plane-eu-west', 'k8ssandra-operator')).toEqual(DEFAULT_OPERATOR_RESOURCES);
    expect(resources(folders, 'control-plane', 'k8ssandra-operator')).toEqual(DEFAULT_OPERATOR_RESOURCES);
    expect(resources(folders, 'control-plane', 'mission-control-operator')).toEqual(MISSION_CONTROL_OPERATOR_RESOURCES);
  });

  test('a data plane with many DCs gets its operators sized for them; the other data plane keeps its floor; the control plane is sized for every cluster', () => {
    const folders = synth(400);
    const many = { clusters: 400, datacenters: 400 };
    expect(resources(folders, 'data-plane-eu-west', 'cass-operator-controller-manager')).toEqual(sizeOperator(CASS_OPERATOR, many));
    expect(resources(folders, 'data-plane-eu-west', 'k8ssandra-operator')).toEqual(sizeOperator(K8SSANDRA_OPERATOR_DATA_PLANE, many));
    expect(resources(folders, 'data-plane-us-east', 'cass-operator-controller-manager')).toEqual(DEFAULT_OPERATOR_RESOURCES);
    expect(resources(folders, 'control-plane', 'k8ssandra-operator')).toEqual(sizeOperator(K8SSANDRA_OPERATOR_CONTROL_PLANE, { clusters: 400, datacenters: 401 }));
    expect(resources(folders, 'control-plane', 'mission-control-operator')).toEqual(sizeOperator(MISSION_CONTROL_OPERATOR, { clusters: 400, datacenters: 401 }));
    expect(value(resources(folders, 'data-plane-eu-west', 'cass-operator-controller-manager').limits.memory)).toBeGreaterThan(value(DEFAULT_OPERATOR_RESOURCES.limits.memory));
  });

  test('sizeFor sizes for more than the app declares, never for less', () => {
    const ahead = synth(2, { dataPlane: { sizeFor: { clusters: 400, datacenters: 400 } }, controlPlaneSizeFor: { clusters: 400, datacenters: 400 } });
    expect(resources(ahead, 'data-plane-eu-west', 'cass-operator-controller-manager')).toEqual(sizeOperator(CASS_OPERATOR, { clusters: 400, datacenters: 400 }));
    expect(resources(ahead, 'control-plane', 'k8ssandra-operator')).toEqual(sizeOperator(K8SSANDRA_OPERATOR_CONTROL_PLANE, { clusters: 400, datacenters: 400 }));
    const behind = synth(400, { dataPlane: { sizeFor: { clusters: 1, datacenters: 1 } } });
    expect(resources(behind, 'data-plane-eu-west', 'cass-operator-controller-manager')).toEqual(sizeOperator(CASS_OPERATOR, { clusters: 400, datacenters: 400 }));
  });

  test('explicit resources of an operator are kept as given', () => {
    const given = { requests: { cpu: '300m', memory: '300Mi' }, limits: { cpu: '3', memory: '3Gi' } };
    const folders = synth(400, { dataPlane: { cassOperator: { resources: given } } });
    expect(resources(folders, 'data-plane-eu-west', 'cass-operator-controller-manager')).toEqual(given);
  });

  test('plan: a resize is safe and replaces only the operator\'s pod', () => {
    const plan = planChanges(synth(2), synth(400));
    const resize = plan.changes.find((c) => c.plane === 'data-plane-eu-west' && c.path === 'operators/cass-operator/resources')!;
    expect(resize.severity).toBe(ChangeSeverity.SAFE);
    const sized = sizeOperator(CASS_OPERATOR, { clusters: 400, datacenters: 400 });
    expect(resize.message).toBe(`cass-operator resized from requests 100m CPU / 64Mi, limits 500m CPU / 128Mi to requests ${sized.requests.cpu} CPU / ${sized.requests.memory}, limits ${sized.limits.cpu} CPU / ${sized.limits.memory}: its pod is replaced (surge-first, so its webhooks stay served); no Cassandra pod restarts`);
    expect(plan.changes.filter((c) => c.plane === 'data-plane-us-east')).toEqual([]);
  });

  test('sizeFor must count whole clusters and DCs', () => {
    expect(platformProblems([dataPlane({ sizeFor: { clusters: -1, datacenters: 2.5 } })], { sizeFor: { clusters: 10, datacenters: 10 } })).toEqual([
      { path: 'dp0/sizeFor/clusters', message: 'sizeFor.clusters -1 is not a whole number >= 0', fix: 'give the number of clusters to size the operators for, e.g. 50' },
      { path: 'dp0/sizeFor/datacenters', message: 'sizeFor.datacenters 2.5 is not a whole number >= 0', fix: 'give the number of DCs to size the operators for, e.g. 100' },
    ]);
  });
});
