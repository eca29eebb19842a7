import { createHash } from 'node:crypto';
import { ControlPlane, DataPlane, MissionControlApp, synthPlatform, type DataPlaneProps } from '../../lib';
import type { KubeObject } from '../../lib/core/kube-object';
import { find } from '../support/platform';

type DataPlaneInput = Omit<DataPlaneProps, 'controlPlane'>;
const OPERATORS = ['k8ssandra-operator', 'cass-operator-controller-manager'];
const HASH = 'mission-control-constructs.dev/config-hash';

function dataPlane(overrides: Partial<DataPlaneInput> = {}): KubeObject[] {
  const app = new MissionControlApp();
  const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
  new DataPlane(app, 'dp', { controlPlane: cp, name: 'dp', region: 'us-east-1', zones: ['us-east-1a'], ...overrides });
  return synthPlatform(app)['data-plane-dp'];
}

const spec = (objects: KubeObject[], name: string) => find(objects, 'Deployment', name).spec as Record<string, any>;
const hashes = (objects: KubeObject[]) => OPERATORS.map((name) => spec(objects, name).template.metadata.annotations?.[HASH]);

describe('config hash on the operator pods', () => {
  const objects = dataPlane();

  test('is the sha256 of the ImageConfig data, on both operators', () => {
    const data = find(objects, 'ConfigMap', 'image-config').data as Record<string, string>;
    const expected = createHash('sha256').update(JSON.stringify(['k8ssandra-operator/image-config', 'image_config.yaml', data['image_config.yaml']])).digest('hex');
    expect(hashes(objects)).toEqual([expected, expected]);
  });

  test('is the same on every synthesis', () => {
    expect(hashes(dataPlane())).toEqual(hashes(objects));
  });

  test('changes with the ImageConfig, so the operators restart and read it', () => {
    const changed = hashes(dataPlane({ cassOperator: { imagePullSecrets: ['regcred'] } }));
    expect(changed[0]).toBe(changed[1]);
    expect(changed[0]).not.toBe(hashes(objects)[0]);
  });

  test('does not change with settings the ImageConfig does not hold', () => {
    expect(hashes(dataPlane({ cassOperator: { resources: { limits: { memory: '256Mi' } } } }))).toEqual(hashes(objects));
  });
});

describe('operator rollouts', () => {
  const objects = dataPlane();

  test.each(OPERATORS)('%s surges a new pod before stopping the old one, and elects a leader', (name) => {
    const s = spec(objects, name);
    expect(s.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(s.template.spec.containers[0].args).toContain('--leader-elect');
  });

  // LeaderElectionID of each main.go; controller-runtime puts the Lease in the namespace of the
  // pod's ServiceAccount (the operator's) and records events there.
  test.each([
    ['k8ssandra-operator', 'k8ssandra-operator-leader-election', 'dcabfccc.k8ssandra.io'],
    ['cass-operator-controller-manager', 'cass-operator-leader-election', 'b569adb7.cassandra.datastax.com'],
  ])('%s may take its own Lease in its namespace and nothing more', (serviceAccount, roleName, leaseName) => {
    const role = find(objects, 'Role', roleName);
    expect(role.metadata.namespace).toBe('k8ssandra-operator');
    expect(role.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: [leaseName] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    expect(find(objects, 'RoleBinding', roleName).subjects).toEqual([{ kind: 'ServiceAccount', name: serviceAccount, namespace: 'k8ssandra-operator' }]);
    expect(spec(objects, serviceAccount).template.spec.serviceAccountName).toBe(serviceAccount);
  });
});
