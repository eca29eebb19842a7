import { JsonPatch } from 'cdk8s';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { ControlPlane, DataPlane, MissionControlApp, OperatorScope, synthPlatform, LogLevel } from '../../lib';
import { k8ssandraOperatorRules } from '../../lib/core/manifests/k8ssandra-operator';
import { find } from '../support/platform';

const folders = synthPlatform(buildExamplePlatform().app);
const euWest = folders['data-plane-eu-west'];
const controlPlane = folders['control-plane'];

const container = (deployment: Record<string, any>) => deployment.spec.template.spec.containers[0];
const env = (deployment: Record<string, any>) => Object.fromEntries(container(deployment).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('k8ssandra-operator', () => {
  const deployment = find(euWest, 'Deployment', 'k8ssandra-operator');

  test('runs in data-plane mode in a remote data plane, watching its own namespace', () => {
    expect(env(deployment)).toEqual({
      WATCH_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      K8SSANDRA_CONTROL_PLANE: 'false',
      SERVICE_ACCOUNT_NAME: { fieldRef: { fieldPath: 'spec.serviceAccountName' } },
      OPERATOR_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
  });

  test('is a single replica with leader election, rolled surge-first', () => {
    expect((deployment.spec as any).replicas).toBe(1);
    expect(container(deployment).args).toContain('--leader-elect');
    expect((deployment.spec as any).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('serves webhooks on 9443 with the cert-manager certificate mounted where controller-runtime reads it', () => {
    const c = container(deployment);
    expect(c.image).toBe('docker.io/k8ssandra/k8ssandra-operator:v1.32.5');
    expect(c.command).toEqual(['/manager']);
    expect(c.args).toEqual(['--leader-elect', '--health-probe-bind-address=:8081', '--metrics-bind-address=:8080', '--zap-log-level=info']);
    expect(c.ports).toContainEqual({ name: 'webhook', containerPort: 9443, protocol: 'TCP' });
    expect(c.volumeMounts).toContainEqual({ name: 'webhook-cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true });
    const volume = (deployment.spec as any).template.spec.volumes.find((v: any) => v.name === 'webhook-cert');
    const certificate = find(euWest, 'Certificate', 'k8ssandra-operator-serving-cert');
    expect(volume.secret.secretName).toBe((certificate.spec as any).secretName);
    expect((certificate.spec as any).dnsNames).toEqual([
      'k8ssandra-operator-webhook-service.k8ssandra-operator.svc',
      'k8ssandra-operator-webhook-service.k8ssandra-operator.svc.cluster.local',
    ]);
    expect((certificate.spec as any).issuerRef).toEqual({ kind: 'Issuer', name: 'k8ssandra-operator-selfsigned-issuer' });
  });

  test('webhook configurations match upstream and get their CA from the serving certificate', () => {
    const validating = find(euWest, 'ValidatingWebhookConfiguration', 'k8ssandra-operator-validating-webhook-configuration-k8ssandra-operator');
    const mutating = find(euWest, 'MutatingWebhookConfiguration', 'k8ssandra-operator-mutating-webhook-configuration-k8ssandra-operator');
    for (const config of [validating, mutating]) {
      expect(config.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'k8ssandra-operator/k8ssandra-operator-serving-cert' });
      for (const webhook of config.webhooks as any[]) {
        expect(webhook).toMatchObject({ failurePolicy: 'Fail', sideEffects: 'None', admissionReviewVersions: ['v1'] });
        expect(webhook.clientConfig.service).toMatchObject({ name: 'k8ssandra-operator-webhook-service', namespace: 'k8ssandra-operator', port: 443 });
        expect(webhook.rules[0].operations).toEqual(['CREATE', 'UPDATE']);
        expect(webhook.namespaceSelector).toBeUndefined();
      }
    }
    expect((validating.webhooks as any[]).map((w) => [w.name, w.clientConfig.service.path])).toEqual([
      ['vk8ssandracluster.kb.io', '/validate-k8ssandra-io-v1alpha1-k8ssandracluster'],
      ['vmedusabackupschedule.kb.io', '/validate-medusa-k8ssandra-io-v1alpha1-medusabackupschedule'],
    ]);
    const mpod = (mutating.webhooks as any[])[0];
    expect(mpod.name).toBe('mpod.kb.io');
    expect(mpod.clientConfig.service.path).toBe('/mutate-v1-pod-secrets-inject');
    expect(mpod.objectSelector).toEqual({ matchLabels: { 'app.kubernetes.io/created-by': 'cass-operator' } });
  });

  test('webhook Service selects the operator pods', () => {
    const service = find(euWest, 'Service', 'k8ssandra-operator-webhook-service');
    expect((service.spec as any).ports).toEqual([{ name: 'webhook', port: 443, targetPort: 9443, protocol: 'TCP' }]);
    const podLabels = (deployment.spec as any).template.metadata.labels;
    expect(podLabels).toMatchObject((service.spec as any).selector);
  });

  test('RBAC is a namespaced Role with upstream rules bound to the operator ServiceAccount', () => {
    const role = find(euWest, 'Role', 'k8ssandra-operator');
    expect(role.rules).toEqual(k8ssandraOperatorRules());
    const rules = role.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    const verbsFor = (group: string, resource: string) =>
      rules.filter((r) => r.apiGroups.includes(group) && r.resources.includes(resource)).flatMap((r) => r.verbs);
    expect(verbsFor('k8ssandra.io', 'k8ssandraclusters')).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    expect(verbsFor('', 'pods')).toEqual(['get', 'list', 'watch']);
    expect(verbsFor('medusa.k8ssandra.io', 'medusarestorejobs')).not.toContain('create');
    const binding = find(euWest, 'RoleBinding', 'k8ssandra-operator');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'k8ssandra-operator' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'k8ssandra-operator', namespace: 'k8ssandra-operator' }]);
  });
});

describe('cass-operator', () => {
  const deployment = find(euWest, 'Deployment', 'cass-operator-controller-manager');
  test('runs with leader election and starts its webhooks (needs --webhook-cert-path)', () => {
    const c = container(deployment);
    expect(c.image).toBe('docker.io/k8ssandra/cass-operator:v1.30.3');
    expect(c.args).toEqual([
      '--leader-elect',
      '--health-probe-bind-address=:8081',
      '--metrics-bind-address=:8443',
      '--webhook-cert-path=/tmp/k8s-webhook-server/serving-certs',
      '--zap-log-level=info',
    ]);
    expect(env(deployment)).toEqual({ WATCH_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } } });
  });
  test('reads StorageClasses through a ClusterRole in every mode', () => {
    const role = find(euWest, 'ClusterRole', 'cass-operator-storageclass-reader-k8ssandra-operator');
    expect(role.rules).toEqual([{ apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] }]);
    find(euWest, 'ClusterRoleBinding', 'cass-operator-storageclass-reader-k8ssandra-operator');
  });
  test('validates and defaults CassandraDatacenters through its webhooks', () => {
    const validating = find(euWest, 'ValidatingWebhookConfiguration', 'cass-operator-validating-webhook-configuration-k8ssandra-operator');
    expect((validating.webhooks as any[])[0]).toMatchObject({
      name: 'vcassandradatacenter.kb.io',
      clientConfig: { service: { name: 'cass-operator-webhook-service', path: '/validate-cassandra-datastax-com-v1beta1-cassandradatacenter' } },
      rules: [{ apiGroups: ['cassandra.datastax.com'], apiVersions: ['v1beta1'], resources: ['cassandradatacenters'] }],
    });
    expect(validating.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'k8ssandra-operator/cass-operator-serving-cert' });
  });
});

