import { buildExamplePlatform } from '../../examples/platform/platform';
import { synthPlatform } from '../../lib';
import { isPinnedImage } from '../../lib/core/image';
import { allObjects, podTemplates } from '../support/platform';

const objects = allObjects(synthPlatform(buildExamplePlatform().app));
const templates = objects.flatMap(({ obj }) => podTemplates(obj).map((template) => ({ name: `${obj.kind}/${obj.metadata.name}`, template })));

test('there are pod templates to check', () => {
  expect(templates.map((t) => t.name).sort()).toEqual([
    'Deployment/cass-operator-controller-manager',
    'Deployment/cass-operator-controller-manager',
    'Deployment/k8ssandra-operator',
    'Deployment/k8ssandra-operator',
    'Deployment/mission-control-operator',
  ]);
});

describe.each(templates)('$name meets Pod Security Standards "restricted"', ({ template }) => {
  const spec = template.spec;
  test('pod runs as non-root with the RuntimeDefault seccomp profile', () => {
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.hostNetwork ?? false).toBe(false);
    expect(spec.hostPID ?? false).toBe(false);
    expect(spec.hostIPC ?? false).toBe(false);
  });
  test.each(['containers', 'initContainers'])('%s are locked down, sized and probed', (field) => {
    for (const c of spec[field] ?? []) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
      });
      expect(c.securityContext.capabilities.add ?? []).toEqual([]);
      expect(c.securityContext.privileged ?? false).toBe(false);
      expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(c.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      if (field === 'containers') {
        expect(c.livenessProbe.httpGet.path).toBe('/healthz');
        // A webhook server is ready when it listens; the others when /readyz says so.
        const serves = (c.ports ?? []).some((p: any) => p.name === 'webhook');
        expect(c.readinessProbe).toEqual(expect.objectContaining(serves ? { tcpSocket: { port: 'webhook' } } : { httpGet: { path: '/readyz', port: 'health' } }));
      }
      expect(isPinnedImage(c.image)).toBe(true);
    }
  });
  test('volumes are only emptyDir, Secret and ConfigMap (no hostPath)', () => {
    for (const v of spec.volumes ?? []) expect(Object.keys(v).filter((k) => k !== 'name')).toEqual([expect.stringMatching(/^(emptyDir|secret|configMap|projected)$/)]);
  });
});

test('no Role or ClusterRole we author contains a wildcard', () => {
  const roles = objects.filter(({ obj }) => obj.kind === 'Role' || obj.kind === 'ClusterRole');
  expect(roles.length).toBeGreaterThan(5);
  for (const { obj } of roles) {
    for (const rule of obj.rules as Array<Record<string, string[]>>) {
      for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames']) {
        expect({ role: obj.metadata.name, [field]: rule[field] ?? [] }).toEqual({ role: obj.metadata.name, [field]: expect.not.arrayContaining(['*']) });
      }
    }
  }
});

test('no secret material is synthesised: Secrets carry no data', () => {
  const secrets = objects.filter(({ obj }) => obj.kind === 'Secret');
  expect(secrets.length).toBeGreaterThan(0);
  for (const { obj } of secrets) {
    expect(obj.data).toBeUndefined();
    expect(obj.stringData).toBeUndefined();
    expect(obj.type).toBe('kubernetes.io/service-account-token');
  }
});

test('every namespace enforces a Pod Security level and warns on restricted', () => {
  const namespaces = objects.filter(({ obj }) => obj.kind === 'Namespace');
  expect(namespaces).toHaveLength(3);
  for (const { obj } of namespaces) {
    expect(obj.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' });
  }
  const controlPlane = namespaces.find(({ folder }) => folder === 'control-plane')!;
  expect(controlPlane.obj.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
});
