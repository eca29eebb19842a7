import type { KubeObject } from '../../lib/core/kube-object';
import { APPLIED_HASH_ANNOTATION } from '../../lib/reconciler/operator/applied-hash';
import { driftCondition, driftedPaths, emergencyEdit, EMERGENCY_EDIT_ANNOTATION } from '../../lib/reconciler/operator/drift';
import { WrittenObjects } from '../../lib/reconciler/operator/written-objects';

const kc = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'k8ssandra.io/v1alpha1',
  kind: 'K8ssandraCluster',
  metadata: { name: 'alpha', namespace: 'k8ssandra-operator', labels: { owner: 'alpha' }, annotations: { [APPLIED_HASH_ANNOTATION]: 'h1' }, ...metadata },
  spec,
});
const desired = kc({ cassandra: { serverVersion: '4.1.8', datacenters: [{ metadata: { name: 'a1' }, size: 3, k8sContext: 'dp1' }], config: {} } });

describe('driftedPaths', () => {
  test('defaults and fields of other managers are not drift, nor status and server metadata', () => {
    const live = kc(
      { cassandra: { serverVersion: '4.1.8', serverImage: 'defaulted', datacenters: [{ metadata: { name: 'a1' }, size: 3, k8sContext: 'dp1', stopped: false }] }, reaper: {} },
      { uid: 'u', resourceVersion: '9', generation: 2, labels: { owner: 'alpha', extra: 'x' }, annotations: { [APPLIED_HASH_ANNOTATION]: 'h1', other: 'y' } },
    );
    expect(driftedPaths(desired, { ...live, status: { anything: true } })).toEqual([]);
  });

  test('a changed, removed or retyped field the operator applies is named by its path', () => {
    const live = kc(
      { cassandra: { serverVersion: '4.1.9', datacenters: [{ metadata: { name: 'a1' }, size: '3' }] } },
      { labels: {}, annotations: { [APPLIED_HASH_ANNOTATION]: 'edited' } },
    );
    expect(driftedPaths(desired, live)).toEqual([
      'spec.cassandra.datacenters[0].k8sContext',
      'spec.cassandra.datacenters[0].size',
      'spec.cassandra.serverVersion',
      'metadata.labels.owner',
    ]);
  });

  test('a list of another length is drift of the whole list', () => {
    const live = kc({ cassandra: { serverVersion: '4.1.8', datacenters: [] } });
    expect(driftedPaths(desired, live)).toEqual(['spec.cassandra.datacenters']);
  });

  test('keys that are not identifiers are quoted', () => {
    const want = kc({}, { annotations: { 'example.com/x': 'a' } });
    expect(driftedPaths(want, kc({}, { annotations: {} }))).toEqual(['metadata.annotations["example.com/x"]']);
  });
});

describe('emergencyEdit', () => {
  test('present with its reason, or a placeholder for an empty value; absent otherwise', () => {
    expect(emergencyEdit(kc({}, { annotations: { [EMERGENCY_EDIT_ANNOTATION]: 'INC-42 heap' } }))).toBe('INC-42 heap');
    expect(emergencyEdit(kc({}, { annotations: { [EMERGENCY_EDIT_ANNOTATION]: ' ' } }))).toBe('no reason given');
    expect(emergencyEdit(desired)).toBeUndefined();
    expect(emergencyEdit(undefined)).toBeUndefined();
  });
});

describe('driftCondition', () => {
  const object = 'k8ssandra-operator/alpha';
  const paths = ['spec.cassandra.serverVersion'];

  test('kept for the emergency annotation: True, naming paths, reason and the fix', () => {
    const c = driftCondition({ object, paths, emergency: 'INC-42', reverted: false }, undefined);
    expect(c).toMatchObject({ type: 'Drifted', status: 'True', reason: 'DriftKeptEmergencyEdit' });
    expect(c.message).toContain('spec.cassandra.serverVersion');
    expect(c.message).toContain('"INC-42"');
    expect(c.message).toContain('Fix: remove the annotation');
  });

  test('reverted: False with the paths, kept as the record while nothing drifts', () => {
    const reverted = driftCondition({ object, paths, reverted: true }, undefined);
    expect(reverted).toMatchObject({ status: 'False', reason: 'DriftReverted' });
    expect(reverted.message).toContain('spec.cassandra.serverVersion');
    const previous = { ...reverted, lastTransitionTime: 't', observedGeneration: 1 };
    expect(driftCondition({ object, paths: [], reverted: false }, previous)).toEqual({ type: 'Drifted', status: 'False', reason: 'DriftReverted', message: reverted.message });
  });

  test('a failed revert stays True; drift fixed by hand is NoDrift', () => {
    expect(driftCondition({ object, paths, reverted: false, error: 'forbidden' }, undefined)).toMatchObject({ status: 'True', reason: 'DriftDetected', message: expect.stringContaining('forbidden') });
    const kept = { ...driftCondition({ object, paths, emergency: 'x', reverted: false }, undefined), lastTransitionTime: 't' };
    expect(driftCondition({ object, paths: [], emergency: 'x', reverted: false }, kept)).toMatchObject({ status: 'False', reason: 'NoDrift' });
  });
});

describe('WrittenObjects', () => {
  const at = (rv: string | undefined): KubeObject => ({ ...desired, metadata: { ...desired.metadata, resourceVersion: rv } });

  test('serves the write while the cache shows the replaced version, then the cache', () => {
    let now = 0;
    const written = new WrittenObjects(() => now);
    written.note('k/alpha', at('1'), at('2'));
    expect(written.resolve('k/alpha', at('1'))?.metadata.resourceVersion).toBe('2');
    expect(written.resolve('k/alpha', at('3'))?.metadata.resourceVersion).toBe('3');
    // Forgotten once the cache moved on.
    expect(written.resolve('k/alpha', at('1'))?.metadata.resourceVersion).toBe('1');
    written.note('k/beta', undefined, at('5'));
    expect(written.resolve('k/beta', undefined)?.metadata.resourceVersion).toBe('5');
    now = 60_000;
    expect(written.resolve('k/beta', undefined)).toBeUndefined();
  });

  test('keeps a write as the informer would, without its managedFields', () => {
    const written = new WrittenObjects(() => 0);
    const answer = { ...at('2'), metadata: { ...at('2').metadata, managedFields: [{ manager: 'mission-control-operator', operation: 'Apply' }] } };
    written.note('k/alpha', at('1'), answer);
    const served = written.resolve('k/alpha', at('1'));
    expect(served?.metadata.resourceVersion).toBe('2');
    expect(served?.metadata).not.toHaveProperty('managedFields');
  });

  test('two writes in one pass: the cache showing the first still yields the second', () => {
    const written = new WrittenObjects(() => 0);
    written.note('k/alpha', at('1'), at('2'));
    written.note('k/alpha', at('1'), at('3'));
    expect(written.resolve('k/alpha', at('2'))?.metadata.resourceVersion).toBe('3');
    expect(written.resolve('k/alpha', at('1'))?.metadata.resourceVersion).toBe('3');
    expect(written.resolve('k/alpha', at('3'))?.metadata.resourceVersion).toBe('3');
  });
});
