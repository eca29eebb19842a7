import { cluster } from './fixtures';
import { ServerType } from '../../lib/core/topology/model';
import { validateClusterChange } from '../../lib/core/topology/validate-change';

const dcs = [
  { name: 'dc1', dataPlane: 'us-east', size: 3 },
  { name: 'dc3', dataPlane: 'eu-west', size: 3 },
];
const before = cluster({ datacenters: dcs, keyspaces: [{ name: 'orders', replication: { dc1: 3, dc3: 3 } }] });
const lines = (next: ReturnType<typeof cluster>) => validateClusterChange(before, next).map((p) => `[${p.path}] ${p.message} | ${p.fix}`);

test('an unchanged cluster has no problems', () => {
  expect(lines(before)).toEqual([]);
});

test('every problem at once, each with path, values and fix', () => {
  const next = cluster({
    serverType: ServerType.DSE,
    serverVersion: '6.8.50',
    datacenters: [{ ...dcs[0], storage: { storageClassName: 'io2', size: '100Gi' } }],
    keyspaces: [{ name: 'orders', replication: { dc1: 3, dc3: 3 } }],
  });
  expect(lines(next)).toEqual([
    expect.stringMatching(/^\[.*\/serverType\] serverType changes from "cassandra" to "dse"; .* \| keep serverType "cassandra"/),
    expect.stringMatching(/^\[.*datacenters\[0\]\/storage\/storageClassName\] datacenter "dc1" changes storage class from "gp3" to "io2"; .* \| keep "gp3", or add a new DC/),
    expect.stringMatching(/^\[.*\/datacenters\] datacenter "dc3" is removed while keyspaces orders keep replicas in it; .* \| first set the replication of orders in "dc3" to 0/),
  ]);
});

test('removing a DC no declared keyspace replicates to is no problem', () => {
  const drained = cluster({ datacenters: dcs, keyspaces: [{ name: 'orders', replication: { dc1: 3 } }] });
  expect(validateClusterChange(drained, cluster({ datacenters: [dcs[0]], keyspaces: [{ name: 'orders', replication: { dc1: 3 } }] }))).toEqual([]);
});
