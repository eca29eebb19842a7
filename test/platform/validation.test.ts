import { ControlPlane, DataPlane, MissionControlApp, OperatorScope, ValidationError, type DataPlaneProps } from '../../lib';

type DataPlaneInput = Omit<DataPlaneProps, 'controlPlane'>;
const dp = (overrides: Partial<DataPlaneInput> = {}): DataPlaneInput => ({ name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], ...overrides });
/** A data plane in the control plane's cluster, so in its region. */
const local = (overrides: Partial<DataPlaneInput> = {}): DataPlaneInput => dp({ region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, ...overrides });

/** Builds an app and returns the problems its validation reports. */
function problemsOf(build: (app: MissionControlApp) => void) {
  const app = new MissionControlApp();
  build(app);
  return app.validatePlatform();
}

function withPlatform(dataPlanes: DataPlaneInput[], controlPlane: Partial<ConstructorParameters<typeof ControlPlane>[2]> = {}) {
  return problemsOf((app) => {
    const cp = new ControlPlane(app, 'cp', { region: 'us-east-1', ...controlPlane });
    dataPlanes.forEach((props, i) => new DataPlane(app, `dp${i}`, { controlPlane: cp, ...props }));
  });
}

test('a valid platform has no problems', () => {
  expect(withPlatform([dp()])).toEqual([]);
});

test('exactly one control plane: none', () => {
  const problems = problemsOf(() => undefined);
  expect(problems).toEqual([expect.objectContaining({ message: 'a platform needs exactly one ControlPlane, found 0', fix: 'add one ControlPlane to the app' })]);
});

test('exactly one control plane: two', () => {
  const problems = problemsOf((app) => {
    new ControlPlane(app, 'a', { region: 'us-east-1' });
    new ControlPlane(app, 'b', { region: 'us-east-1' });
  });
  expect(problems).toEqual([expect.objectContaining({ path: 'a, b', message: 'a platform needs exactly one ControlPlane, found 2' })]);
});

test('data plane names are unique', () => {
  expect(withPlatform([dp(), dp({ region: 'eu-west-2', zones: ['eu-west-2a'] })])).toEqual([
    expect.objectContaining({ path: 'dp1', message: 'data plane name "eu-west" is already used by dp0', fix: 'give every DataPlane a unique name' }),
  ]);
});

test.each(['EU-West', '1west', 'eu_west', 'west-'])('data plane name %p must be DNS-1035', (name) => {
  expect(withPlatform([dp({ name })])).toEqual([
    expect.objectContaining({ path: 'dp0/name', message: `data plane name "${name}" is not a valid DNS-1035 label`, fix: expect.stringContaining('starting with a letter') }),
  ]);
});

test('region format', () => {
  expect(withPlatform([dp({ region: 'EU West 1' })], { region: 'us_east' })).toEqual([
    expect.objectContaining({ path: 'cp/region', message: 'region "us_east" is not a valid region name' }),
    expect.objectContaining({ path: 'dp0/region', message: 'region "EU West 1" is not a valid region name', fix: expect.stringContaining("'us-east-1'") }),
  ]);
});

test('zone format, duplicates and presence', () => {
  expect(withPlatform([dp({ zones: ['eu-west-1a', 'Zone A', 'eu-west-1a'] })])).toEqual([
    expect.objectContaining({ path: 'dp0/zones', message: 'zone "Zone A" is not a valid zone name' }),
    expect.objectContaining({ path: 'dp0/zones', message: 'zone "eu-west-1a" is listed twice' }),
  ]);
  expect(withPlatform([dp({ zones: [] })])).toEqual([expect.objectContaining({ path: 'dp0/zones', message: 'no zones given' })]);
});

test('namespace must be a DNS-1123 label', () => {
  expect(withPlatform([dp({ namespace: 'K8ssandra' })])).toEqual([
    expect.objectContaining({ path: 'dp0/namespace', message: 'namespace "K8ssandra" is not a valid DNS-1123 label' }),
  ]);
});

test('unknown k8ssandra-operator version', () => {
  expect(withPlatform([dp({ k8ssandraOperator: { version: 'v1.99.0' } })])).toEqual([
    expect.objectContaining({ path: 'dp0/k8ssandraOperator/version', message: 'k8ssandra-operator version "v1.99.0" is not one this library has a model for', fix: 'use one of v1.32.5' }),
  ]);
});

test('unknown cass-operator version', () => {
  expect(withPlatform([dp({ cassOperator: { version: 'v9.0.0' } })])).toEqual([
    expect.objectContaining({ path: 'dp0/cassOperator/version', message: 'cass-operator version "v9.0.0" is not one this library has a model for' }),
  ]);
});

test.each(['v1.29.1', 'v1.30.2', 'v1.32.0'])('cass-operator %s, modelled but not run beside k8ssandra-operator v1.32.5, is rejected', (version) => {
  expect(withPlatform([dp({ cassOperator: { version } })])).toEqual([
    expect.objectContaining({
      path: 'dp0/cassOperator/version',
      message: `cass-operator "${version}" with k8ssandra-operator v1.32.5 is not a pair this library supports; the supported pair is k8ssandra-operator v1.32.5 with cass-operator v1.30.3 (or a later v1.30 patch)`,
      fix: "set cassOperator.version to 'v1.30.3' or leave it unset",
    }),
  ]);
});

test('the supported pair is accepted when given explicitly', () => {
  expect(withPlatform([dp({ k8ssandraOperator: { version: 'v1.32.5' }, cassOperator: { version: 'v1.30.3' } })])).toEqual([]);
});

