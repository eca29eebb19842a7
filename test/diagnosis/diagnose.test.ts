import { cassandraPod, cdc, deployment, healthyPlatform, iso, NOW, operatorPod } from './snapshot-fixture';
import { diagnose } from '../../lib/core/diagnosis/diagnose';
import { formatDiagnosis } from '../../lib/core/diagnosis/format';

const MIN = 60_000;
const only = (d: ReturnType<typeof diagnose>) => d.findings.map((f) => [f.layer, f.plane, f.subject, f.symptoms[0]]);

test('a healthy platform has no finding, and the text says so', () => {
  const d = diagnose(healthyPlatform().snapshot());
  expect(d.findings).toEqual([]);
  expect(d.symptoms).toEqual({});
  expect(d.planes.map((p) => [p.role, p.name, p.reachable])).toEqual([['control-plane', 'control-plane', true], ['data-plane', 'us-east', true], ['data-plane', 'eu-west', true]]);
  expect(formatDiagnosis(d)).toContain('No problem found');
});

test('an operator scaled to zero names its layer, its plane and the commands for its context', () => {
  const p = healthyPlatform();
  p.euWest = {
    ...p.euWest,
    deployments: [deployment('k8ssandra-operator', 'k8ssandra-operator'), deployment('k8ssandra-operator', 'cass-operator-controller-manager', 0, 0)],
    pods: p.euWest.pods.filter((x) => !x.metadata.name.startsWith('cass-operator')),
    endpointSlices: p.euWest.endpointSlices.map((s) => (s.metadata.labels?.['kubernetes.io/service-name'] === 'cass-operator-webhook-service' ? { ...s, endpoints: [] } as typeof s : s)),
  };
  const d = diagnose(p.snapshot());
  expect(only(d)).toEqual([
    ['cass-operator', 'eu-west', 'Deployment k8ssandra-operator/cass-operator-controller-manager', 'pods-not-starting'],
    ['cass-operator', 'eu-west', 'Service k8ssandra-operator/cass-operator-webhook-service', 'creation-stuck'],
  ]);
  expect(d.findings[0].evidence[0]).toBe('spec.replicas is 0: the operator is scaled to zero');
  expect(d.findings[0].clusters).toEqual(['users']);
  expect(d.findings[0].commands).toContain('kubectl --context eu-west -n k8ssandra-operator describe deployment/cass-operator-controller-manager');
  expect(d.findings[1].evidence[0]).toMatch(/no ready endpoint .*fail-closed/);
  expect(d.symptoms['pods-not-starting']).toEqual([0]);
  expect(d.symptoms['creation-stuck']).toEqual([1, 0]);
  const text = formatDiagnosis(d);
  expect(text).toContain('Pods not starting:\n  [cass-operator] Deployment k8ssandra-operator/cass-operator-controller-manager in eu-west');
});

test('a missing webhook Service in the control plane means clusters cannot be created', () => {
  const p = healthyPlatform();
  p.controlPlane = { ...p.controlPlane, services: p.controlPlane.services.filter((s) => s.metadata.name !== 'k8ssandra-operator-webhook-service') };
  const d = diagnose(p.snapshot());
  expect(only(d)).toEqual([['k8ssandra-operator-control-plane', 'control-plane', 'Service k8ssandra-operator/k8ssandra-operator-webhook-service', 'cannot-create-clusters']]);
  expect(d.findings[0].commands[0]).toBe('kubectl --context cp -n k8ssandra-operator describe service/k8ssandra-operator-webhook-service');
});

test('an unschedulable Cassandra pod points at Kubernetes scheduling, with the scheduler\'s message', () => {
  const p = healthyPlatform();
  const message = '0/1 nodes are available: 1 Insufficient cpu.';
  p.euWest = {
    ...p.euWest,
    datacenters: [{ ...cdc('dc2'), status: { cassandraOperatorProgress: 'Updating', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: iso(MIN) }] } }],
    pods: [...p.euWest.pods.filter((x) => !x.metadata.name.startsWith('users-')), cassandraPod('dc2', { phase: 'Pending', containerStatuses: [], conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] })],
  };
  const d = diagnose(p.snapshot());
  expect(only(d)).toEqual([['kubernetes', 'eu-west', 'Pod k8ssandra-operator/users-dc2-default-sts-0', 'pods-not-starting']]);
  expect(d.findings[0].evidence).toEqual([`PodScheduled=False (Unschedulable): ${message}`]);
  expect(d.findings[0].commands).toContain('kubectl --context eu-west -n k8ssandra-operator get events --field-selector involvedObject.name=users-dc2-default-sts-0 --sort-by=.lastTimestamp');
});