test('the ImageConfig ConfigMap both operators look up at start-up is in their namespace', () => {
  const config = find(euWest, 'ConfigMap', 'image-config');
  expect(config.metadata.labels).toMatchObject({ 'k8ssandra.io/config': 'image' });
  const text = (config.data as Record<string, string>)['image_config.yaml'];
  expect(text).toContain('kind: ImageConfig');
  expect(text).toContain('apiVersion: config.k8ssandra.io/v1beta2');
  expect(text).toMatch(/medusa:\n\s+repository: k8ssandra\n\s+name: medusa\n\s+tag: 0.29.1/);
  // The system-logger sidecar is released with cass-operator: same tag as the plane's operator.
  const cassImage = container(find(euWest, 'Deployment', 'cass-operator-controller-manager')).image as string;
  expect(text).toMatch(new RegExp(`system-logger:\\n\\s+repository: k8ssandra\\n\\s+name: system-logger\\n\\s+tag: ${cassImage.split(':').pop()}\\n`));
});

test('the control plane can reach each data plane through a namespaced identity with no secret material', () => {
  const role = find(euWest, 'Role', 'mission-control-access');
  const resources = (role.rules as any[]).flatMap((r) => r.resources);
  // What the control-plane k8ssandra-operator writes there; K8ssandraClusters stay in the control plane.
  expect(resources).toEqual(expect.arrayContaining(['cassandradatacenters', 'cassandratasks', 'secrets', 'medusabackupjobs']));
  expect(resources).not.toContain('k8ssandraclusters');
  expect(resources).not.toContain('k8ssandratasks');
  const token = find(euWest, 'Secret', 'mission-control-access-token');
  expect(token.metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'mission-control-access' });
});

