import { requiredProps, type RequiredProp } from './required';
import type { Problem } from '../problems';

const CONTROL_PLANE: readonly RequiredProp[] = [{ key: 'region', kind: 'string', fix: "set region to the control-plane cluster's region, e.g. 'us-east-1'" }];

const DATA_PLANE: readonly RequiredProp[] = [
  { key: 'controlPlane', kind: 'object', fix: 'pass the ControlPlane this data plane registers with: { controlPlane, name, region, zones }' },
  { key: 'name', kind: 'string', fix: "set name to a DNS-1035 label, e.g. 'eu-west'" },
  { key: 'region', kind: 'string', fix: "set region to the data-plane cluster's region, e.g. 'eu-west-1'" },
  { key: 'zones', kind: 'list', fix: "list the cluster's availability zones, e.g. ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']" },
];

const CLUSTER: readonly RequiredProp[] = [{ key: 'serverVersion', kind: 'string', fix: "set serverVersion, e.g. '4.1.8'" }];

const DATACENTER: readonly RequiredProp[] = [
  { key: 'name', kind: 'string', fix: "name the datacenter with a DNS-1035 label, e.g. 'dc1'" },
  { key: 'dataPlane', kind: 'object', fix: 'pass the DataPlane hosting the datacenter' },
  { key: 'size', kind: 'number', fix: 'set size to the number of nodes, e.g. 3' },
];

/** Required props of a control plane, as given. */
export const controlPlaneInputProblems = (path: string, input: unknown): Problem[] => requiredProps(path, input, CONTROL_PLANE);

/** Required props of a data plane, as given, its `controlPlane` included. */
export const dataPlaneInputProblems = (path: string, input: unknown): Problem[] => requiredProps(path, input, DATA_PLANE);

/**
 * Required props of a cluster and of each of its datacenters, as given (before the
 * datacenters' `dataPlane` objects are reduced to names). `extra` are the binding's own.
 */
export function clusterInputProblems(path: string, input: unknown, datacenters: readonly unknown[], extra: readonly RequiredProp[] = []): Problem[] {
  return [...requiredProps(path, input, [...CLUSTER, ...extra]), ...datacenters.flatMap((dc, i) => requiredProps(`${path}/datacenters[${i}]`, dc, DATACENTER))];
}
