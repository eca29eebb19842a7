import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { inClusterTarget, loadKubeconfigFile, parseKubeconfig } from '../../../lib/kube';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(overrides: { user?: Record<string, unknown>; cluster?: Record<string, unknown>; current?: string } = {}) {
  return stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': [
      { name: 'one', cluster: { 'server': 'https://one.example:6443', 'certificate-authority-data': b64('CA-ONE'), ...overrides.cluster } },
      { name: 'two', cluster: { 'server': 'https://two.example', 'insecure-skip-tls-verify': true } },
    ],
    'users': [
      { name: 'certs', user: { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY'), ...overrides.user } },
      { name: 'bearer', user: { token: 'secret-token' } },
    ],
    'contexts': [
      { name: 'ctx-one', context: { cluster: 'one', user: 'certs', namespace: 'ops' } },
      { name: 'ctx-two', context: { cluster: 'two', user: 'bearer' } },
    ],
    'current-context': overrides.current ?? 'ctx-one',
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcc-kubeconfig-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseKubeconfig', () => {
  test('resolves the current context with inline certificate data', () => {
    expect(parseKubeconfig(kubeconfig())).toEqual({
      context: 'ctx-one',
      server: 'https://one.example:6443',
      ca: 'CA-ONE',
      cert: 'CERT',
      key: 'KEY',
      namespace: 'ops',
    });
  });

  test('resolves a named context with a bearer token and insecure-skip-tls-verify', () => {
    expect(parseKubeconfig(kubeconfig(), { context: 'ctx-two' })).toEqual({
      context: 'ctx-two',
      server: 'https://two.example',
      token: 'secret-token',
      insecureSkipTlsVerify: true,
    });
  });

  test('reads file paths relative to the kubeconfig file', () => {
    const sub = join(dir, 'files');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'ca.crt'), 'CA-FROM-FILE');
    writeFileSync(join(sub, 'client.crt'), 'CERT-FROM-FILE');
    writeFileSync(join(sub, 'client.key'), 'KEY-FROM-FILE');
    const text = stringify({
      'clusters': [{ name: 'c', cluster: { 'server': 'https://c', 'certificate-authority': 'ca.crt' } }],
      'users': [{ name: 'u', user: { 'client-certificate': 'client.crt', 'client-key': join(sub, 'client.key'), 'tokenFile': 'token' } }],
      'contexts': [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    });
    const file = join(sub, 'config');
    writeFileSync(file, text);
    expect(loadKubeconfigFile(file)).toEqual({
      context: 'x',
      server: 'https://c',
      ca: 'CA-FROM-FILE',
      cert: 'CERT-FROM-FILE',
      key: 'KEY-FROM-FILE',
      tokenFile: join(sub, 'token'),
    });
  });

  test('rejects what it cannot honour, with a reason', () => {
    expect(() => parseKubeconfig(kubeconfig(), { context: 'nope' })).toThrow(/context 'nope' not found/);
    expect(() => parseKubeconfig(kubeconfig({ current: '' }))).toThrow(/no current-context/);
    expect(() => parseKubeconfig(kubeconfig({ user: { exec: { command: 'aws' } } }))).toThrow(/'exec', which is not supported/);
    expect(() => parseKubeconfig(kubeconfig({ user: { 'client-key-data': '' } }))).toThrow(/both a client certificate and a client key/);
    expect(() => parseKubeconfig(kubeconfig({ cluster: { server: '' } }))).toThrow(/has no server/);
    expect(() => parseKubeconfig('- just\n- a list\n')).toThrow(/not a YAML mapping/);
    expect(() => parseKubeconfig('a: [unclosed')).toThrow(/invalid YAML/);
  });
});

describe('inClusterTarget', () => {
  test('uses the service environment and the mounted ServiceAccount files', () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'ca.crt'), 'CLUSTER-CA');
    writeFileSync(join(sa, 'namespace'), 'mission-control\n');
    expect(inClusterTarget({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, sa)).toEqual({
      context: 'in-cluster',
      server: 'https://[fd00::1]:443',
      ca: 'CLUSTER-CA',
      tokenFile: join(sa, 'token'),
      namespace: 'mission-control',
    });
    expect(() => inClusterTarget({}, sa)).toThrow(/not running in a cluster/);
  });
});
