import { Testing } from 'cdk8s';
import { CassandraCluster, ControlPlane, DataPlane, ValidationError } from '../../lib';

/** Props as plain JavaScript passes them: unchecked by the compiler. */
const js = (props: object): any => props;

function problemsOf(build: (app: ReturnType<typeof Testing.app>) => void) {
  const app = Testing.app();
  build(app);
  try {
    app.synthYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  return [];
}

test('missing zones are a problem, reported with the others, not a TypeError', () => {
  expect(
    problemsOf((app) => {
      const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
      new DataPlane(app, 'dp', js({ controlPlane: cp, name: 'eu-west', region: 'EU' }));
    }),
  ).toEqual([
    { path: 'dp/region', message: 'region "EU" is not a valid region name', fix: "use the cloud's region id in lower case, e.g. 'us-east-1' or 'europe-west1'" },
    { path: 'dp/zones', message: 'zones is required but missing (undefined)', fix: "list the cluster's availability zones, e.g. ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']" },
  ]);
});

test('a data plane without its control plane is a problem', () => {
  expect(
    problemsOf((app) => {
      new ControlPlane(app, 'cp', { region: 'us-east-1' });
      new DataPlane(app, 'dp', js({ name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'] }));
    }),
  ).toEqual([{ path: 'dp/controlPlane', message: 'controlPlane is required but missing (undefined)', fix: 'pass the ControlPlane this data plane registers with: { controlPlane, name, region, zones }' }]);
});

test('a control plane without props, and a prop of the wrong kind', () => {
  expect(
    problemsOf((app) => {
      const cp = new ControlPlane(app, 'cp', js(undefined as unknown as object));
      new DataPlane(app, 'dp', js({ controlPlane: cp, name: 7, region: 'us-east-1', zones: ['us-east-1a'] }));
    }),
  ).toEqual([
    { path: 'cp/region', message: 'region is required but missing (undefined)', fix: "set region to the control-plane cluster's region, e.g. 'us-east-1'" },
    { path: 'dp/name', message: 'name must be a string, not 7', fix: "set name to a DNS-1035 label, e.g. 'eu-west'" },
  ]);
});

test('a cluster without serverVersion and a datacenter without data plane or size', () => {
  expect(
    problemsOf((app) => {
      const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
      new DataPlane(app, 'us-east', { controlPlane: cp, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true });
      new CassandraCluster(cp, 'orders', js({ storage: { storageClassName: 'gp3', size: '10Gi' }, datacenters: [{ name: 'dc1' }] }));
    }),
  ).toEqual([
    { path: 'cp/orders/serverVersion', message: 'serverVersion is required but missing (undefined)', fix: "set serverVersion, e.g. '4.1.8'" },
    { path: 'cp/orders/datacenters[0]/dataPlane', message: 'dataPlane is required but missing (undefined)', fix: 'pass the DataPlane hosting the datacenter' },
    { path: 'cp/orders/datacenters[0]/size', message: 'size is required but missing (undefined)', fix: 'set size to the number of nodes, e.g. 3' },
  ]);
});
