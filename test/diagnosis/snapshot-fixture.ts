import type { ControlPlaneSnapshot, DataPlaneSnapshot, PlatformSnapshot, PlaneSnapshot } from '../../lib/core/diagnosis/snapshot';
import type { KubeObject } from '../../lib/core/kube-object';

/** A healthy platform: control plane (with us-east in its cluster) and eu-west, cluster `users` with DCs dc1 (us-east) and dc2 (eu-west). */
export const NOW = Date.parse('2026-12-02T12:00:00Z');
export const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const HOUR = 3_600_000;

const obj = (apiVersion: string, kind: string, namespace: string, name: string, rest: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion, kind, metadata: { name, namespace, creationTimestamp: iso(2 * HOUR) }, ...rest });

export const deployment = (namespace: string, name: string, available = 1, replicas = 1) => obj('apps/v1', 'Deployment', namespace, name, {
  spec: { replicas },
  status: { availableReplicas: available, conditions: [{ type: 'Available', status: available > 0 ? 'True' : 'False', reason: available > 0 ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', message: 'Deployment has minimum availability.' }] },
});
export const operatorPod = (namespace: string, owner: string, extra: Record<string, unknown> = {}) => obj('v1', 'Pod', namespace, `${owner}-5d8f7c9b4-x2k9p`, {
  status: { phase: 'Running', containerStatuses: [{ name: 'manager', ready: true, restartCount: 0, state: { running: {} } }], ...extra },
});
const webhook = (namespace: string, service: string) => [
  obj('v1', 'Service', namespace, service),
  { ...obj('discovery.k8s.io/v1', 'EndpointSlice', namespace, `${service}-abcde`), metadata: { name: `${service}-abcde`, namespace, labels: { 'kubernetes.io/service-name': service } }, endpoints: [{ addresses: ['10.0.0.5'], conditions: { ready: true } }] } as KubeObject,
];
const ready = { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(HOUR) }], cassandraOperatorProgress: 'Ready' };
export const cdc = (name: string) => obj('cassandra.datastax.com/v1beta1', 'CassandraDatacenter', 'k8ssandra-operator', name, { status: ready });
export const cassandraPod = (dc: string, extra: Record<string, unknown> = {}) => ({
  ...obj('v1', 'Pod', 'k8ssandra-operator', `users-${dc}-default-sts-0`),
  metadata: { name: `users-${dc}-default-sts-0`, namespace: 'k8ssandra-operator', labels: { 'cassandra.datastax.com/datacenter': dc } },
  status: { phase: 'Running', containerStatuses: [{ name: 'cassandra', ready: true, restartCount: 0, state: { running: {} } }], ...extra },
}) as KubeObject;

const emptyPlane = (name: string, context: string): PlaneSnapshot => ({
  name,
  context,
  operatorNamespace: 'k8ssandra-operator',
  unreadable: [],
  deployments: [],
  pods: [],
  services: [],
  endpointSlices: [],
  datacenters: [],
  cassandraTasks: [],
  medusaBackupJobs: [],
  medusaRestoreJobs: [],
});

export function healthyPlatform(): { controlPlane: ControlPlaneSnapshot; usEast: DataPlaneSnapshot; euWest: DataPlaneSnapshot; snapshot: () => PlatformSnapshot } {
  const k8ns = 'k8ssandra-operator';
  const cpPlane = emptyPlane('control-plane', 'cp');
  const controlPlane: ControlPlaneSnapshot = {
    ...cpPlane,
    namespace: 'mission-control',
    deployments: [deployment('mission-control', 'mission-control-operator'), deployment(k8ns, 'k8ssandra-operator'), deployment(k8ns, 'cass-operator-controller-manager')],
    pods: [operatorPod('mission-control', 'mission-control-operator'), operatorPod(k8ns, 'k8ssandra-operator'), operatorPod(k8ns, 'cass-operator-controller-manager')],
    services: [...webhook(k8ns, 'k8ssandra-operator-webhook-service'), ...webhook(k8ns, 'cass-operator-webhook-service')].filter((o) => o.kind === 'Service'),
    endpointSlices: [...webhook(k8ns, 'k8ssandra-operator-webhook-service'), ...webhook(k8ns, 'cass-operator-webhook-service')].filter((o) => o.kind === 'EndpointSlice'),
    missionControlClusters: [],
    missionControlTasks: [],
    k8ssandraClusters: [obj('k8ssandra.io/v1alpha1', 'K8ssandraCluster', k8ns, 'users', {
      spec: { cassandra: { datacenters: [{ metadata: { name: 'dc1' } }, { metadata: { name: 'dc2' }, k8sContext: 'eu-west' }] } },
    })],
    k8ssandraTasks: [],
  };
  const registration = (name: string) => obj('missioncontrol.mission-control-constructs.dev/v1alpha1', 'DataPlaneRegistration', 'mission-control', name, {
    status: { conditions: [{ type: 'Reachable', status: 'True', reason: 'Connected', message: 'caches synced' }] },
  });
  const usEast: DataPlaneSnapshot = {
    ...emptyPlane('us-east', 'cp'),
    inControlPlaneCluster: true,
    registration: registration('us-east'),
    datacenters: [cdc('dc1')],
    pods: [cassandraPod('dc1')],
  };
  const euWest: DataPlaneSnapshot = {
    ...emptyPlane('eu-west', 'eu-west'),
    inControlPlaneCluster: false,
    registration: registration('eu-west'),
    clientConfig: { ...obj('config.k8ssandra.io/v1beta1', 'ClientConfig', k8ns, 'eu-west'), metadata: { name: 'eu-west', namespace: k8ns, annotations: { 'k8ssandra.io/secret-hash': 'abc' } } },
    deployments: [deployment(k8ns, 'k8ssandra-operator'), deployment(k8ns, 'cass-operator-controller-manager')],
    pods: [operatorPod(k8ns, 'k8ssandra-operator'), operatorPod(k8ns, 'cass-operator-controller-manager'), cassandraPod('dc2')],
    services: [...webhook(k8ns, 'k8ssandra-operator-webhook-service'), ...webhook(k8ns, 'cass-operator-webhook-service')].filter((o) => o.kind === 'Service'),
    endpointSlices: [...webhook(k8ns, 'k8ssandra-operator-webhook-service'), ...webhook(k8ns, 'cass-operator-webhook-service')].filter((o) => o.kind === 'EndpointSlice'),
    datacenters: [cdc('dc2')],
  };
  const platform = { controlPlane, usEast, euWest, snapshot: () => ({ controlPlane: platform.controlPlane, dataPlanes: [platform.usEast, platform.euWest], readAt: NOW }) };
  return platform;
}
