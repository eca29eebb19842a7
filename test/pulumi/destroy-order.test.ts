import type * as k8sTypes from '@pulumi/kubernetes';
import { recordRegistrations, settled, type Registration } from './mocks';
import { typicalProgram } from './typical-program';
import { Delivery } from '../../lib';

const registrations = recordRegistrations();
let k8s: typeof k8sTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
  const program = typicalProgram(lib, k8s);
  // A statically delivered cluster: its K8ssandraCluster and K8ssandraTask sit in the control plane.
  const orders = new lib.CassandraCluster('orders', {
    controlPlane: program.controlPlane,
    delivery: Delivery.STATIC,
    serverVersion: '4.1.8',
    storage: { storageClassName: 'gp3', size: '10Gi' },
    datacenters: [{ name: 'dc1', dataPlane: program.euWest, size: 3 }],
  });
  const repair = new lib.K8ssandraTask('orders-restart', { cluster: orders, command: { command: 'restart' } });
  await settled(...program.all, orders, repair);
});

const inEuWest = (type: string, name: string): Registration =>
  registrations.find((r) => r.parent.endsWith('DataPlane::eu-west') && r.type === type && (r.inputs.metadata?.name ?? r.name) === name)!;

/** What `pulumi destroy` must keep until the object is gone: eu-west's operators, their CRDs and RBAC. */
const finalizerNeeds = () => [
  inEuWest('kubernetes:apps/v1:Deployment', 'k8ssandra-operator'),
  inEuWest('kubernetes:apps/v1:Deployment', 'cass-operator-controller-manager'),
  inEuWest('kubernetes:kustomize/v2:Directory', 'eu-west-k8ssandra-operator-crds'),
  inEuWest('kubernetes:kustomize/v2:Directory', 'eu-west-cass-operator-crds'),
  ...registrations.filter((r) => r.parent.endsWith('DataPlane::eu-west') && r.type.startsWith('kubernetes:rbac.authorization.k8s.io/v1:')),
];

test.each([
  ['MissionControlCluster', 'users'],
  ['MissionControlTask', 'users-users-cleanup'],
  ['K8ssandraCluster', 'orders'],
  ['K8ssandraTask', 'orders-orders-restart'],
])('the %s %s depends on the data plane objects its finalizers need, so destroy deletes it first', (kind, name) => {
  const object = registrations.find((r) => r.inputs.kind === kind && r.inputs.metadata?.name === name) as Registration;
  expect(object).toBeDefined();
  const needs = finalizerNeeds();
  expect(needs.length).toBeGreaterThan(6);
  for (const need of needs) expect(object.dependencies).toContain(need.urn);
});

test("destroy takes the operator rollout backwards: eu-west's operators go before us-east's and the control plane's", () => {
  const inUsEast = (name: string) => registrations.find((r) => r.parent.endsWith('DataPlane::us-east') && r.type === 'kubernetes:apps/v1:Deployment' && r.inputs.metadata?.name === name)!;
  const controlPlaneOperator = registrations.find((r) => r.parent.endsWith('ControlPlane::platform') && r.type === 'kubernetes:apps/v1:Deployment')!;
  const earlier = [controlPlaneOperator, inUsEast('k8ssandra-operator'), inUsEast('cass-operator-controller-manager')];
  for (const name of ['k8ssandra-operator', 'cass-operator-controller-manager']) {
    expect(inEuWest('kubernetes:apps/v1:Deployment', name).dependencies).toEqual(expect.arrayContaining(earlier.map((r) => r.urn)));
  }
});
