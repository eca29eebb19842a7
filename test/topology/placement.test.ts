import fc from 'fast-check';
import { cluster, controlPlane, dataPlanes } from './fixtures';
import { resolveDataPlane } from '../../lib/core/defaults';
import { DC_REPLICATION_ANNOTATION } from '../../lib/core/topology/dc-replication';
import { defaultRacks, statefulSetName } from '../../lib/core/topology/effective';
import { Delivery, ServerType } from '../../lib/core/topology/model';
import { resolveCassandraCluster } from '../../lib/core/topology/options';
import { placeCluster } from '../../lib/core/topology/placement';

const planeNames = ['p0', 'p1', 'p2', 'p3'];
// p0 shares the control plane's cluster; the others are reached through ClientConfigs.
const planes = planeNames.map((name, i) => resolveDataPlane(`app/${name}`, { name, region: `region-${i}`, zones: [`region-${i}a`, `region-${i}b`], inControlPlaneCluster: i === 0 }, { type: 'none' }));

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
        datacenters: dcs.map((dc) => ({ name: dc.name, dataPlane: dc.plane, size: dc.size, serverVersion: dc.version })),
      },
      Delivery.STATIC,
    ),
  );

describe('placement properties', () => {
  test('one K8ssandraCluster holds every DC, in declared order', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        const { k8ssandraCluster } = placeCluster(c, controlPlane, planes);
        expect(k8ssandraCluster.spec.cassandra.datacenters.map((d) => d.metadata.name)).toEqual(c.datacenters.map((d) => d.name));
      }),
    );
  });

  test("each DC names its data plane's context; DCs in the control plane's cluster name none", () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        const placed = placeCluster(c, controlPlane, planes).k8ssandraCluster.spec.cassandra.datacenters;
        c.datacenters.forEach((dc, i) => {
          if (dc.dataPlane === 'p0') expect(placed[i]).not.toHaveProperty('k8sContext');
          else expect(placed[i].k8sContext).toBe(dc.dataPlane);
        });
      }),
    );
  });

  test('sizes and versions are preserved', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        const { k8ssandraCluster } = placeCluster(c, controlPlane, planes);
        for (const placed of k8ssandraCluster.spec.cassandra.datacenters) {
          const dc = c.datacenters.find((d) => d.name === placed.metadata.name)!;
          expect(placed.size).toBe(dc.size);
          expect(placed.serverVersion ?? k8ssandraCluster.spec.cassandra.serverVersion).toBe(dc.serverVersion ?? c.serverVersion);
        }
      }),
    );
  });

  test('placement is deterministic', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        expect(JSON.stringify(placeCluster(c, controlPlane, planes))).toBe(JSON.stringify(placeCluster(structuredClone(c), controlPlane, planes)));
      }),
    );
  });

  test('no slice wiring: no externalDatacenters, no additionalSeeds, clusterName as declared', () => {
    fc.assert(
      fc.property(arbitraryCluster, (c) => {
        const { k8ssandraCluster } = placeCluster(c, controlPlane, planes);
        expect(k8ssandraCluster.metadata.name).toBe('c');
        expect(k8ssandraCluster.spec.cassandra.clusterName).toBe(c.clusterName);
        expect(k8ssandraCluster.spec).not.toHaveProperty('externalDatacenters');
        expect(k8ssandraCluster.spec.cassandra).not.toHaveProperty('additionalSeeds');
      }),
    );
  });
});

describe('placement of the two-region cluster', () => {
  const placement = placeCluster(cluster(), controlPlane, dataPlanes);
  const kc = placement.k8ssandraCluster;

  test("one K8ssandraCluster, in the control-plane k8ssandra-operator's namespace", () => {
    expect(placement.namespace).toBe('k8ssandra-operator');
    expect(kc.metadata.namespace).toBe('k8ssandra-operator');
  });

  test('DCs in declared order, each with its data plane as k8sContext', () => {
    expect(kc.spec.cassandra.datacenters.map((d) => [d.metadata.name, d.k8sContext])).toEqual([['dc1', 'us-east'], ['dc2', 'us-east'], ['dc3', 'eu-west']]);
  });

  test('with a data plane in the control plane cluster: its DCs have no context and the K8ssandraCluster goes to its namespace', () => {
    const local = resolveDataPlane('app/us-east', { name: 'us-east', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], inControlPlaneCluster: true, namespace: 'cassandra' }, { type: 'none' });
    const placed = placeCluster(cluster(), controlPlane, [local, dataPlanes[1]]);
    expect(placed.namespace).toBe('cassandra');
    expect(placed.k8ssandraCluster.spec.cassandra.datacenters.map((d) => [d.metadata.name, d.k8sContext ?? '', d.metadata.namespace ?? ''])).toEqual([
      ['dc1', '', ''],
      ['dc2', '', ''],
      // A namespace differing from the K8ssandraCluster's is written out (validation forbids it for remote data planes).
      ['dc3', 'eu-west', 'k8ssandra-operator'],
    ]);
  });

  test('one superuser Secret reference; upstream replicates it', () => {
    expect(kc.spec.cassandra.superuserSecretRef).toEqual({ name: 'orders-superuser' });
  });

  test('default racks: one per zone, pinned with the zone label', () => {
    expect(kc.spec.cassandra.datacenters[0].racks).toEqual([
      { name: '1a', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-east-1a' } },
      { name: '1b', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-east-1b' } },
      { name: '1c', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-east-1c' } },
    ]);
  });

  test('Retain marks the object against GitOps pruning; Delete does not', () => {
    expect(kc.metadata.annotations).toEqual(expect.objectContaining({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' }));
    expect(placeCluster(cluster({ deletionPolicy: 'Delete' }), controlPlane, dataPlanes).k8ssandraCluster.metadata.annotations).toBeUndefined();
  });

  test('declared keyspaces set the dc-replication annotation for the DCs after the first', () => {
    const c = cluster({ keyspaces: [{ name: 'orders', replication: { dc1: 3, dc2: 3, dc3: 2 } }] });
    const annotations = placeCluster(c, controlPlane, dataPlanes).k8ssandraCluster.metadata.annotations!;
    expect(JSON.parse(annotations[DC_REPLICATION_ANNOTATION])).toEqual({ dc2: { orders: 3 }, dc3: { orders: 2 } });
  });

  test('a shared Medusa configuration keeps only the prefix inline', () => {
    const c = cluster({ medusa: { storageProvider: 's3', bucketName: 'b', prefix: 'orders', sharedConfiguration: 'backups' } });
    expect(placeCluster(c, controlPlane, dataPlanes).k8ssandraCluster.spec.medusa).toEqual({ medusaConfigurationRef: { name: 'backups' }, storageProperties: { prefix: 'orders' } });
  });
});

describe('joining a cluster outside the platform (migration only)', () => {
  test('external datacenters and seeds become externalDatacenters and additionalSeeds', () => {
    const c = cluster({ external: { datacenters: ['legacy1'], seeds: ['10.9.0.1', '10.9.0.2'] } });
    const { k8ssandraCluster } = placeCluster(c, controlPlane, dataPlanes);
    expect(k8ssandraCluster.spec.externalDatacenters).toEqual(['legacy1']);
    expect(k8ssandraCluster.spec.cassandra.additionalSeeds).toEqual(['10.9.0.1', '10.9.0.2']);
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
    expect(placeCluster(cluster({ serverType: ServerType.DSE, serverVersion: '6.8.50' }), controlPlane, dataPlanes).k8ssandraCluster.spec.cassandra.serverType).toBe('dse');
  });
});
