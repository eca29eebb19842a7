import { cluster, dataPlanes, singleDc } from './fixtures';
import { ServerType } from '../../lib/core/topology/model';
import { validateCluster } from '../../lib/core/topology/validate-cluster';

const messages = (c: Parameters<typeof validateCluster>[0]) => validateCluster(c, dataPlanes).map((p) => `[${p.path}] ${p.message} | ${p.fix}`);
const expectOne = (c: Parameters<typeof validateCluster>[0], pattern: RegExp) => {
  const found = messages(c);
  expect(found).toEqual([expect.stringMatching(pattern)]);
};

test('the fixture clusters are valid', () => {
  expect(messages(cluster())).toEqual([]);
  expect(messages(singleDc())).toEqual([]);
});

test('DC names must be DNS-1035 labels', () => {
  expectOne(singleDc({ datacenters: [{ name: 'DC_1', dataPlane: 'us-east', size: 3 }] }), /datacenters\[0\]\/name\] datacenter name "DC_1" is not a DNS-1035 label/);
});

test('DC names are unique across the whole cluster, also across regions', () => {
  const c = cluster({
    datacenters: [
      { name: 'dc1', dataPlane: 'us-east', size: 3 },
      { name: 'dc1', dataPlane: 'eu-west', size: 3 },
    ],
  });
  expectOne(c, /datacenters\[1\]\/name\] datacenter name "dc1" is already used by .*datacenters\[0\]/);
});

test("every DC's data plane exists in the platform", () => {
  expectOne(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'ap-south', size: 3, racks: [{ name: 'r1', zone: 'x' }] }] }), /data plane "ap-south" does not exist \(known: "us-east", "eu-west"\)/);
});

test('rack names have at least 2 characters', () => {
  expectOne(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 1, racks: [{ name: 'a', zone: 'us-east-1a' }] }] }), /racks\[0\]\/name\] rack name "a" is shorter than 2 characters/);
});

test("each rack's zone is a zone of its data plane", () => {
  expectOne(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 1, racks: [{ name: 'r1', zone: 'eu-west-1a' }] }] }), /zone "eu-west-1a" is not a zone of data plane "us-east"/);
});

test('rack names are unique within a DC', () => {
  const racks = [
    { name: 'r1', zone: 'us-east-1a' },
    { name: 'r1', zone: 'us-east-1b' },
  ];
  expectOne(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 2, racks }] }), /rack name "r1" is used twice/);
});

test('size is at least 1', () => {
  expect(messages(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 0 }] }))).toContainEqual(expect.stringMatching(/size 0 is not a whole number >= 1/));
});

test('size is a multiple of the rack count', () => {
  expectOne(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 4 }] }), /size 4 is not a multiple of the 3 racks \(1a, 1b, 1c\).*use a multiple of 3, e.g. 3/);
});

test('serverVersion has the major.minor.patch shape', () => {
  expectOne(singleDc({ serverVersion: '4.1' }), /serverVersion\] serverVersion "4.1" is not of the form major.minor.patch/);
});

test('serverVersion is a known line of the server type', () => {
  expectOne(singleDc({ serverVersion: '4.2.0' }), /serverVersion "4.2.0" is not a known cassandra release line \| use a cassandra version of 3.11.x, 4.0.x, 4.1.x, 5.0.x/);
  expectOne(singleDc({ serverType: ServerType.DSE, serverVersion: '4.1.8' }), /not a known dse release line \| use a dse version of 6.8.x, 6.9.x/);
  expect(messages(singleDc({ serverType: ServerType.HCD, serverVersion: '1.2.3' }))).toEqual([]);
});

test('a DC serverVersion override is checked too', () => {
  expectOne(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 3, serverVersion: '6.8.50' }] }), /datacenters\[0\]\/serverVersion\] serverVersion "6.8.50" is not a known cassandra/);
});

test('dseYaml only with DSE', () => {
  expectOne(singleDc({ config: { dseYaml: { authentication_options: {} } } }), /config\/dseYaml\] dseYaml is set but serverType is "cassandra"/);
  expect(messages(singleDc({ serverType: ServerType.DSE, serverVersion: '6.8.50', config: { dseYaml: { a: 1 } } }))).toEqual([]);
});

test('DSE-only cassandra.yaml keys are rejected for other server types', () => {
  expectOne(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 3, config: { cassandraYaml: { tpc_cores: 4 } } }] }), /datacenters\[0\]\/config\/cassandraYaml\/tpc_cores\] cassandra.yaml key "tpc_cores" exists only in DSE/);
});

test('full_query_logging_options needs Cassandra 4+', () => {
  expectOne(singleDc({ serverVersion: '3.11.17', config: { cassandraYaml: { full_query_logging_options: {} } } }), /full_query_logging_options needs Cassandra 4 or newer, not cassandra 3.11.17/);
});

test('storage is set at cluster or DC level', () => {
  expectOne(singleDc({ storage: undefined }), /datacenters\[0\]\/storage\] datacenter "dc1" has no storage/);
  expect(messages(singleDc({ storage: undefined, datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 3, storage: { storageClassName: 'gp3', size: '1Ti' } }] }))).toEqual([]);
});

