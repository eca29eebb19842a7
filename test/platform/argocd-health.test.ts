import { parse } from 'yaml';
import { buildArgoCdPlatform } from '../../examples/gitops/delivery';
import { API_GROUP, GROUP_VERSION } from '../../lib';
import { runHealthCheck } from '../support/lua';

// The scripts as shipped: read back from the component the app writes.
const files = buildArgoCdPlatform().app.renderFiles();
const configMap = parse(files.find((f) => f.path === 'control-plane/argocd-health/argocd-cm.yaml')!.content) as { data: Record<string, string> };
const script = (groupKind: string): string => {
  const lua = configMap.data[`resource.customizations.health.${groupKind}`];
  if (!lua) throw new Error(`no health check for ${groupKind}`);
  return lua;
};

const T = '2026-01-10T08:00:00Z';
const cond = (type: string, status: string, reason = type, message = '') => ({ type, status, reason, message, lastTransitionTime: T });

/** cass-operator's status of a DC that is up. */
function readyDcStatus(extra: Array<ReturnType<typeof cond>> = []) {
  return {
    cassandraOperatorProgress: 'Ready',
    observedGeneration: 2,
    datacenterName: 'dc1',
    lastServerNodeStarted: T,
    nodeStatuses: { 'orders-dc1-r1-sts-0': { hostID: '1c0a', ip: '10.0.1.5', rack: 'r1' } },
    usersUpserted: T,
    conditions: [cond('Healthy', 'True'), cond('Initialized', 'True'), cond('Ready', 'True'), cond('Valid', 'True'), cond('Updating', 'False'), ...extra],
  };
}

function datacenter(status: unknown, spec: Record<string, unknown> = {}) {
  return { apiVersion: 'cassandra.datastax.com/v1beta1', kind: 'CassandraDatacenter', metadata: { name: 'dc1', namespace: 'k8ssandra-operator', generation: 2 }, spec: { clusterName: 'orders', serverType: 'cassandra', serverVersion: '4.1.8', size: 3, ...spec }, status };
}

describe('CassandraDatacenter health', () => {
  const lua = script('cassandra.datastax.com_CassandraDatacenter');
  test.each([
    ['no status yet', datacenter(undefined), 'Progressing'],
    ['ready', datacenter(readyDcStatus()), 'Healthy'],
    ['starting nodes', datacenter({ ...readyDcStatus(), cassandraOperatorProgress: 'Updating', conditions: [cond('Ready', 'False'), cond('Valid', 'True')] }), 'Progressing'],
    ['rolling restart after a spec change', datacenter({ ...readyDcStatus(), cassandraOperatorProgress: 'Updating', conditions: [cond('Ready', 'True'), cond('RollingRestart', 'True')] }), 'Progressing'],
    ['a generation not acted on yet', datacenter({ ...readyDcStatus(), observedGeneration: 1 }), 'Progressing'],
    ['invalid spec', datacenter({ ...readyDcStatus(), conditions: [cond('Valid', 'False', 'storageClassNotFound', 'storage class "gp3" not found')] }), 'Degraded'],
    ['Ready but nodes lost QUORUM', datacenter({ ...readyDcStatus(), conditions: [cond('Ready', 'True'), cond('Healthy', 'False', 'Healthy', 'a node is down')] }), 'Degraded'],
    ['stopped as requested', datacenter({ ...readyDcStatus(), conditions: [cond('Stopped', 'True'), cond('Ready', 'False')] }, { stopped: true }), 'Healthy'],
    ['stopping', datacenter({ ...readyDcStatus(), cassandraOperatorProgress: 'Updating' }, { stopped: true }), 'Progressing'],
  ])('%s', (_name, obj, expected) => {
    expect(runHealthCheck(lua, obj).status).toBe(expected);
  });

  test('Degraded says why, with the condition message', () => {
    const obj = datacenter({ ...readyDcStatus(), conditions: [cond('Valid', 'False', 'storageClassNotFound', 'storage class "gp3" not found')] });
    expect(runHealthCheck(lua, obj).message).toBe('invalid: storage class "gp3" not found');
  });
});

function k8ssandraCluster(status: unknown, dcs: Array<Record<string, unknown>> = [{ metadata: { name: 'dc1' }, size: 3 }, { metadata: { name: 'dc3' }, k8sContext: 'eu-west', size: 3 }]) {
  return { apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', metadata: { name: 'orders', namespace: 'k8ssandra-operator', generation: 4 }, spec: { cassandra: { serverVersion: '4.1.8', datacenters: dcs } }, status };
}

const kcStatus = (datacenters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  observedGeneration: 4,
  error: 'None',
  conditions: [{ type: 'CassandraInitialized', status: 'True', lastTransitionTime: T }],
  datacenters,
  ...extra,
});

