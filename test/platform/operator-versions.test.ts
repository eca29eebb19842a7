import { ControlPlane, DataPlane, MissionControlApp, type ControlPlaneProps, type DataPlaneProps } from '../../lib';
import { cassOperatorFits, dataPlaneSkew, operatorRelease } from '../../lib/core/operator-compatibility';
import { parseRelease } from '../../lib/core/releases';

type DataPlaneInput = Omit<DataPlaneProps, 'controlPlane'>;
const remote = (overrides: Partial<DataPlaneInput> = {}): DataPlaneInput => ({ name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], ...overrides });
const local = (overrides: Partial<DataPlaneInput> = {}): DataPlaneInput => ({ name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, ...overrides });

function problemsOf(dataPlanes: DataPlaneInput[], controlPlane: Partial<ControlPlaneProps> = {}) {
  const app = new MissionControlApp();
  const cp = new ControlPlane(app, 'cp', { region: 'us-east-1', ...controlPlane });
  dataPlanes.forEach((props, i) => new DataPlane(app, `dp${i}`, { controlPlane: cp, ...props }));
  return app.validatePlatform();
}

const k8ssandra = (tag: string) => ({ image: `registry.example.com/k8ssandra/k8ssandra-operator:${tag}` });
const cass = (tag: string) => ({ image: `registry.example.com/k8ssandra/cass-operator:${tag}` });
const digest = `registry.example.com/k8ssandra/k8ssandra-operator@sha256:${'a'.repeat(64)}`;

describe('the release an operator runs', () => {
  test("is its image's tag, else its version, else the default", () => {
    expect(operatorRelease({ image: 'x/op:v1.33.1', version: 'v1.32.5' }, 'v1.32.5').release).toEqual({ major: 1, minor: 33, patch: 1 });
    expect(operatorRelease({ image: 'x/op:1.33.1-fips' }, 'v1.32.5')).toEqual({ release: { major: 1, minor: 33, patch: 1 }, from: 'image' });
    expect(operatorRelease({ version: 'v1.32.5' }, 'v1.0.0')).toEqual({ release: { major: 1, minor: 32, patch: 5 }, from: 'version' });
    expect(operatorRelease({}, 'v1.32.5').from).toBe('version');
  });

  test('is unknown for an image pinned by digest alone, unless a version says', () => {
    expect(operatorRelease({ image: digest }, 'v1.32.5')).toEqual({ release: undefined, from: 'image' });
    expect(operatorRelease({ image: digest, version: 'v1.32.5' }, 'v1.0.0').from).toBe('version');
  });
});

describe('rule 1: cass-operator beside k8ssandra-operator', () => {
  const r = (tag: string) => parseRelease(tag)!;

  test('the release k8ssandra-operator is built against, or a later patch of its minor', () => {
    expect(cassOperatorFits(r('v1.32.5'), r('v1.30.3'))).toBe(true);
    expect(cassOperatorFits(r('v1.32.9'), r('v1.30.4'))).toBe(true);
    expect(cassOperatorFits(r('v1.32.5'), r('v1.30.2'))).toBe(false);
    expect(cassOperatorFits(r('v1.32.5'), r('v1.31.0'))).toBe(false);
    // A minor the table does not list is not judged.
    expect(cassOperatorFits(r('v1.31.0'), r('v1.29.1'))).toBe(true);
  });

  test('an image tag is judged like a version, at the image', () => {
    expect(problemsOf([remote({ cassOperator: cass('v1.30.4') })])).toEqual([]);
    expect(problemsOf([remote({ cassOperator: cass('v1.32.0') })])).toEqual([
      {
        path: 'dp0/cassOperator/image',
        message: 'cass-operator "registry.example.com/k8ssandra/cass-operator:v1.32.0" with k8ssandra-operator v1.32.5 is not a pair this library supports; the supported pair is k8ssandra-operator v1.32.5 with cass-operator v1.30.3 (or a later v1.30 patch)',
        fix: 'use a cass-operator image tagged v1.30.3 (or a later patch of that minor) in cassOperator.image',
      },
    ]);
  });

  test("a k8ssandra-operator image's release decides, by its minor", () => {
    expect(problemsOf([local({ k8ssandraOperator: k8ssandra('v1.32.6'), cassOperator: cass('v1.30.4') })])).toEqual([]);
    expect(problemsOf([local({ k8ssandraOperator: k8ssandra('v1.32.6'), cassOperator: { version: 'v1.29.1' } })])).toEqual([
      expect.objectContaining({ path: 'dp0/cassOperator/version', message: expect.stringContaining('cass-operator "v1.29.1" with k8ssandra-operator v1.32.6 is not a pair') }),
    ]);
  });
});

