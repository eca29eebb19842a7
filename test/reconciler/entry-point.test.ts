import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { synthPlatform } from '../../lib';
import { MISSION_CONTROL_OPERATOR_IMAGE } from '../../lib/core/versions';
import { OPERATOR_NODE_FLAGS } from '../../lib/reconciler/node-flags';
import { buildProgram } from '../../lib/reconciler/operator-command';
import { find } from '../support/platform';

test('the operator accepts exactly the args the ControlPlane construct gives it', () => {
  const deployment = find(synthPlatform(buildExamplePlatform({ clusters: false }).app)['control-plane'], 'Deployment', 'mission-control-operator');
  const container = (deployment.spec as any).template.spec.containers[0];
  expect(container.image).toBe(MISSION_CONTROL_OPERATOR_IMAGE);
  // Kubernetes expands $(POD_NAMESPACE) from the container env before the process starts.
  const args = (container.args as string[]).map((a) => a.replace('$(POD_NAMESPACE)', 'mission-control'));
  const program = buildProgram().exitOverride();
  const opts = program.parse(['node', 'mission-control-operator', ...args]).opts();
  expect(opts).toEqual({
    namespace: 'mission-control',
    k8ssandraNamespace: 'k8ssandra-operator',
    leaderElect: true,
    leaseName: 'mission-control-operator',
    metricsBindAddress: ':8080',
    healthProbeBindAddress: ':8081',
    logLevel: 'info',
  });
  expect(container.env.map((e: any) => e.name)).toEqual(['POD_NAME', 'POD_NAMESPACE']);
});

test('unknown flags and bad values are refused with a message', () => {
  const program = () => buildProgram().exitOverride().configureOutput({ writeErr: () => undefined });
  expect(() => program().parse(['node', 'x', '--namespace', 'a', '--log-level', 'loud'])).toThrow(/Allowed choices are debug, info, warn, error/);
  expect(() => program().parse(['node', 'x'])).toThrow(/required option '--namespace <namespace>'/);
});

test('the image starts the operator with the node flags the benchmark and the testing image use', () => {
  const dockerfile = readFileSync(join(__dirname, '../../Dockerfile'), 'utf8');
  const entrypoint = /^ENTRYPOINT (.+)$/m.exec(dockerfile)?.[1];
  expect(JSON.parse(entrypoint ?? 'null')).toEqual(['/nodejs/bin/node', ...OPERATOR_NODE_FLAGS, 'build/lib/reconciler/main.js']);
  expect(OPERATOR_NODE_FLAGS).toContain('--optimize-for-size');
});