describe('K8ssandraCluster health', () => {
  const lua = script('k8ssandra.io_K8ssandraCluster');
  const both = { dc1: { cassandra: readyDcStatus() }, dc3: { contextName: 'eu-west', cassandra: readyDcStatus() } };
  test.each([
    ['no status yet', k8ssandraCluster(undefined), 'Progressing'],
    ['every DC ready', k8ssandraCluster(kcStatus(both)), 'Healthy'],
    ['the second DC not created yet (upstream creates DCs one at a time)', k8ssandraCluster(kcStatus({ dc1: { cassandra: readyDcStatus() } }, { conditions: [] })), 'Progressing'],
    ['a DC still starting', k8ssandraCluster(kcStatus({ ...both, dc3: { cassandra: { ...readyDcStatus(), cassandraOperatorProgress: 'Updating' } } })), 'Progressing'],
    ['a DC being decommissioned', k8ssandraCluster(kcStatus({ ...both, dc3: { decommissionProgress: 'Decommissioning', cassandra: readyDcStatus() } })), 'Progressing'],
    ['ready DCs but not initialized yet', k8ssandraCluster(kcStatus(both, { conditions: [{ type: 'CassandraInitialized', status: 'False', lastTransitionTime: T }] })), 'Progressing'],
    ['a generation not acted on yet', k8ssandraCluster(kcStatus(both, { observedGeneration: 3 })), 'Progressing'],
    ['a reconcile error', k8ssandraCluster(kcStatus(both, { error: 'no remote client found for context eu-west' })), 'Degraded'],
    ['one DC invalid', k8ssandraCluster(kcStatus({ ...both, dc3: { cassandra: { ...readyDcStatus(), conditions: [cond('Valid', 'False', 'x', 'bad config')] } } })), 'Degraded'],
    ['a stopped DC', k8ssandraCluster(kcStatus({ ...both, dc3: { cassandra: { ...readyDcStatus(), conditions: [cond('Stopped', 'True')] } } }), [{ metadata: { name: 'dc1' }, size: 3 }, { metadata: { name: 'dc3' }, size: 3, stopped: true }]), 'Healthy'],
  ])('%s', (_name, obj, expected) => {
    expect(runHealthCheck(lua, obj).status).toBe(expected);
  });

  test('the message names the DC', () => {
    const obj = k8ssandraCluster(kcStatus({ dc1: { cassandra: readyDcStatus() } }, { conditions: [] }));
    expect(runHealthCheck(lua, obj).message).toBe('datacenter dc3 not created yet');
  });
});

function missionControlCluster(status: unknown) {
  return { apiVersion: GROUP_VERSION, kind: 'MissionControlCluster', metadata: { name: 'orders', namespace: 'mission-control', generation: 3 }, spec: {}, status };
}

const mccCond = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, observedGeneration: 3, lastTransitionTime: T });

describe('MissionControlCluster health', () => {
  const lua = script(`${API_GROUP}_MissionControlCluster`);
  const converged = [mccCond('Valid', 'True', 'Valid', 'the spec passed validation'), mccCond('DataPlaneReachable', 'True', 'Reachable', 'every data plane of the cluster answered'), mccCond('Ready', 'True', 'AllDatacentersReady', '2 datacenter(s) ready'), mccCond('Progressing', 'False', 'Converged', 'nothing left to do'), mccCond('Degraded', 'False', 'Healthy', 'no errors')];
  test.each([
    ['no status yet', missionControlCluster(undefined), 'Progressing'],
    ['converged', missionControlCluster({ observedGeneration: 3, conditions: converged }), 'Healthy'],
    ['DCs not ready', missionControlCluster({ observedGeneration: 3, conditions: [mccCond('Valid', 'True', 'Valid', ''), mccCond('Ready', 'False', 'DatacentersNotReady', 'not ready: dc3'), mccCond('Progressing', 'True', 'DatacentersNotReady', 'not ready: dc3'), mccCond('Degraded', 'False', 'Healthy', 'no errors')] }), 'Progressing'],
    ['a generation not acted on yet', missionControlCluster({ observedGeneration: 2, conditions: converged }), 'Progressing'],
    ['invalid spec', missionControlCluster({ observedGeneration: 3, conditions: [mccCond('Valid', 'False', 'InvalidSpec', '[orders/datacenters/0] size 4 is not a multiple of 3 racks'), mccCond('Ready', 'False', 'InvalidSpec', ''), mccCond('Degraded', 'True', 'InvalidSpec', '1 problem(s) in the spec')] }), 'Degraded'],
    ['a data plane unreachable', missionControlCluster({ observedGeneration: 3, conditions: [mccCond('Valid', 'True', 'Valid', ''), mccCond('DataPlaneReachable', 'False', 'Unreachable', 'unreachable: eu-west'), mccCond('Ready', 'False', 'DatacentersNotReady', 'not ready: dc3'), mccCond('Degraded', 'True', 'DataPlaneUnreachable', 'data plane eu-west is unreachable')] }), 'Degraded'],
  ])('%s', (_name, obj, expected) => {
    expect(runHealthCheck(lua, obj).status).toBe(expected);
  });

  test('Degraded carries the operator message', () => {
    const obj = missionControlCluster({ observedGeneration: 3, conditions: [mccCond('Valid', 'True', 'Valid', ''), mccCond('Degraded', 'True', 'DataPlaneUnreachable', 'data plane eu-west is unreachable')] });
    expect(runHealthCheck(lua, obj)).toEqual({ status: 'Degraded', message: 'data plane eu-west is unreachable' });
  });
});

describe('Application health (app of apps)', () => {
  const lua = script('argoproj.io_Application');
  const app = (status: unknown) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'data-plane-eu-west', namespace: 'argocd' }, spec: {}, status });
  test.each([
    ['just created', app(undefined), 'Progressing'],
    ['synced and healthy', app({ sync: { status: 'Synced' }, health: { status: 'Healthy' } }), 'Healthy'],
    ['resources progressing', app({ sync: { status: 'Synced' }, health: { status: 'Progressing', message: 'Waiting for rollout' } }), 'Progressing'],
    ['a degraded resource', app({ sync: { status: 'Synced' }, health: { status: 'Degraded', message: 'Deployment exceeded its progress deadline' } }), 'Degraded'],
    ['not synced yet', app({ sync: { status: 'OutOfSync' }, health: { status: 'Missing' } }), 'Missing'],
  ])('%s', (_name, obj, expected) => {
    expect(runHealthCheck(lua, obj).status).toBe(expected);
  });
});

test('every script is valid Lua 5.1 and uses no library Argo CD does not open', () => {
  for (const lua of Object.values(configMap.data)) expect(() => runHealthCheck(lua, { metadata: { name: 'x' } })).not.toThrow();
});
