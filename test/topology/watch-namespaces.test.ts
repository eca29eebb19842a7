import { cluster, controlPlane } from './fixtures';
import { resolveDataPlane } from '../../lib/core/defaults';
import { watchNamespace } from '../../lib/core/manifests/planes';
import { OperatorScope, type DataPlaneSpec } from '../../lib/core/model/platform';
import { clusterManifests } from '../../lib/core/topology/delivery';
import { Delivery } from '../../lib/core/topology/model';
import { placeCluster } from '../../lib/core/topology/placement';
import { validatePlatform } from '../../lib/core/validation/validate-platform';

const plane = (name: string, watchNamespaces: string[]): DataPlaneSpec =>
  resolveDataPlane(`app/${name}`, { name, region: 'us-east-1', zones: ['us-east-1a'], namespace: 'k8ssandra-operator', scope: OperatorScope.CLUSTER, watchNamespaces }, { type: 'none' });

/** Namespaces of everything placement and delivery put into each data plane for a cluster. */
function placedNamespaces(planes: DataPlaneSpec[]): Map<string, Set<string>> {
  const c = cluster({ datacenters: planes.map((p, i) => ({ name: `dc${i}`, dataPlane: p.name, size: 3 })), delivery: Delivery.STATIC, medusa: undefined });
  const result = new Map<string, Set<string>>();
  // k8ssandra-operator creates each CassandraDatacenter in its K8ssandraCluster's namespace, in the DC's own cluster.
  const placed = placeCluster(c, controlPlane, planes);
  for (const p of planes) result.set(p.name, new Set([placed.namespace]));
  for (const [name, objects] of clusterManifests(c, controlPlane, planes).dataPlanes) {
    for (const o of objects) result.get(name)!.add(o.metadata.namespace!);
  }
  return result;
}

test('a data plane that passes validation watches every namespace its clusters are placed in', () => {
  const planes = [plane('watching', ['k8ssandra-operator', 'team-a'])];
  expect(validatePlatform({ controlPlanes: [controlPlane], dataPlanes: planes })).toEqual([]);
  const watched = watchNamespace(planes[0])!.split(',');
  expect([...placedNamespaces(planes).get('watching')!]).toEqual(['k8ssandra-operator']);
  for (const ns of placedNamespaces(planes).get('watching')!) expect(watched).toContain(ns);
});

test('a data plane whose watch list misses the placement namespace is reported', () => {
  const planes = [plane('blind', ['team-a'])];
  const placed = [...placedNamespaces(planes).get('blind')!];
  expect(watchNamespace(planes[0])!.split(',')).not.toContain(placed[0]);
  expect(validatePlatform({ controlPlanes: [controlPlane], dataPlanes: planes })).toEqual([
    expect.objectContaining({ path: 'app/blind/watchNamespaces', fix: `add "${placed[0]}" to watchNamespaces, or leave watchNamespaces empty to watch all namespaces` }),
  ]);
});