describe('control-plane operator', () => {
  const deployment = find(controlPlane, 'Deployment', 'mission-control-operator');
  test('runs 2 replicas with leader election, a PDB, and a NetworkPolicy that only opens metrics', () => {
    expect((deployment.spec as any).replicas).toBe(2);
    expect(container(deployment).args).toContain('--leader-elect');
    expect(find(controlPlane, 'PodDisruptionBudget', 'mission-control-operator').spec).toMatchObject({ maxUnavailable: 1 });
    expect(find(controlPlane, 'NetworkPolicy', 'mission-control-operator').spec).toMatchObject({
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    find(controlPlane, 'Service', 'mission-control-operator-metrics');
  });
  test('may take leases, write status of our kinds and record Events, nothing cluster-wide', () => {
    const role = find(controlPlane, 'Role', 'mission-control-operator');
    const rules = role.rules as any[];
    expect(rules.find((r) => r.apiGroups[0] === 'coordination.k8s.io').resources).toEqual(['leases']);
    // Created, and patched to count a repeat up; never read.
    expect(rules.filter((r) => r.resources.includes('events'))).toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] }]);
    expect(controlPlane.filter((o) => o.kind === 'ClusterRole')).toEqual([]);
  });
  test('registers every data plane by name with a kubeconfig Secret reference', () => {
    const registrations = controlPlane.filter((o) => o.kind === 'DataPlaneRegistration');
    expect(registrations.map((r) => [r.metadata.name, (r.spec as any).region, (r.spec as any).kubeconfigSecretRef])).toEqual([
      ['us-east', 'us-east-1', { name: 'data-plane-us-east-kubeconfig', key: 'kubeconfig' }],
      ['eu-west', 'eu-west-1', { name: 'data-plane-eu-west-kubeconfig', key: 'kubeconfig' }],
    ]);
  });
});

test('cluster scope switches to ClusterRoles and WATCH_NAMESPACE lists the namespaces', () => {
  const app = new MissionControlApp();
  const cp = new ControlPlane(app, 'cp', { region: 'us-east-1' });
  new DataPlane(app, 'dp', {
    controlPlane: cp,
    name: 'dp',
    region: 'us-east-1',
    zones: ['us-east-1a'],
    scope: OperatorScope.CLUSTER,
    watchNamespaces: ['k8ssandra-operator', 'team-a'],
    k8ssandraOperator: { logLevel: LogLevel.DEBUG, registry: 'mirror.example.com', imagePullSecrets: ['pull'] },
  });
  const objects = synthPlatform(app)['data-plane-dp'];
  const deployment = find(objects, 'Deployment', 'k8ssandra-operator');
  expect(env(deployment)).toMatchObject({ WATCH_NAMESPACE: 'k8ssandra-operator,team-a', DEFAULT_REGISTRY: 'mirror.example.com', IMAGE_PULL_SECRETS: 'pull' });
  expect(container(deployment).image).toBe('mirror.example.com/k8ssandra/k8ssandra-operator:v1.32.5');
  expect(container(deployment).args).toContain('--zap-log-level=debug');
  expect((deployment.spec as any).template.spec.imagePullSecrets).toEqual([{ name: 'pull' }]);
  expect(find(objects, 'ClusterRole', 'k8ssandra-operator-k8ssandra-operator').rules).toEqual(k8ssandraOperatorRules());
  expect(find(objects, 'ClusterRoleBinding', 'k8ssandra-operator-k8ssandra-operator').roleRef).toMatchObject({ kind: 'ClusterRole' });
  expect(objects.filter((o) => o.kind === 'Role').map((o) => o.metadata.name).sort()).toEqual([
    'cass-operator-leader-election',
    'k8ssandra-operator-leader-election',
    'mission-control-access',
  ]);
  const cassEnv = env(find(objects, 'Deployment', 'cass-operator-controller-manager'));
  expect(cassEnv.WATCH_NAMESPACE).toBe('k8ssandra-operator,team-a');
});

test('escape hatch: a JSON patch on an emitted object reaches the output', () => {
  const { app, dataPlanes } = buildExamplePlatform({ clusters: false });
  const deployment = dataPlanes.euWest.k8ssandraOperator.apiObjects.find((o) => o.kind === 'Deployment')!;
  deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'platform-critical'));
  const patched = find(synthPlatform(app)['data-plane-eu-west'], 'Deployment', 'k8ssandra-operator');
  expect((patched.spec as any).template.spec.priorityClassName).toBe('platform-critical');
});