test('a DC not Ready without a pod-level reason counts only once past the stuck threshold', () => {
  const p = healthyPlatform();
  p.euWest = { ...p.euWest, datacenters: [{ ...cdc('dc2'), status: { cassandraOperatorProgress: 'Updating', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: iso(5 * MIN) }] } }] };
  expect(diagnose(p.snapshot()).findings).toEqual([]);
  const d = diagnose(p.snapshot(), { stuckAfterMs: 2 * MIN });
  expect(only(d)).toEqual([['cass-operator', 'eu-west', 'CassandraDatacenter k8ssandra-operator/dc2', 'pods-not-starting']]);
  expect(d.findings[0].evidence[0]).toBe('not Ready for 5m; cassandraOperatorProgress Updating');
});

test('a failed CassandraTask names the pod, the management API error and cass-operator\'s logs', () => {
  const p = healthyPlatform();
  const task = {
    apiVersion: 'control.k8ssandra.io/v1alpha1',
    kind: 'CassandraTask',
    metadata: { name: 'rebuild-dc2', namespace: 'k8ssandra-operator' },
    spec: { datacenter: { name: 'dc2', namespace: 'k8ssandra-operator' } },
    status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', message: '1 pods failed during processing' }], podStatuses: { 'users-dc2-default-sts-0': { status: 'Error', error: "Provided datacenter 'nowhere' is not a valid datacenter" } } },
  };
  p.euWest = { ...p.euWest, cassandraTasks: [task] };
  const d = diagnose(p.snapshot());
  expect(only(d)).toEqual([['cassandra', 'eu-west', 'CassandraTask k8ssandra-operator/rebuild-dc2', 'node-operations-failing']]);
  expect(d.findings[0].clusters).toEqual(['users']);
  expect(d.findings[0].evidence).toEqual(['Failed=True: 1 pods failed during processing', '1 pod(s) failed', "pod users-dc2-default-sts-0: Error Provided datacenter 'nowhere' is not a valid datacenter"]);
  expect(d.findings[0].commands).toEqual([
    'kubectl --context eu-west -n k8ssandra-operator describe cassandratask/rebuild-dc2',
    'kubectl --context eu-west -n k8ssandra-operator logs pod/users-dc2-default-sts-0 -c cassandra --tail=200',
    'kubectl --context eu-west -n k8ssandra-operator logs deployment/cass-operator-controller-manager --tail=200',
  ]);
});

test('an unreachable data plane is a multi-DC coordination problem of the plane connection, and hides nothing else', () => {
  const p = healthyPlatform();
  p.euWest = {
    ...p.euWest,
    error: 'connect ECONNREFUSED 127.0.0.1:6443',
    deployments: [],
    pods: [],
    services: [],
    endpointSlices: [],
    datacenters: [],
    registration: { ...p.euWest.registration!, status: { conditions: [{ type: 'Reachable', status: 'False', reason: 'Unreachable', message: 'watch failed' }] } },
  };
  const d = diagnose(p.snapshot());
  expect(only(d)).toEqual([['plane-connection', 'eu-west', 'data plane eu-west', 'multi-dc-coordination']]);
  expect(d.findings[0].evidence).toEqual(['it could not be read: connect ECONNREFUSED 127.0.0.1:6443', 'the control-plane operator reports Reachable=False (Unreachable): watch failed']);
  expect(d.planes[2]).toMatchObject({ name: 'eu-west', reachable: false });
  expect(formatDiagnosis(d)).toContain('data-plane eu-west (context eu-west): UNREACHABLE: connect ECONNREFUSED');
});

test('a ClientConfig the control-plane k8ssandra-operator has not loaded asks for its restart', () => {
  const p = healthyPlatform();
  p.euWest = { ...p.euWest, clientConfig: { ...p.euWest.clientConfig!, metadata: { name: 'eu-west', namespace: 'k8ssandra-operator' } } };
  const d = diagnose(p.snapshot());
  expect(only(d)).toEqual([['plane-connection', 'eu-west', 'ClientConfig k8ssandra-operator/eu-west', 'multi-dc-coordination']]);
  expect(d.findings[0].commands).toContain('kubectl --context cp -n k8ssandra-operator rollout restart deployment/k8ssandra-operator');
});

