import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The operator's entry point loads `@kubernetes/client-node` for kubeconfigs and auth without
 * its generated API clients. Shown in a fresh Node process (module loading is process-wide):
 * which client-node modules load, and that token and `exec` credentials still authenticate.
 */
const ROOT = join(__dirname, '..', '..');

const CHILD = `
const mod = require('node:module');
require('./lib/reconciler/kube-config-only');
const loaded = [];
// Registered after the operator's hook, so it sees every resolution (hooks run last-in first).
if (mod.registerHooks) mod.registerHooks({ resolve(s, c, next) { const r = next(s, c); loaded.push(r.url); return r; } });
const { kubeConfigWithoutApiClients } = require('./lib/reconciler/kube-config-only');
const { loadKubeConfig, kubeHttpFromKubeConfig } = require('./lib/kube/kube-config');
const plugin = 'process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token: "from-plugin" } }))';
const kubeconfig = (user) => JSON.stringify({
  apiVersion: 'v1', kind: 'Config', 'current-context': 'x',
  clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
  contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
  users: [{ name: 'u', user }],
});
const headersOf = async (user) => (await kubeHttpFromKubeConfig(loadKubeConfig(kubeconfig(user))).source.credentials()).headers;
(async () => {
  const token = await headersOf({ token: 'static' });
  const exec = await headersOf({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', plugin], interactiveMode: 'Never' } });
  const clientNode = loaded.filter((u) => u.includes('/@kubernetes/client-node/dist/')).map((u) => u.replace(/^.*\\/client-node\\/dist\\//, ''));
  process.stdout.write(JSON.stringify({ hook: kubeConfigWithoutApiClients, hasRegisterHooks: Boolean(mod.registerHooks), token, exec, clientNode }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

interface ChildReport {
  hook: boolean;
  hasRegisterHooks: boolean;
  token: Record<string, string>;
  exec: Record<string, string>;
  clientNode: string[];
}

let report: ChildReport;
beforeAll(() => {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', CHILD], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } });
  report = JSON.parse(out);
}, 120_000);

test('kubeconfig token and exec credentials authenticate', () => {
  expect(report.token.Authorization).toBe('Bearer static');
  expect(report.exec.Authorization).toBe('Bearer from-plugin');
});

test('where Node has in-thread module hooks, no generated API client or model is loaded', () => {
  // Node 22.15+, 23.5+; on older Node the operator loads client-node whole.
  expect(report.hook).toBe(report.hasRegisterHooks);
  if (!report.hasRegisterHooks) return;
  expect(report.clientNode).toContain('config.js');
  expect(report.clientNode).toContain('gen/configuration.js');
  expect(report.clientNode.filter((m) => /^gen\/(apis|models|index\.js)/.test(m))).toEqual([]);
});