describe('rule 2: data-plane k8ssandra-operator against the control-plane one', () => {
  test('the same minor or one behind is accepted', () => {
    expect(dataPlaneSkew(parseRelease('v1.33.2')!, parseRelease('v1.33.0')!)).toBeUndefined();
    expect(dataPlaneSkew(parseRelease('v1.33.2')!, parseRelease('v1.32.9')!)).toBeUndefined();
    expect(problemsOf([remote({ k8ssandraOperator: k8ssandra('v1.31.4') })])).toEqual([]);
  });

  test('a data plane newer than the control plane, even by a patch, is refused at its image', () => {
    expect(problemsOf([remote({ k8ssandraOperator: k8ssandra('v1.32.6') })])).toEqual([
      {
        path: 'dp0/k8ssandraOperator/image',
        message: 'k8ssandra-operator "registry.example.com/k8ssandra/k8ssandra-operator:v1.32.6" of data plane "eu-west" is newer than the control-plane k8ssandra-operator v1.32.5 (cp/k8ssandraOperator): operators are upgraded control plane first, then one data plane at a time, so a data plane never runs ahead of the control plane',
        fix: 'upgrade the control-plane k8ssandra-operator (cp/k8ssandraOperator) to v1.32.6 first, in a change of its own; until then use a k8ssandra-operator image tagged v1.32.5 in k8ssandraOperator.image',
      },
    ]);
  });

  test("with a data plane in the control plane's cluster, its operator is the control-plane one", () => {
    expect(problemsOf([local({ k8ssandraOperator: k8ssandra('v1.32.6') }), remote()])).toEqual([]);
    expect(problemsOf([local(), remote({ k8ssandraOperator: k8ssandra('v1.32.6') })])).toEqual([
      expect.objectContaining({ path: 'dp1/k8ssandraOperator/image', message: expect.stringContaining('newer than the control-plane k8ssandra-operator v1.32.5 (dp0/k8ssandraOperator)') }),
    ]);
  });

  test('two minors behind, or another major, is refused', () => {
    expect(problemsOf([remote({ k8ssandraOperator: k8ssandra('v1.30.0') })])).toEqual([
      expect.objectContaining({
        path: 'dp0/k8ssandraOperator/image',
        message: expect.stringContaining('is more than one minor behind the control-plane k8ssandra-operator v1.32.5'),
        fix: "move this data plane's k8ssandra-operator (k8ssandraOperator.image) up one minor per change, to v1.31 or v1.32.5",
      }),
    ]);
    expect(problemsOf([remote({ k8ssandraOperator: k8ssandra('v0.32.5') })])).toEqual([
      expect.objectContaining({ path: 'dp0/k8ssandraOperator/image', message: expect.stringContaining('is another major release than the control-plane k8ssandra-operator v1.32.5') }),
    ]);
  });

  test('an image pinned by digest names no release and is not judged', () => {
    expect(problemsOf([remote({ k8ssandraOperator: { image: digest } })], { k8ssandraOperator: k8ssandra('v1.32.6') })).toEqual([]);
  });

  test('the control plane may lead by a minor: the window of an upgrade', () => {
    const problems = problemsOf([remote()], { k8ssandraOperator: k8ssandra('v1.33.0') });
    expect(problems.map((p) => p.path)).toEqual(['cp/k8ssandraOperator/image']);
  });
});

describe('rule 3: the control-plane operator against this library', () => {
  const operator = (tag: string) => ({ image: `registry.example.com/mission-control-operator:${tag}` });

  test('a patch release of the same minor is accepted, another minor is refused', () => {
    expect(problemsOf([remote()], { operator: operator('v0.1.7') })).toEqual([]);
    expect(problemsOf([remote()], { operator: operator('v0.2.0') })).toEqual([
      {
        path: 'cp/operator/image',
        message: "the control-plane operator image \"registry.example.com/mission-control-operator:v0.2.0\" is release v0.2.0, but this library is v0.1.0: the control-plane folder holds this release's MissionControlCluster CRD, and only a 0.1 operator writes K8ssandraClusters the way this release places them",
        fix: "use a control-plane operator image of release 0.1.x (the default is v0.1.0), or upgrade this library to the operator's release",
      },
    ]);
  });

  test('a digest or a tag that names no release is not judged', () => {
    expect(problemsOf([remote()], { operator: { image: `registry.example.com/mission-control-operator@sha256:${'b'.repeat(64)}` } })).toEqual([]);
    expect(problemsOf([remote()], { operator: operator('nightly-2024') })).toEqual([]);
  });
});

describe('rule 4: the control-plane k8ssandra-operator against the control-plane operator', () => {
  test('a minor this release does not model is refused at the image', () => {
    expect(problemsOf([remote()], { k8ssandraOperator: k8ssandra('v1.33.0') })).toEqual([
      {
        path: 'cp/k8ssandraOperator/image',
        message: 'the control-plane k8ssandra-operator image "registry.example.com/k8ssandra/k8ssandra-operator:v1.33.0" is release v1.33.0, but the control-plane operator of this release writes K8ssandraClusters for k8ssandra-operator 1.32',
        fix: 'use a k8ssandra-operator image of v1.32.x (the default is v1.32.5), or a release of this library that models v1.33.0',
      },
    ]);
  });

  test("in a data plane sharing the control plane's cluster too", () => {
    expect(problemsOf([local({ k8ssandraOperator: k8ssandra('v1.33.0') })]).map((p) => p.path)).toEqual(['dp0/k8ssandraOperator/image']);
  });
});

test('every version problem of the platform is reported together', () => {
  const problems = problemsOf(
    [remote({ k8ssandraOperator: k8ssandra('v1.34.0'), cassOperator: cass('v1.32.0') })],
    { operator: { image: 'registry.example.com/mission-control-operator:v1.0.0' }, k8ssandraOperator: k8ssandra('v1.33.0') },
  );
  expect(problems.map((p) => p.path)).toEqual(['cp/operator/image', 'cp/k8ssandraOperator/image', 'dp0/k8ssandraOperator/image']);
});
