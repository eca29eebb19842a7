import type * as k8sTypes from '@pulumi/kubernetes';
import { recordRegistrations, refusal } from './mocks';

recordRegistrations();
let k8s: typeof k8sTypes;
let lib: typeof import('../../lib/pulumi');

beforeAll(async () => {
  k8s = await import('@pulumi/kubernetes');
  lib = await import('../../lib/pulumi');
});

/** Args as plain JavaScript passes them: unchecked by the compiler. */
const js = (args: object): any => args;

/** Problems of one component, alone in a program of its own. */
async function problemsOf(create: () => { ready: Promise<void> }) {
  recordRegistrations();
  const error = await refusal(create());
  expect(error.name).toBe('ValidationError');
  return error.problems;
}

test('a data plane without zones or control plane gives the same problems as with cdk8s, not a TypeError', async () => {
  const provider = new k8s.Provider('dp-js', { kubeconfig: 'x' });
  expect(await problemsOf(() => new lib.DataPlane('eu-west', js({ provider, name: 'eu-west', region: 'eu-west-1' })))).toEqual([
    { path: 'eu-west/controlPlane', message: 'controlPlane is required but missing (undefined)', fix: 'pass the ControlPlane this data plane registers with: { controlPlane, name, region, zones }' },
    { path: 'eu-west/zones', message: 'zones is required but missing (undefined)', fix: "list the cluster's availability zones, e.g. ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']" },
  ]);
});

test('a control plane without region or provider reports both at once', async () => {
  expect(await problemsOf(() => new lib.ControlPlane('cp-js', js({})))).toEqual([
    {
      path: 'cp-js/provider',
      message: 'ControlPlane "cp-js" needs an explicit Kubernetes provider for its cluster; the default provider is refused because it targets whatever the current kubeconfig points at',
      fix: 'pass { provider: new k8s.Provider("cp-js", { kubeconfig }) } in the args or the resource options',
    },
    { path: 'cp-js/region', message: 'region is required but missing (undefined)', fix: "set region to the control-plane cluster's region, e.g. 'us-east-1'" },
  ]);
});

test('a cluster without control plane, serverVersion or datacenters', async () => {
  expect(await problemsOf(() => new lib.CassandraCluster('orders-js', js({ storage: { storageClassName: 'gp3', size: '10Gi' } })))).toEqual([
    { path: 'orders-js/serverVersion', message: 'serverVersion is required but missing (undefined)', fix: "set serverVersion, e.g. '4.1.8'" },
    { path: 'orders-js/controlPlane', message: 'controlPlane is required but missing (undefined)', fix: 'pass the ControlPlane the cluster is declared in' },
    { path: 'orders-js/datacenters', message: 'datacenters is required but missing (undefined)', fix: "list the datacenters, e.g. [{ name: 'dc1', dataPlane, size: 3 }]" },
  ]);
});
