import type * as k8sTypes from '@pulumi/kubernetes';
import { recordRegistrations, settled } from './mocks';
import { typicalProgram } from './typical-program';
import { childName } from '../../lib/pulumi/child-names';

const registrations = recordRegistrations();
let k8s: typeof k8sTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
  await settled(...typicalProgram(lib, k8s).all);
});

/** `<parent types>$<type>::<name>`, without the stack and project. */
const urnTail = (urn: string) => urn.split('::').slice(2).join('::');

test('a child is named from its component, without repeating the name', () => {
  expect(childName('users-nightly', 'users-users-nightly-eu1')).toBe('users-nightly-eu1');
  expect(childName('users', 'users')).toBe('users');
  expect(childName('eu-west', 'k8ssandra-operator')).toBe('eu-west-k8ssandra-operator');
  // Whole segments only: `west` is not in `eu-western-x`.
  expect(childName('west', 'eu-western-x')).toBe('west-eu-western-x');
});

test('the URNs of the clusters and operations of a typical program read naturally', () => {
  const ofOperations = registrations
    .filter((r) => /CassandraCluster|BackupSchedule|K8ssandraTask/.test(r.urn))
    .map((r) => urnTail(r.urn))
    .sort();
  expect(ofOperations).toEqual([
    'mission-control:index:BackupSchedule$kubernetes:medusa.k8ssandra.io/v1alpha1:MedusaBackupSchedule::users-nightly-eu1',
    'mission-control:index:BackupSchedule::users-nightly',
    'mission-control:index:CassandraCluster$kubernetes:missioncontrol.mission-control-constructs.dev/v1alpha1:MissionControlCluster::users',
    'mission-control:index:CassandraCluster::users',
    'mission-control:index:K8ssandraTask$kubernetes:missioncontrol.mission-control-constructs.dev/v1alpha1:MissionControlTask::users-cleanup',
    'mission-control:index:K8ssandraTask::users-cleanup',
  ]);
});

test('plane children start with the plane component name, and the Kubernetes names stay as they were', () => {
  const euWest = registrations.filter((r) => r.parent.endsWith('mission-control:index:DataPlane::eu-west'));
  expect(euWest.length).toBeGreaterThan(20);
  for (const r of euWest) expect(r.name).toMatch(/^eu-west(-|$)/);
  const deployment = euWest.find((r) => r.type === 'kubernetes:apps/v1:Deployment' && r.inputs.metadata.name === 'k8ssandra-operator')!;
  expect(deployment.name).toBe('eu-west-k8ssandra-operator');
  const crds = euWest.filter((r) => r.type === 'kubernetes:kustomize/v2:Directory').map((r) => [r.name, r.inputs.resourcePrefix]);
  expect(crds).toEqual([
    ['eu-west-k8ssandra-operator-crds', 'data-plane-eu-west:upstream-crds:0'],
    ['eu-west-cass-operator-crds', 'data-plane-eu-west:upstream-crds:1'],
  ]);
  const controlPlane = registrations.filter((r) => r.parent.endsWith('mission-control:index:ControlPlane::platform')).map((r) => r.name);
  expect(controlPlane).toContain('platform-mission-control-operator');
});

test('every child keeps its former name as an alias, so existing stacks are not replaced', () => {
  const schedule = registrations.find((r) => r.type.endsWith(':MedusaBackupSchedule'))!;
  expect(schedule.inputs.metadata.name).toBe('users-users-nightly-eu1');
  expect(schedule.aliases).toEqual(['data-plane-eu-west:medusabackupschedule:k8ssandra-operator/users-users-nightly-eu1']);
  const urns = registrations.map((r) => r.urn);
  expect(new Set(urns).size).toBe(urns.length);
});
