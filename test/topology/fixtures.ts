import { resolveControlPlane, resolveDataPlane } from '../../lib/core/defaults';
import type { DataPlaneSpec } from '../../lib/core/model/platform';
import { Delivery, ServerType, type CassandraClusterSpec } from '../../lib/core/topology/model';
import { resolveCassandraCluster, type CassandraClusterOptions, type DatacenterOptions } from '../../lib/core/topology/options';

export const usEast: DataPlaneSpec = resolveDataPlane('app/us-east', { name: 'us-east', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }, { type: 'none' });
export const euWest: DataPlaneSpec = resolveDataPlane('app/eu-west', { name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] }, { type: 'none' });
export const dataPlanes = [usEast, euWest];
export const controlPlane = resolveControlPlane('app/control-plane', { region: 'us-east-1' });

type ClusterInput = Partial<CassandraClusterOptions> & { datacenters?: DatacenterOptions[]; name?: string };

/** A valid two-region cluster; override any field. */
export function cluster(input: ClusterInput = {}): CassandraClusterSpec {
  const { name = 'orders', datacenters, ...options } = input;
  return resolveCassandraCluster(
    'app/control-plane/orders',
    name,
    {
      serverType: ServerType.CASSANDRA,
      serverVersion: '4.1.8',
      superuserSecretRef: { name: 'orders-superuser' },
      storage: { storageClassName: 'gp3', size: '100Gi' },
      ...options,
      datacenters: datacenters ?? [
        { name: 'dc1', dataPlane: 'us-east', size: 3 },
        { name: 'dc2', dataPlane: 'us-east', size: 6 },
        { name: 'dc3', dataPlane: 'eu-west', size: 3 },
      ],
    },
    Delivery.RECONCILED,
  );
}

/** A single-DC cluster in us-east. */
export function singleDc(input: ClusterInput = {}): CassandraClusterSpec {
  return cluster({ superuserSecretRef: undefined, datacenters: [{ name: 'dc1', dataPlane: 'us-east', size: 3 }], ...input });
}
