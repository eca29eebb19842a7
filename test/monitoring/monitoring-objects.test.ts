import { monitoredPlatform, MONITORING_KINDS } from './fixtures';
import type { KubeObject } from '../../lib';
import { monitoringCrdValidator } from '../support/ecosystem-crds';

const validator = monitoringCrdValidator();
const on = monitoredPlatform({ prometheusOperator: true, grafanaDashboard: true, labels: { release: 'kube-prometheus-stack' } });
const ofKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const names = (objects: KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort();

test('off by default: not one monitoring object, and the output is unchanged', () => {
  const off = monitoredPlatform(undefined);
  expect(monitoredPlatform({})).toEqual(off);
  for (const objects of Object.values(off)) {
    expect(objects.filter((o) => MONITORING_KINDS.includes(o.kind) || o.metadata.labels?.grafana_dashboard)).toEqual([]);
  }
});

test('a ServiceMonitor and a PrometheusRule per operator, each in its operator namespace', () => {
  const monitoring = (folder: string) => names(on[folder].filter((o) => MONITORING_KINDS.includes(o.kind)));
  expect(monitoring('control-plane')).toEqual([
    'PrometheusRule/k8ssandra-operator/k8ssandra-operator-alerts',
    'PrometheusRule/mission-control/mission-control-operator-alerts',
    'ServiceMonitor/k8ssandra-operator/k8ssandra-operator',
    'ServiceMonitor/mission-control/mission-control-operator',
  ]);
  expect(monitoring('data-plane-eu-west')).toEqual([
    'PrometheusRule/k8ssandra-operator/cass-operator-controller-manager-alerts',
    'PrometheusRule/k8ssandra-operator/k8ssandra-operator-alerts',
    'ServiceMonitor/k8ssandra-operator/cass-operator-controller-manager',
    'ServiceMonitor/k8ssandra-operator/k8ssandra-operator',
  ]);
});

test('every Prometheus Operator object is valid against its CRD and carries the given labels', () => {
  for (const objects of Object.values(on)) {
    for (const obj of objects.filter((o) => MONITORING_KINDS.includes(o.kind))) {
      expect([obj.metadata.name, validator.validate(obj)]).toEqual([obj.metadata.name, []]);
      expect(obj.metadata.labels?.release).toBe('kube-prometheus-stack');
    }
  }
});

test('each ServiceMonitor selects exactly one metrics Service of the folder, by a port it has', () => {
  for (const objects of Object.values(on)) {
    const services = ofKind(objects, 'Service') as Array<KubeObject & { spec: { ports: Array<{ name: string }> } }>;
    for (const sm of ofKind(objects, 'ServiceMonitor') as Array<KubeObject & { spec: any }>) {
      const port = sm.spec.endpoints[0].port;
      const matching = services.filter(
        (s) =>
          sm.spec.namespaceSelector.matchNames.includes(s.metadata.namespace) &&
          Object.entries(sm.spec.selector.matchLabels as Record<string, string>).every(([k, v]) => s.metadata.labels?.[k] === v) &&
          s.spec.ports.some((p) => p.name === port),
      );
      expect([sm.metadata.name, matching.map((s) => s.metadata.name)]).toEqual([sm.metadata.name, [expect.stringMatching(/-metrics$/)]]);
    }
  }
});

test('the Service port each ServiceMonitor scrapes leads to the container port serving /metrics', () => {
  for (const objects of Object.values(on)) {
    for (const sm of ofKind(objects, 'ServiceMonitor') as Array<KubeObject & { spec: any }>) {
      const service = ofKind(objects, 'Service').find((s) => s.metadata.name.endsWith('-metrics') && s.metadata.namespace === sm.metadata.namespace && (s.spec as any).ports.some((p: any) => p.name === sm.spec.endpoints[0].port))!;
      const deployment = ofKind(objects, 'Deployment').find((d) => d.metadata.name === sm.metadata.name && d.metadata.namespace === sm.metadata.namespace) as any;
      const container = deployment.spec.template.spec.containers[0];
      const targetPort = (service.spec as any).ports[0].targetPort;
      const containerPort = container.ports.find((p: any) => p.name === targetPort).containerPort;
      expect(container.args).toContain(`--metrics-bind-address=:${containerPort}`);
    }
  }
});

test('cass-operator, whose metrics sit behind token and access reviews, may create those reviews, and only with monitoring on', () => {
  const auth = (objects: KubeObject[]) => objects.filter((o) => o.metadata.name === 'cass-operator-metrics-auth-k8ssandra-operator');
  expect(auth(on['data-plane-eu-west']).map((o) => o.kind)).toEqual(['ClusterRole', 'ClusterRoleBinding']);
  expect((auth(on['data-plane-eu-west'])[0] as any).rules).toEqual([
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ]);
  expect((auth(on['data-plane-eu-west'])[1] as any).subjects).toEqual([{ kind: 'ServiceAccount', name: 'cass-operator-controller-manager', namespace: 'k8ssandra-operator' }]);
  expect(auth(monitoredPlatform({ grafanaDashboard: true })['data-plane-eu-west'])).toEqual([]);
  const sm = ofKind(on['data-plane-eu-west'], 'ServiceMonitor').find((o) => o.metadata.name === 'cass-operator-controller-manager') as any;
  expect(sm.spec.endpoints[0]).toMatchObject({ scheme: 'https', port: 'https', tlsConfig: { insecureSkipVerify: true } });
});

test('monitoring leaves every other object as it was', () => {
  const off = monitoredPlatform(undefined);
  for (const [folder, objects] of Object.entries(off)) {
    const added = on[folder].filter((o) => !objects.some((x) => x.kind === o.kind && x.metadata.name === o.metadata.name && x.metadata.namespace === o.metadata.namespace));
    expect(on[folder].filter((o) => !added.includes(o))).toEqual(objects);
  }
});

test('synthesis is deterministic', () => {
  expect(monitoredPlatform({ prometheusOperator: true, grafanaDashboard: true, labels: { release: 'kube-prometheus-stack' } })).toEqual(on);
});