test('a DC missing past the threshold after the one before became Ready stops creation in k8ssandra-operator', () => {
  const p = healthyPlatform();
  p.euWest = { ...p.euWest, datacenters: [], pods: p.euWest.pods.filter((x) => !x.metadata.name.startsWith('users-')) };
  const d = diagnose(p.snapshot(), { stuckAfterMs: 30 * MIN });
  expect(only(d)).toEqual([['k8ssandra-operator-control-plane', 'control-plane', 'K8ssandraCluster k8ssandra-operator/users', 'creation-stuck']]);
  expect(d.findings[0].evidence).toEqual(['DC dc2 has no CassandraDatacenter in eu-west 60m after the DC before it became Ready']);
  expect(diagnose(p.snapshot(), { stuckAfterMs: 2 * 60 * MIN }).findings).toEqual([]);
});

test('a refused MissionControlCluster, a recent operator restart and a failed backup each find their layer; the cluster filter keeps what concerns it', () => {
  const p = healthyPlatform();
  p.controlPlane = {
    ...p.controlPlane,
    missionControlClusters: [{
      apiVersion: 'missioncontrol.mission-control-constructs.dev/v1alpha1',
      kind: 'MissionControlCluster',
      metadata: { name: 'orders', namespace: 'mission-control' },
      status: { conditions: [{ type: 'Valid', status: 'False', reason: 'Invalid', message: 'datacenters[0].size: 0 is not allowed' }] },
    }],
    pods: p.controlPlane.pods.map((x) => (x.metadata.name.startsWith('mission-control-operator') ? operatorPod('mission-control', 'mission-control-operator', {
      containerStatuses: [{ name: 'operator', ready: true, restartCount: 3, state: { running: {} }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: iso(5 * MIN) } } }],
    }) : x)),
  };
  p.euWest = {
    ...p.euWest,
    medusaBackupJobs: [{
      apiVersion: 'medusa.k8ssandra.io/v1alpha1',
      kind: 'MedusaBackupJob',
      metadata: { name: 'nightly', namespace: 'k8ssandra-operator' },
      spec: { cassandraDatacenter: 'dc2' },
      status: { startTime: iso(20 * MIN), finishTime: iso(10 * MIN), failed: ['users-dc2-default-sts-0'] },
    }],
  };
  const d = diagnose(p.snapshot());
  expect(only(d)).toEqual([
    ['control-plane-operator', 'control-plane', 'Pod mission-control/mission-control-operator-5d8f7c9b4-x2k9p', 'cannot-create-clusters'],
    ['control-plane-operator', 'control-plane', 'MissionControlCluster mission-control/orders', 'cannot-create-clusters'],
    ['medusa', 'eu-west', 'MedusaBackupJob k8ssandra-operator/nightly', 'backup-restore'],
  ]);
  expect(d.findings[0].evidence[0]).toBe('container operator restarted 3 time(s); the last run ended 5m ago: OOMKilled (exit code 137)');
  expect(d.findings[0].commands[0]).toBe('kubectl --context cp -n mission-control logs pod/mission-control-operator-5d8f7c9b4-x2k9p -c operator --previous --tail=200');
  expect(d.findings[1].evidence).toEqual(['Valid=False (Invalid): datacenters[0].size: 0 is not allowed']);
  // Platform-wide findings stay; cluster findings are those of the cluster asked about.
  expect(only(diagnose(p.snapshot(), { cluster: 'users' })).map((f) => f[2])).toEqual(['Pod mission-control/mission-control-operator-5d8f7c9b4-x2k9p', 'MedusaBackupJob k8ssandra-operator/nightly']);
  expect(only(diagnose(p.snapshot(), { cluster: 'orders' })).map((f) => f[2])).toEqual(['Pod mission-control/mission-control-operator-5d8f7c9b4-x2k9p', 'MissionControlCluster mission-control/orders']);
  expect(diagnose(p.snapshot()).readAt).toBe(new Date(NOW).toISOString());
  // A clean exit (k8ssandra-operator reloading its ClientConfigs) is no restart problem.
  p.controlPlane = {
    ...p.controlPlane,
    pods: p.controlPlane.pods.map((x) => (x.metadata.name.startsWith('mission-control-operator') ? operatorPod('mission-control', 'mission-control-operator', {
      containerStatuses: [{ name: 'operator', ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { reason: 'Completed', exitCode: 0, finishedAt: iso(5 * MIN) } } }],
    }) : x)),
  };
  expect(only(diagnose(p.snapshot())).map((f) => f[2])).not.toContain('Pod mission-control/mission-control-operator-5d8f7c9b4-x2k9p');
});
