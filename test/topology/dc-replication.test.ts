import { cluster } from './fixtures';
import { DC_REPLICATION_ANNOTATION, dcReplication, dcReplicationAnnotations } from '../../lib/core/topology/dc-replication';
import type { KeyspaceSpec } from '../../lib/core/topology/model';

const keyspaces: KeyspaceSpec[] = [
  { name: 'orders', replication: { dc1: 3, dc2: 3, dc3: 3 } },
  { name: 'audit', replication: { dc1: 1 } },
];

test("upstream's format: DC -> keyspace -> replicas, every declared keyspace in every entry, 0 where not replicated", () => {
  expect(JSON.parse(dcReplication(cluster({ keyspaces }), ['dc3']))).toEqual({ dc3: { audit: 0, orders: 3 } });
});

test('keys are sorted, so the annotation is stable whatever the declaration order', () => {
  const reordered = cluster({ keyspaces: [...keyspaces].reverse() });
  expect(dcReplication(reordered, ['dc3', 'dc2'])).toBe('{"dc2":{"audit":0,"orders":3},"dc3":{"audit":0,"orders":3}}');
  expect(dcReplication(cluster({ keyspaces }), ['dc2', 'dc3'])).toBe(dcReplication(reordered, ['dc3', 'dc2']));
});

test('the annotation covers every DC after the first (any of them may be the one added), and nothing without keyspaces', () => {
  expect(dcReplicationAnnotations(cluster({ keyspaces }))).toEqual({ [DC_REPLICATION_ANNOTATION]: '{"dc2":{"audit":0,"orders":3},"dc3":{"audit":0,"orders":3}}' });
  expect(dcReplicationAnnotations(cluster())).toEqual({});
  expect(dcReplicationAnnotations(cluster({ keyspaces, datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 3 }] }))).toEqual({});
});

test('adding a region: the new DC gets its declared replicas', () => {
  const grown = cluster({ keyspaces: [{ name: 'orders', replication: { dc1: 3, dc2: 3, dc3: 3, dc4: 3 } }], datacenters: [...cluster().datacenters.map((d) => ({ name: d.name, dataPlane: d.dataPlane, size: d.size })), { name: 'dc4', dataPlane: 'eu-west', size: 3 }] });
  expect(JSON.parse(dcReplicationAnnotations(grown)[DC_REPLICATION_ANNOTATION]).dc4).toEqual({ orders: 3 });
});
