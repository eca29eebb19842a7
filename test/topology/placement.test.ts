import fc from 'fast-check';
import { cluster, dataPlanes, euWest, usEast } from './fixtures';
import { resolveDataPlane } from '../../lib/core/defaults';
import { defaultRacks, statefulSetName } from '../../lib/core/topology/effective';
import { Delivery, ServerType } from '../../lib/core/topology/model';
import { resolveCassandraCluster } from '../../lib/core/topology/options';
import { placeCluster } from '../../lib/core/topology/placement';

const planeNames = ['p0', 'p1', 'p2', 'p3'];
const planes = planeNames.map((name, i) => resolveDataPlane(`app/${name}`, { name, region: `region-${i}`, zones: [`region-${i}a`, `region-${i}b`], namespace: `ns-${i}` }, { type: 'none' }));

const arbitraryCluster = fc
  .uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
      plane: fc.constantFrom(...planeNames),
      size: fc.integer({ min: 1, max: 12 }),
      version: fc.option(fc.constantFrom('4.0.13', '4.1.8', '5.0.4'), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 8, selector: (dc) => dc.name },
  )
  .map((dcs) =>
    resolveCassandraCluster(
      'app/cp/c',
      'c',
      {
        serverVersion: '4.1.8',
        storage: { storageClassName: 'gp3', size: '10Gi' },
        datacenters: dcs.map((dc) => ({ name: dc.name, dataPlane: dc.plane, size: dc.size, serverVersion: dc.version, seeds: [`${dc.name}.seed`] })),
      },
      Delivery.STATIC,
    ),
  );

const dcNames = (slice: ReturnType<typeof placeCluster>[number]) => slice.k8ssandraCluster.spec.cassandra.datacenters.map((d) => d.metadata.name);

describe('placement properties', () => {
  test('every DC lands in exactly one slice, the one of its data plane', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        const slices = placeCluster(c, planes);
        for (const dc of c.datacenters) {
          const holding = slices.filter((s) => dcNames(s).includes(dc.name));
          expect(holding.map((s) => s.dataPlane.name)).toEqual([dc.dataPlane]);
        }
        expect(slices.flatMap(dcNames).sort()).toEqual(c.datacenters.map((d) => d.name).sort());
      }),
    );
  });

  test('sizes and versions are preserved', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        for (const slice of placeCluster(c, planes)) {
          for (const placed of slice.k8ssandraCluster.spec.cassandra.datacenters) {
            const dc = c.datacenters.find((d) => d.name === placed.metadata.name)!;
            expect(placed.size).toBe(dc.size);
            expect(placed.serverVersion ?? slice.k8ssandraCluster.spec.cassandra.serverVersion).toBe(dc.serverVersion ?? c.serverVersion);
          }
        }
      }),
    );
  });

  test('slices are deterministic', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        expect(JSON.stringify(placeCluster(c, planes))).toBe(JSON.stringify(placeCluster(structuredClone(c), planes)));
      }),
    );
  });

  test('no slice holds a DC of another region; the others are external DCs', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        for (const slice of placeCluster(c, planes)) {
          const local = c.datacenters.filter((d) => d.dataPlane === slice.dataPlane.name).map((d) => d.name);
          expect(dcNames(slice)).toEqual(local);
          const remote = c.datacenters.filter((d) => d.dataPlane !== slice.dataPlane.name).map((d) => d.name);
          expect(slice.k8ssandraCluster.spec.externalDatacenters ?? []).toEqual(remote);
          expect(slice.k8ssandraCluster.metadata.namespace).toBe(slice.dataPlane.namespace);
        }
      }),
    );
  });

  test('every slice has the same object name, clusterName and no k8sContext', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        for (const slice of placeCluster(c, planes)) {
          expect(slice.k8ssandraCluster.metadata.name).toBe('c');
          expect(slice.k8ssandraCluster.spec.cassandra.clusterName).toBe(c.clusterName);
          for (const dc of slice.k8ssandraCluster.spec.cassandra.datacenters) expect(dc).not.toHaveProperty('k8sContext');
        }
      }),
    );
  });
});

describe('placement of the two-region cluster', () => {
  const slices = placeCluster(cluster(), dataPlanes);
  const [east, west] = slices.map((s) => s.k8ssandraCluster);

  test('one K8ssandraCluster per data plane, in its namespace', () => {
    expect(slices.map((s) => [s.dataPlane.name, s.k8ssandraCluster.metadata.namespace])).toEqual([
      ['us-east', usEast.namespace],
      ['eu-west', euWest.namespace],
    ]);
  });

  test('seeds of the other regions become additionalSeeds', () => {
    expect(east.spec.cassandra.additionalSeeds).toEqual(['10.1.0.1', '10.1.0.2']);
    expect(west.spec.cassandra.additionalSeeds).toEqual(['10.0.0.1']);
  });

  test('the same superuser Secret in every region', () => {
    expect(east.spec.cassandra.superuserSecretRef).toEqual({ name: 'orders-superuser' });
    expect(west.spec.cassandra.superuserSecretRef).toEqual({ name: 'orders-superuser' });
  });

  test('default racks: one per zone, pinned with the zone label', () => {
    expect(east.spec.cassandra.datacenters[0].racks).toEqual([
      { name: '1a', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-east-1a' } },
      { name: '1b', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-east-1b' } },
      { name: '1c', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-east-1c' } },
    ]);
  });

  test('Retain marks the object against GitOps pruning; Delete does not', () => {
    expect(east.metadata.annotations).toEqual(expect.objectContaining({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' }));
    expect(placeCluster(cluster({ deletionPolicy: 'Delete' }), dataPlanes)[0].k8ssandraCluster.metadata.annotations).toBeUndefined();
  });

  test('a shared Medusa configuration keeps only the prefix inline', () => {
    const c = cluster({ medusa: { storageProvider: 's3', bucketName: 'b', prefix: 'orders', sharedConfiguration: 'backups' } });
    expect(placeCluster(c, dataPlanes)[0].k8ssandraCluster.spec.medusa).toEqual({ medusaConfigurationRef: { name: 'backups' }, storageProperties: { prefix: 'orders' } });
  });
});

describe('names', () => {
  test('default rack names fall back to r1..rN when zone suffixes are short or clash', () => {
    expect(defaultRacks(['europe-west1-b', 'europe-west1-c']).map((r) => r.name)).toEqual(['r1', 'r2']);
    expect(defaultRacks(['eastus2-1a', 'westus-1a']).map((r) => r.name)).toEqual(['r1', 'r2']);
  });

  test('StatefulSet names are sanitised as cass-operator does', () => {
    expect(statefulSetName('My_Cluster', 'dc1', 'Rack_1')).toBe('my-cluster-dc1-rack-1-sts');
  });

  test('server type is written as given', () => {
    expect(placeCluster(cluster({ serverType: ServerType.DSE, serverVersion: '6.8.50' }), dataPlanes)[0].k8ssandraCluster.spec.cassandra.serverType).toBe('dse');
  });
});
