import { readFileSync } from 'node:fs';
import { runDiagnose, type DiagnoseCommandOptions } from '../../lib/cli/diagnose/command';
import { buildProgram } from '../../lib/cli/main';
import type { Diagnosis } from '../../lib/core/diagnosis/diagnose';
import { dataPlaneRegistration, KUBECONFIG_SECRET_KEY, kubeconfigSecretName } from '../../lib/core/manifests/data-plane-registration';
import { missionControlCrds } from '../../lib/core/manifests/mission-control-crds';
import { OperatorScope } from '../../lib/core/model/platform';
import { applyObjects, startApiServers, waitFor, type ApiServers, type KubeObject } from '../../lib/testing';

/**
 * `diagnose` against real API servers: the control plane through the user's kubeconfig, the
 * data plane through the kubeconfig Secret its registration names (the user has no context for
 * it), and an unreachable data plane reported as such while the rest is still diagnosed.
 */
const CP = 'control-plane';
const DP = 'eu-west';
let servers: ApiServers;

const options = (extra: Partial<DiagnoseCommandOptions> = {}): DiagnoseCommandOptions => ({
  kubeconfig: servers.planes[CP].kubeconfigPath,
  namespace: 'mission-control',
  k8ssandraNamespace: 'k8ssandra-operator',
  dataPlaneContext: [],
  stuckAfter: '10m',
  timeout: '5s',
  output: 'json',
  ...extra,
});
const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const subjects = (d: Diagnosis) => d.findings.map((f) => `${f.plane} ${f.layer} ${f.subject}`);

async function apply(plane: string, objects: KubeObject[]): Promise<void> {
  const report = await applyObjects(servers.planes[plane], objects);
  if (report.rejected.length) throw new Error(JSON.stringify(report.rejected));
}

beforeAll(async () => {
  servers = await startApiServers({ planes: [CP, DP] });
  await apply(CP, [ns('mission-control'), ...missionControlCrds()]);
  await waitFor('registrations served', 60_000, async () => ((await servers.planes[CP].http.request('GET', '/apis/missioncontrol.mission-control-constructs.dev/v1alpha1/dataplaneregistrations')).status === 200 ? true : undefined));
  await apply(CP, [
    dataPlaneRegistration('mission-control', {
      path: DP,
      name: DP,
      region: 'eu-west-1',
      zones: ['eu-west-1a'],
      namespace: 'k8ssandra-operator',
      scope: OperatorScope.NAMESPACE,
      watchNamespaces: [],
      k8ssandraOperator: {},
      cassOperator: {},
      crds: { type: 'none' },
      inControlPlaneCluster: false,
    }),
    { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: kubeconfigSecretName(DP), namespace: 'mission-control' }, stringData: { [KUBECONFIG_SECRET_KEY]: readFileSync(servers.planes[DP].kubeconfigPath, 'utf8') } },
  ]);
  // cass-operator scaled to zero in the data plane, without its webhook Service; k8ssandra-operator is not installed there.
  await apply(DP, [ns('k8ssandra-operator'), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cass-operator-controller-manager', namespace: 'k8ssandra-operator' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'cass-operator' } }, template: { metadata: { labels: { app: 'cass-operator' } }, spec: { containers: [{ name: 'manager', image: 'cr.k8ssandra.io/k8ssandra/cass-operator:v1.30.3' }] } } },
  }]);
}, 300_000);

afterAll(async () => {
  await servers?.stop();
});

test('the data plane is read through its registration\'s kubeconfig Secret, and each problem names its plane and layer', async () => {
  const d = await runDiagnose(undefined, options());
  expect(d.planes.map((p) => [p.name, p.context, p.reachable])).toEqual([[CP, CP, true], [DP, DP, true]]);
  expect(subjects(d)).toEqual([
    `${DP} plane-connection ClientConfig k8ssandra-operator/${DP}`,
    `${CP} k8ssandra-operator-control-plane Deployment k8ssandra-operator/k8ssandra-operator`,
    `${DP} k8ssandra-operator-data-plane Deployment k8ssandra-operator/k8ssandra-operator`,
    `${DP} cass-operator Deployment k8ssandra-operator/cass-operator-controller-manager`,
    `${DP} cass-operator Service k8ssandra-operator/cass-operator-webhook-service`,
  ]);
  const cass = d.findings[3];
  expect(cass.evidence[0]).toBe('spec.replicas is 0: the operator is scaled to zero');
  expect(cass.commands[0]).toBe(`kubectl --context ${DP} -n k8ssandra-operator describe deployment/cass-operator-controller-manager`);
  expect(d.symptoms['pods-not-starting']).toEqual([3]);
});

test('the command prints JSON and exits 1 when it finds problems; an unreachable data plane is reported, not fatal', async () => {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await servers.planes[DP].stop();
    await buildProgram().parseAsync(['node', 'mission-control-constructs', 'diagnose', '--kubeconfig', servers.planes[CP].kubeconfigPath, '--timeout', '5s', '-o', 'json']);
  } finally {
    spy.mockRestore();
  }
  expect(process.exitCode).toBe(1);
  process.exitCode = 0;
  const d = JSON.parse(written.join('')) as Diagnosis;
  expect(d.planes.find((p) => p.name === DP)).toMatchObject({ reachable: false });
  const unreachable = d.findings.find((f) => f.subject === `data plane ${DP}`)!;
  expect(unreachable.layer).toBe('plane-connection');
  expect(unreachable.symptoms).toEqual(['multi-dc-coordination', 'creation-stuck']);
  expect(unreachable.evidence[0]).toMatch(/^it could not be read: .*(ECONNREFUSED|connect)/);
  // Nothing is claimed about the unreachable plane's operators.
  expect(d.findings.filter((f) => f.plane === DP).map((f) => f.subject)).toEqual([`data plane ${DP}`, `ClientConfig k8ssandra-operator/${DP}`]);
});

test('bad options are usage errors that say how to write them', async () => {
  await expect(runDiagnose(undefined, options({ stuckAfter: '10 minutes' }))).rejects.toThrow("--stuck-after '10 minutes' is not a duration; write it as Prometheus does, e.g. '30s', '10m' or '1h30m'");
  await expect(runDiagnose(undefined, options({ dataPlaneContext: ['eu-west'] }))).rejects.toThrow("--data-plane-context 'eu-west' is not <data plane>=<context>");
  await expect(runDiagnose(undefined, options({ context: 'nowhere' }))).rejects.toThrow("--context 'nowhere' is not in the kubeconfig (it has control-plane)");
  await expect(runDiagnose(undefined, options({ kubeconfig: '/nonexistent/kubeconfig' }))).rejects.toThrow(/^the kubeconfig '\/nonexistent\/kubeconfig' could not be loaded: ENOENT.*\(pass --kubeconfig <path>\)$/);
});
