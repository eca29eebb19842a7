import { cluster, dataPlanes, singleDc } from './fixtures';
import { ServerType } from '../../lib/core/topology/model';
import { validateCluster } from '../../lib/core/topology/validate-cluster';

const problems = (c: Parameters<typeof validateCluster>[0]) => validateCluster(c, dataPlanes);
const limits = { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } };

test('a cluster-level setting wrong for every DC is reported once, at the cluster', () => {
  expect(problems(cluster({ storage: { storageClassName: 'gp3', size: '100 GB' } }))).toEqual([
    { path: 'app/control-plane/orders/storage/size', message: 'storage size "100 GB" is not a Kubernetes quantity', fix: "use e.g. '100Gi'" },
  ]);
});

test('cpu of the cluster\'s resources is a Kubernetes quantity', () => {
  expect(problems(singleDc({ resources: { requests: { cpu: '4 cores' } } }))).toEqual([
    { path: 'app/control-plane/orders/resources/requests/cpu', message: 'cpu request "4 cores" is not a Kubernetes quantity', fix: "write cpu as cores or millicores, e.g. '2' or '500m'" },
  ]);
});

test('memory of a DC\'s resources is a Kubernetes quantity', () => {
  expect(problems(singleDc({ datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 3, resources: { limits: { memory: '2 GB' } } }] }))).toEqual([
    { path: 'app/control-plane/orders/datacenters[0]/resources/limits/memory', message: 'memory limit "2 GB" is not a Kubernetes quantity', fix: "write memory as bytes with a suffix, e.g. '8Gi' or '512Mi'" },
  ]);
});

test('a DSE serverVersion that was never released', () => {
  expect(problems(singleDc({ serverType: ServerType.DSE, serverVersion: '6.9.99' }))).toEqual([
    { path: 'app/control-plane/orders/serverVersion', message: 'serverVersion "6.9.99" is not a dse release', fix: 'use a released dse version: 6.8.0 to 6.8.66, 6.9.0 to 6.9.26' },
  ]);
  expect(problems(singleDc({ serverType: ServerType.DSE, serverVersion: '6.9.26' }))).toEqual([]);
});

test('an HCD serverVersion that was never released', () => {
  expect(problems(singleDc({ serverType: ServerType.HCD, serverVersion: '1.3.0' }))).toEqual([
    { path: 'app/control-plane/orders/serverVersion', message: 'serverVersion "1.3.0" is not a hcd release', fix: 'use a released hcd version: 1.0.0, 1.1.0, 1.2.0 to 1.2.3' },
  ]);
});

test('a JVM heap above the container memory limit, set on the cluster, is reported once', () => {
  expect(problems(cluster({ resources: limits, config: { jvmOptions: { heap_max_size: '16Gi' } } }))).toEqual([
    {
      path: 'app/control-plane/orders/config/jvmOptions/heap_max_size',
      message: 'JVM heap_max_size "16Gi" exceeds the Cassandra container\'s memory limit "8Gi"',
      fix: 'keep the heap well below resources.limits.memory (about half leaves room for off-heap memory), or raise the limit',
    },
  ]);
  expect(problems(cluster({ resources: limits, config: { jvmOptions: { heap_max_size: '4Gi', heap_initial_size: '4Gi' } } }))).toEqual([]);
});

test('a JVM heap above the memory limit of one DC names that DC', () => {
  const dcs = [{ name: 'dc1', dataPlane: 'us-east', size: 3, resources: { limits: { memory: '4Gi' } } }];
  expect(problems(singleDc({ config: { jvmOptions: { heap_initial_size: '6Gi' } }, datacenters: dcs }))).toEqual([
    {
      path: 'app/control-plane/orders/config/jvmOptions/heap_initial_size',
      message: 'JVM heap_initial_size "6Gi" exceeds the Cassandra container\'s memory limit "4Gi" in datacenter "dc1"',
      fix: 'keep the heap well below resources.limits.memory (about half leaves room for off-heap memory), or raise the limit',
    },
  ]);
});

test('a JVM heap size is a Kubernetes quantity', () => {
  expect(problems(singleDc({ config: { jvmOptions: { heap_max_size: '8 GB' } } }))).toEqual([
    { path: 'app/control-plane/orders/config/jvmOptions/heap_max_size', message: 'JVM heap_max_size "8 GB" is not a Kubernetes quantity', fix: "write the heap size as bytes with a suffix, e.g. '8Gi'" },
  ]);
});

test.each([0, -16, 2.5, '16'])('num_tokens %p is not a positive whole number', (numTokens) => {
  expect(problems(singleDc({ config: { cassandraYaml: { num_tokens: numTokens } } }))).toEqual([
    {
      path: 'app/control-plane/orders/config/cassandraYaml/num_tokens',
      message: `num_tokens ${JSON.stringify(numTokens)} is not a positive whole number`,
      fix: 'use a whole number of tokens per node, e.g. 16 (fixed once the DC exists)',
    },
  ]);
});

test('num_tokens of a DC is checked where the DC sets it', () => {
  const dcs = [{ name: 'dc1', dataPlane: 'us-east', size: 3, config: { cassandraYaml: { num_tokens: 0 } } }];
  expect(problems(singleDc({ datacenters: dcs })).map((p) => p.path)).toEqual(['app/control-plane/orders/datacenters[0]/config/cassandraYaml/num_tokens']);
  expect(problems(singleDc({ config: { cassandraYaml: { num_tokens: 16 } } }))).toEqual([]);
});