test('an image without tag or digest is rejected, a digest is accepted', () => {
  const digest = `registry.example.com/k8ssandra-operator@sha256:${'a'.repeat(64)}`;
  expect(withPlatform([dp({ k8ssandraOperator: { image: digest }, cassOperator: { image: 'docker.io/k8ssandra/cass-operator' } })], { operator: { image: 'ghcr.io/x/op:latest' } })).toEqual([
    expect.objectContaining({ path: 'cp/operator/image', message: 'image "ghcr.io/x/op:latest" is not pinned to a tag or digest' }),
    expect.objectContaining({ path: 'dp0/cassOperator/image', message: 'image "docker.io/k8ssandra/cass-operator" is not pinned to a tag or digest', fix: expect.stringContaining('sha256') }),
  ]);
});

test('control-plane operator replicas < 2 needs an explicit opt-out', () => {
  expect(withPlatform([dp()], { operator: { replicas: 1 } })).toEqual([
    expect.objectContaining({ path: 'cp/operator/replicas', message: 'replicas 1 leaves the control plane without a standby operator', fix: expect.stringContaining('allowSingleReplica: true') }),
  ]);
  expect(withPlatform([dp()], { operator: { replicas: 1, allowSingleReplica: true } })).toEqual([]);
});

test('k8ssandra-operator cannot run more than one replica', () => {
  expect(withPlatform([dp({ k8ssandraOperator: { replicas: 2 } })])).toEqual([
    expect.objectContaining({ path: 'dp0/k8ssandraOperator/replicas', fix: 'use replicas: 1' }),
  ]);
});

test('replicas must be a whole number >= 1', () => {
  expect(withPlatform([dp({ cassOperator: { replicas: 0 } })])).toEqual([
    expect.objectContaining({ path: 'dp0/cassOperator/replicas', message: 'replicas 0 is not a whole number >= 1' }),
  ]);
});

test('watchNamespaces needs cluster scope', () => {
  expect(withPlatform([dp({ watchNamespaces: ['a'] })])).toEqual([
    expect.objectContaining({ path: 'dp0/watchNamespaces', fix: 'set scope: OperatorScope.CLUSTER, or drop watchNamespaces' }),
  ]);
  expect(withPlatform([dp({ watchNamespaces: ['k8ssandra-operator', 'a'], scope: OperatorScope.CLUSTER })])).toEqual([]);
});

test('watchNamespaces must include the namespace clusters are placed in', () => {
  expect(withPlatform([dp({ watchNamespaces: ['team-a', 'team-b'], scope: OperatorScope.CLUSTER })])).toEqual([
    {
      path: 'dp0/watchNamespaces',
      message: 'watchNamespaces ["team-a","team-b"] leaves out "k8ssandra-operator", the namespace this data plane\'s clusters are placed in, so its operators would never reconcile them',
      fix: 'add "k8ssandra-operator" to watchNamespaces, or leave watchNamespaces empty to watch all namespaces',
    },
  ]);
  expect(withPlatform([dp({ watchNamespaces: ['k8ssandra-operator', 'team-a'], scope: OperatorScope.CLUSTER })])).toEqual([]);
  expect(withPlatform([dp({ scope: OperatorScope.CLUSTER })])).toEqual([]);
});

test('only one data plane can share the control-plane cluster', () => {
  expect(withPlatform([local(), local({ name: 'b' })])).toEqual([
    expect.objectContaining({ path: 'dp1', message: expect.stringContaining('only one data plane can share') }),
  ]);
});

test('a data plane sharing the control-plane cluster uses the control plane\'s k8ssandraNamespace', () => {
  expect(withPlatform([local({ namespace: 'cassandra' })])).toEqual([
    {
      path: 'dp0/namespace',
      message: 'data plane "eu-west" shares the control plane\'s cluster in namespace "cassandra", but the control plane\'s k8ssandraNamespace is "k8ssandra-operator", where the control-plane operator looks for the K8ssandraClusters it writes',
      fix: 'use the same namespace for both: set the ControlPlane\'s k8ssandraNamespace to "cassandra", or this data plane\'s namespace to "k8ssandra-operator"',
    },
  ]);
  expect(withPlatform([local({ namespace: 'cassandra' })], { k8ssandraNamespace: 'cassandra' })).toEqual([]);
});

test('charts that are not planes are reported', () => {
  const { Chart } = jest.requireActual('cdk8s');
  const problems = problemsOf((app) => {
    new ControlPlane(app, 'cp', { region: 'us-east-1' });
    new Chart(app, 'stray');
  });
  expect(problems).toEqual([expect.objectContaining({ path: 'stray', message: expect.stringContaining('neither a ControlPlane nor a DataPlane') })]);
});

test('all problems are reported together in one error, each with path, value and fix', () => {
  const app = new MissionControlApp();
  const cp = new ControlPlane(app, 'cp', { region: 'us-east-1', operator: { replicas: 1 } });
  new DataPlane(app, 'dp', { controlPlane: cp, name: 'Bad_Name', region: 'eu-west-1', zones: ['eu-west-1a'], k8ssandraOperator: { version: 'v0.1.0' } });
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).problems).toHaveLength(3);
  expect((error as Error).message).toMatchInlineSnapshot(`
"Validation failed with 3 problems; nothing was written:
  1. [cp/operator/replicas] replicas 1 leaves the control plane without a standby operator
     Fix: use replicas >= 2, or set allowSingleReplica: true to accept the gap while its pod is rescheduled
  2. [dp/name] data plane name "Bad_Name" is not a valid DNS-1035 label
     Fix: use lower-case letters, digits and '-', starting with a letter, e.g. 'eu-west'
  3. [dp/k8ssandraOperator/version] k8ssandra-operator version "v0.1.0" is not one this library has a model for
     Fix: use one of v1.32.5"
`);
});
