import type * as k8sTypes from '@pulumi/kubernetes';
import { recordRegistrations, settled, type Registration } from './mocks';
import { CrdSource } from '../../lib';

let k8s: typeof k8sTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
});

const OPERATORS = ['k8ssandra-operator', 'cass-operator-controller-manager'];
const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';

/** The registrations of one component's children, by type and object name. */
const under = (registrations: Registration[], component: string) => (type: string, name: string) =>
  registrations.find((r) => r.parent.endsWith(`::${component}`) && r.type === type && r.inputs.metadata?.name === name)!;

const deploymentsOf = (registrations: Registration[], component: string, names = OPERATORS) => names.map((n) => under(registrations, component)(DEPLOYMENT, n));

const urns = (rs: Registration[]) => rs.map((r) => r.urn);

function dependsOnAll(dependent: Registration, dependencies: Registration[]): void {
  expect(dependencies.every((d) => d?.urn)).toBe(true);
  expect(dependent.dependencies).toEqual(expect.arrayContaining(urns(dependencies)));
}

function dependsOnNone(dependent: Registration, others: Registration[]): void {
  for (const other of others) expect(dependent.dependencies).not.toContain(other.urn);
}

/** Every URN `r` waits for, directly or through what it waits for. */
function waitsFor(registrations: Registration[], r: Registration): Set<string> {
  const byUrn = new Map(registrations.map((x) => [x.urn, x]));
  const seen = new Set<string>();
  const todo = [...r.dependencies];
  while (todo.length) {
    const urn = todo.pop()!;
    if (seen.has(urn)) continue;
    seen.add(urn);
    todo.push(...(byUrn.get(urn)?.dependencies ?? []));
  }
  return seen;
}

/**
 * The provider waits for a Deployment to be ready, and the control-plane operator is ready
 * only once its watch of the K8ssandraClusters' namespace syncs: its Deployment must come after
 * its access there, and that access must not wait for any operator Deployment.
 */
function operatorAfterItsAccess(registrations: Registration[], component: string): void {
  const operator = under(registrations, component)(DEPLOYMENT, 'mission-control-operator');
  const access = registrations.filter((r) => r.inputs.metadata?.name === 'mission-control-operator-k8ssandra' && r.inputs.metadata?.namespace === 'k8ssandra-operator');
  expect(access.map((r) => r.inputs.kind).sort()).toEqual(['Role', 'RoleBinding']);
  const before = waitsFor(registrations, operator);
  for (const r of access) expect(before).toContain(r.urn);
  const deployments = new Set(registrations.filter((r) => r.type === DEPLOYMENT).map((r) => r.urn));
  for (const r of access) expect([...waitsFor(registrations, r)].filter((u) => deployments.has(u))).toEqual([]);
}

describe("with a data plane in the control plane's cluster", () => {
  let registrations: Registration[];

  beforeAll(async () => {
    registrations = recordRegistrations();
    const provider = (name: string) => new k8s.Provider(name, { kubeconfig: name });
    const cpProvider = provider('cp');
    const controlPlane = new lib.ControlPlane('platform', { region: 'us-east-1', provider: cpProvider, crds: CrdSource.none() });
    // Declared before the data plane sharing the control plane's cluster, which still goes first.
    const euWest = new lib.DataPlane('eu-west', { controlPlane, provider: provider('eu'), name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], crds: CrdSource.none() });
    const usEast = new lib.DataPlane('us-east', { controlPlane, provider: cpProvider, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, crds: CrdSource.none() });
    const apSouth = new lib.DataPlane('ap-south', { controlPlane, provider: provider('ap'), name: 'ap-south', region: 'ap-south-1', zones: ['ap-south-1a'], crds: CrdSource.none() });
    await settled(controlPlane, euWest, usEast, apSouth);
  });

  test("the control plane's operators first, then the data plane sharing its cluster, then the others in declaration order", () => {
    const controlPlane = deploymentsOf(registrations, 'platform', ['mission-control-operator']);
    const [usEast, euWest, apSouth] = ['us-east', 'eu-west', 'ap-south'].map((dp) => deploymentsOf(registrations, dp));
    for (const d of usEast) dependsOnAll(d, controlPlane);
    for (const d of euWest) dependsOnAll(d, [...controlPlane, ...usEast]);
    for (const d of apSouth) dependsOnAll(d, [...controlPlane, ...euWest]);
    // A chain, not a fan: nothing waits for a later data plane.
    for (const d of [...usEast, ...controlPlane]) dependsOnNone(d, [...euWest, ...apSouth]);
    for (const d of euWest) dependsOnNone(d, apSouth);
  });

  test("only the Deployments wait: a data plane's CRDs, RBAC and configuration go ahead", () => {
    const others = [...deploymentsOf(registrations, 'platform', ['mission-control-operator']), ...deploymentsOf(registrations, 'us-east')];
    // In eu-west's own cluster, before its Deployments in apply order.
    const inEuWest = (r: Registration) => r.provider?.includes('providers:kubernetes::eu::') && r.type.startsWith('kubernetes:');
    const ahead = registrations.filter((r) => inEuWest(r) && r.type !== DEPLOYMENT && !r.type.includes('WebhookConfiguration') && r.type !== 'kubernetes:policy/v1:PodDisruptionBudget');
    expect(ahead.map((r) => r.inputs.kind)).toEqual(expect.arrayContaining(['Namespace', 'ServiceAccount', 'Role', 'ConfigMap', 'Service']));
    for (const r of ahead) dependsOnNone(r, others);
  });

  test('the control-plane operator starts after its access to the K8ssandraClusters, which waits for no operator', () => {
    operatorAfterItsAccess(registrations, 'platform');
  });

  test("what comes after a data plane's Deployments waits with them", () => {
    const webhook = registrations.find((r) => r.parent.endsWith('::eu-west') && r.type.includes('ValidatingWebhookConfiguration'))!;
    dependsOnAll(webhook, deploymentsOf(registrations, 'eu-west'));
  });
});

test('with its own k8ssandra-operator, the control plane counts it among its operators; a later part of the program joins the end', async () => {
  const registrations = recordRegistrations();
  const provider = (name: string) => new k8s.Provider(name, { kubeconfig: name });
  const controlPlane = new lib.ControlPlane('dedicated', { region: 'us-east-1', provider: provider('cp'), crds: CrdSource.none() });
  const first = new lib.DataPlane('first', { controlPlane, provider: provider('first'), name: 'first', region: 'eu-west-1', zones: ['eu-west-1a'], crds: CrdSource.none() });
  await settled(controlPlane, first);
  const later = new lib.DataPlane('later', { controlPlane, provider: provider('later'), name: 'later', region: 'ap-south-1', zones: ['ap-south-1a'], crds: CrdSource.none() });
  await settled(later);
  const controlPlaneOperators = deploymentsOf(registrations, 'dedicated', ['mission-control-operator', 'k8ssandra-operator']);
  expect(controlPlaneOperators.find((d) => d.inputs.metadata.name === 'k8ssandra-operator')!.inputs.spec.template.spec.containers[0].env).toContainEqual({ name: 'K8SSANDRA_CONTROL_PLANE', value: 'true' });
  for (const d of deploymentsOf(registrations, 'first')) dependsOnAll(d, controlPlaneOperators);
  for (const d of deploymentsOf(registrations, 'later')) dependsOnAll(d, [...controlPlaneOperators, ...deploymentsOf(registrations, 'first')]);
  operatorAfterItsAccess(registrations, 'dedicated');
});
