import type { KubeObject } from '../../lib/core/kube-object';
import type { OperatorContext } from '../../lib/reconciler/operator/context';
import { SettledPasses } from '../../lib/reconciler/operator/settled-passes';
import { WrittenObjects } from '../../lib/reconciler/operator/written-objects';
import { ObjectStore } from '../../lib/reconciler/runtime/store';

const object = (kind: string, name: string, namespace: string, resourceVersion: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace, resourceVersion } });

function fixture() {
  const k8ssandraClusters = new ObjectStore<KubeObject>();
  const registrations = new ObjectStore<KubeObject>();
  const reachable = new Map<string, boolean>([['eu-west', true]]);
  const written = new WrittenObjects();
  const ctx = {
    k8ssandraClusters: { informer: { store: k8ssandraClusters }, namespace: 'k8ssandra-operator', written },
    registrations: { store: registrations },
    dataPlanes: { reachable: (dp: string) => reachable.get(dp) ?? false, connecting: () => false, reason: (dp: string) => (reachable.get(dp) ? undefined : 'connection refused') },
  } as unknown as OperatorContext;
  k8ssandraClusters.set(object('K8ssandraCluster', 'users', 'k8ssandra-operator', '10'));
  registrations.set(object('DataPlaneRegistration', 'eu-west', 'mission-control', '3'));
  return { passes: new SettledPasses(ctx), k8ssandraClusters, registrations, reachable, written };
}

const KC = { name: 'users', namespace: 'k8ssandra-operator' };
const HOSTING = ['eu-west'];

describe('SettledPasses', () => {
  test('a pass that wrote nothing is skipped until one of its inputs has a new version', () => {
    const f = fixture();
    const mcc = object('MissionControlCluster', 'users', 'mission-control', '7');
    expect(f.passes.unchanged('mission-control/users', mcc)).toBe(false);
    const before = f.passes.inputs(mcc, KC, HOSTING);
    f.passes.settled('mission-control/users', mcc, KC, HOSTING, before);
    expect(f.passes.unchanged('mission-control/users', mcc)).toBe(true);
    expect(f.passes.unchanged('mission-control/users', mcc)).toBe(true);

    // The cluster itself changed.
    expect(f.passes.unchanged('mission-control/users', { ...mcc, metadata: { ...mcc.metadata, resourceVersion: '8' } })).toBe(false);
    // Once missed, the pass runs in full until it settles again.
    expect(f.passes.unchanged('mission-control/users', mcc)).toBe(false);
  });

  test.each([
    ['its K8ssandraCluster (a hand edit, or the status k8ssandra-operator reports)', (f: ReturnType<typeof fixture>) => { f.k8ssandraClusters.set(object('K8ssandraCluster', 'users', 'k8ssandra-operator', '11')); }],
    ['a data-plane registration', (f: ReturnType<typeof fixture>) => { f.registrations.set(object('DataPlaneRegistration', 'eu-west', 'mission-control', '4')); }],
    ['a data plane registering', (f: ReturnType<typeof fixture>) => { f.registrations.set(object('DataPlaneRegistration', 'us-east', 'mission-control', '1')); }],
    ['the reachability of a hosting data plane', (f: ReturnType<typeof fixture>) => { f.reachable.set('eu-west', false); }],
    ['its K8ssandraCluster as the operator just wrote it', (f: ReturnType<typeof fixture>) => { f.written.note('k8ssandra-operator/users', f.k8ssandraClusters.get('users', 'k8ssandra-operator'), object('K8ssandraCluster', 'users', 'k8ssandra-operator', '12')); }],
  ])('a change of %s runs the pass again', (_what, change) => {
    const f = fixture();
    const mcc = object('MissionControlCluster', 'users', 'mission-control', '7');
    f.passes.settled('mission-control/users', mcc, KC, HOSTING, f.passes.inputs(mcc, KC, HOSTING));
    expect(f.passes.unchanged('mission-control/users', mcc)).toBe(true);
    change(f);
    expect(f.passes.unchanged('mission-control/users', mcc)).toBe(false);
  });

  test('a pass that wrote something, or read what no cache holds, is not remembered', () => {
    const f = fixture();
    const mcc = object('MissionControlCluster', 'users', 'mission-control', '7');
    const before = f.passes.inputs(mcc, KC, HOSTING);
    // Its status write gave the cluster a new version.
    f.passes.settled('mission-control/users', { ...mcc, metadata: { ...mcc.metadata, resourceVersion: '8' } }, KC, HOSTING, before);
    expect(f.passes.unchanged('mission-control/users', { ...mcc, metadata: { ...mcc.metadata, resourceVersion: '8' } })).toBe(false);

    // A K8ssandraCluster outside the watched namespace is read at every pass.
    const elsewhere = { name: 'users', namespace: 'shared' };
    expect(f.passes.inputs(mcc, elsewhere, HOSTING)).toBeUndefined();
    f.passes.settled('mission-control/users', mcc, elsewhere, HOSTING, undefined);
    expect(f.passes.unchanged('mission-control/users', mcc)).toBe(false);
  });
});