test('storage size is a quantity', () => {
  expectOne(singleDc({ storage: { storageClassName: 'gp3', size: '100 GB' } }), /storage size "100 GB" is not a Kubernetes quantity/);
});

test('StatefulSet names stay within 60 characters, after cass-operator sanitisation', () => {
  const dc = (clusterName: string) => singleDc({ clusterName, datacenters: [{ name: 'dc-long-name', dataPlane: 'us-east', size: 3, racks: [{ name: 'r1', zone: 'us-east-1a' }] }] });
  expectOne(dc('a'.repeat(45)), /racks\[0\]\/name\] StatefulSet name "a{45}-dc-long-name-r1-sts" is 65 characters, more than 60 \| shorten/);
  // Dots are dropped before the length is measured: 46 characters written, 36 counted.
  expect(messages(dc(`${'a'.repeat(36)}..........`))).toEqual([]);
});

test('softPodAntiAffinity requires cpu and memory requests and limits (effective values)', () => {
  expectOne(singleDc({ softPodAntiAffinity: true, resources: { requests: { cpu: '1', memory: '4Gi' } } }), /has no limits.cpu, limits.memory \| set cpu and memory requests and limits/);
  const resources = { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '1', memory: '4Gi' } };
  expect(messages(singleDc({ softPodAntiAffinity: true, datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 3, resources }] }))).toEqual([]);
});

test('Medusa without a shared configuration needs provider and bucket', () => {
  const found = messages(singleDc({ medusa: { storageProvider: 'ftp' as never, bucketName: '' } }));
  expect(found).toEqual([expect.stringMatching(/Medusa storageProvider "ftp" is not one of/), expect.stringMatching(/Medusa bucketName is empty/)]);
});

test('a shared Medusa configuration requires a prefix', () => {
  expectOne(singleDc({ medusa: { storageProvider: 's3', bucketName: 'b', sharedConfiguration: 'backups' } }), /medusa\/prefix\] the shared MedusaConfiguration "backups" needs a per-cluster prefix/);
});

test('a cluster spanning data planes needs neither seeds nor a superuser Secret: upstream wires the regions', () => {
  expect(messages(cluster({ superuserSecretRef: undefined }))).toEqual([]);
});

describe('declared keyspaces', () => {
  const ks = (replication: Record<string, number>, name = 'orders') => cluster({ keyspaces: [{ name, replication }] });

  test('a complete declaration is valid', () => {
    expect(messages(ks({ dc1: 3, dc2: 3, dc3: 3 }))).toEqual([]);
  });

  test('replication names DCs of the cluster, whole factors, at most the DC size', () => {
    expectOne(ks({ dc9: 3 }), /keyspaces\[0\]\/replication\/dc9\] replication names "dc9", which is not a datacenter of the cluster \(dc1, dc2, dc3\)/);
    expectOne(ks({ dc1: -1 }), /replication\/dc1\] replication factor -1 is not a whole number >= 0/);
    expectOne(ks({ dc3: 4 }), /replication\/dc3\] replication factor 4 in "dc3" exceeds its 3 nodes \| use at most 3/);
  });

  test('names: valid, not internal, not twice', () => {
    expectOne(ks({ dc1: 1 }, 'my-ks'), /keyspace name "my-ks" is not a Cassandra keyspace name/);
    expectOne(ks({ dc1: 1 }, 'system_auth'), /keyspace "system_auth" is internal/);
    expectOne(cluster({ keyspaces: [{ name: 'a', replication: {} }, { name: 'a', replication: {} }] }), /keyspaces\[1\]\/name\] keyspace "a" is declared twice/);
  });
});

describe('joining an outside cluster (migration)', () => {
  test('seeds must be IP addresses, DC names must not collide', () => {
    expectOne(cluster({ external: { datacenters: ['legacy'], seeds: ['seed.example.com'] } }), /external\/seeds\] seed "seed.example.com" is not an IP address; upstream keeps only IP addresses/);
    expectOne(cluster({ external: { datacenters: ['dc1'], seeds: ['10.0.0.1'] } }), /external\/datacenters\] external datacenter "dc1" is also a datacenter of this cluster/);
    expect(messages(cluster({ external: { datacenters: ['legacy'], seeds: ['10.0.0.1', 'fd00::1'] } }))).toEqual([]);
  });
});

test('cluster object name and clusterName', () => {
  expectOne(singleDc({ name: 'Orders' }), /cluster object name "Orders" is not a DNS-1035 label/);
  expectOne(singleDc({ clusterName: 'x' }), /clusterName "x" is shorter than 2 characters/);
});

test('a cluster needs datacenters', () => {
  expectOne(singleDc({ datacenters: [] }), /the cluster has no datacenters/);
});

test('every problem is reported in one pass', () => {
  const c = singleDc({ serverVersion: '9', storage: undefined, datacenters: [{ name: 'DC', dataPlane: 'nowhere', size: 0 }] });
  expect(validateCluster(c, dataPlanes).length).toBeGreaterThanOrEqual(5);
});
