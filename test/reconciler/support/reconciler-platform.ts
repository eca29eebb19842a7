import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { parseAllDocuments } from 'yaml';
import { K8ssandraStatusStandIn } from './k8ssandra-operator-stand-in';
import { serviceAccountToken, tokenClient, tokenKubeconfig } from './service-account-token';
import { resolveDataPlane } from '../../../lib/core/defaults';
import type { KubeObject } from '../../../lib/core/kube-object';
import { CONTROL_PLANE_ACCESS_NAME, controlPlaneAccess } from '../../../lib/core/manifests/control-plane-access';
import { dataPlaneRegistration, kubeconfigSecretName } from '../../../lib/core/manifests/data-plane-registration';
import { k8ssandraClusterAccess } from '../../../lib/core/manifests/k8ssandra-cluster-access';
import { missionControlCrds } from '../../../lib/core/manifests/mission-control-crds';
import { MISSION_CONTROL_OPERATOR_NAME, missionControlOperator } from '../../../lib/core/manifests/mission-control-operator';
import { upstreamCrdDir } from '../../../lib/crds/upstream-crd-files';
import { KubeClient } from '../../../lib/kube/client';
import { kubeHttpFor, loadKubeconfigFile } from '../../../lib/kube/kubeconfig';
import { MissionControlOperator, type OperatorOptions } from '../../../lib/reconciler/operator/operator';
import { FIELD_MANAGER } from '../../../lib/reconciler/ownership';
import { RuntimeMetrics } from '../../../lib/reconciler/runtime/metrics';
import { applyObjects, startApiServers, type ApiServerPlane, type ApiServers } from '../../../lib/testing';

export const CP_NAMESPACE = 'mission-control';
/** The data planes' operator namespace, where task objects go. */
export const DP_NAMESPACE = 'k8ssandra-operator';
/** The control-plane k8ssandra-operator's namespace, in the control-plane cluster: the K8ssandraClusters. */
export const K8SSANDRA_NAMESPACE = 'k8ssandra-operator';
export const DATA_PLANES = ['dp1', 'dp2'] as const;
export const zonesOf = (dp: string) => [`${dp}-a`, `${dp}-b`, `${dp}-c`];

/** A fresh client per use, so request counts belong to one test. */
export function clientFor(plane: ApiServerPlane): KubeClient {
  return new KubeClient(kubeHttpFor(loadKubeconfigFile(plane.kubeconfigPath)), { fieldManager: 'test' });
}

function assertApplied(report: { rejected: Array<{ message: string }> }, what: string): void {
  if (report.rejected.length > 0) throw new Error(`${what}: ${report.rejected.map((r) => r.message).join('; ')}`);
}

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
/** The identity objects of a synthesised folder: ServiceAccounts, Roles and their bindings. */
const identity = (objects: KubeObject[]) => objects.filter((o) => ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind));

function upstreamCrds(files: readonly string[]): KubeObject[] {
  const dir = upstreamCrdDir();
  return files.flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as KubeObject));
}

/** What the operator writes into the control-plane cluster: the one K8ssandraCluster per cluster. */
const CONTROL_PLANE_CRDS = ['k8ssandra-operator/k8ssandra.io_k8ssandraclusters.yaml'];
/** What it writes into data planes: task objects next to the CassandraDatacenters. */
const DATA_PLANE_CRDS = [
  'cass-operator/control.k8ssandra.io_cassandratasks.yaml',
  'k8ssandra-operator/medusa.k8ssandra.io_medusabackupjobs.yaml',
  'k8ssandra-operator/medusa.k8ssandra.io_medusarestorejobs.yaml',
];

export interface ReconcilerPlatform<D extends string = (typeof DATA_PLANES)[number]> {
  readonly servers: ApiServers;
  readonly cp: KubeClient;
  readonly dp: Record<D, KubeClient>;
  readonly standIns: Record<D, K8ssandraStatusStandIn>;
  /** `group/plural verb` of every request the operators started here made to the control plane and got through. */
  readonly controlPlaneRequests: ReadonlySet<string>;
  /** A client with the operator's ServiceAccount token, as the operators started here use. */
  operatorClient(): KubeClient;
  startOperator(options?: Partial<OperatorOptions>): Promise<MissionControlOperator>;
  stop(): Promise<void>;
}

/**
 * Three real API servers: a control plane with our CRDs and the K8ssandraCluster CRD, two
 * registered data planes with the task CRDs, and a status stand-in per data plane.
 */
export async function startReconcilerPlatform(): Promise<ReconcilerPlatform>;
export async function startReconcilerPlatform<D extends string>(dataPlanes: readonly D[], options?: { standInIntervalMs?: number }): Promise<ReconcilerPlatform<D>>;
export async function startReconcilerPlatform(dataPlanes: readonly string[] = DATA_PLANES, options: { standInIntervalMs?: number } = {}): Promise<ReconcilerPlatform<string>> {
  const servers = await startApiServers({ planes: ['control-plane', ...dataPlanes] });
  const operators: MissionControlOperator[] = [];
  try {
    const cpPlane = servers.planes['control-plane'];
    const cp = clientFor(cpPlane);
    assertApplied(await applyObjects(cpPlane, [namespace(CP_NAMESPACE), namespace(K8SSANDRA_NAMESPACE), ...missionControlCrds(), ...upstreamCrds(CONTROL_PLANE_CRDS)]), 'control plane');
    // The operator runs as its ServiceAccount, with exactly the Roles the library synthesises.
    assertApplied(await applyObjects(cpPlane, identity([...missionControlOperator(CP_NAMESPACE, {}, K8SSANDRA_NAMESPACE), ...k8ssandraClusterAccess(CP_NAMESPACE, K8SSANDRA_NAMESPACE)])), 'operator identity');
    const operatorToken = await serviceAccountToken(cp, CP_NAMESPACE, MISSION_CONTROL_OPERATOR_NAME);
    const controlPlaneRequests = new Set<string>();
    const dp: Record<string, KubeClient> = {};
    const standIns: Record<string, K8ssandraStatusStandIn> = {};
    const crds = upstreamCrds(DATA_PLANE_CRDS);
    await Promise.all(dataPlanes.map(async (name) => {
      const plane = servers.planes[name];
      assertApplied(await applyObjects(plane, [namespace(DP_NAMESPACE), ...crds]), name);
      // The control plane reaches a data plane as its access ServiceAccount, as registered.
      assertApplied(await applyObjects(plane, identity(controlPlaneAccess(DP_NAMESPACE))), `${name} access identity`);
      const accessToken = await serviceAccountToken(clientFor(plane), DP_NAMESPACE, CONTROL_PLANE_ACCESS_NAME);
      const spec = resolveDataPlane(name, { name, region: `region-${name}`, zones: zonesOf(name) }, { type: 'none' });
      const kubeconfig = tokenKubeconfig(plane, accessToken);
      const secret: KubeObject = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: kubeconfigSecretName(name), namespace: CP_NAMESPACE },
        type: 'Opaque',
        data: { kubeconfig: Buffer.from(kubeconfig).toString('base64') },
      };
      assertApplied(await applyObjects(cpPlane, [secret, dataPlaneRegistration(CP_NAMESPACE, spec)]), `registration ${name}`);
      dp[name] = clientFor(plane);
      standIns[name] = new K8ssandraStatusStandIn(name, clientFor(cpPlane), K8SSANDRA_NAMESPACE, clientFor(plane), DP_NAMESPACE);
      // 0: not polling; the caller drives the stand-ins (see writeClusterStatus).
      if (options.standInIntervalMs !== 0) standIns[name].start(options.standInIntervalMs);
    }));
    return {
      servers,
      cp,
      dp,
      standIns,
      operatorClient: () => tokenClient(cpPlane, operatorToken, FIELD_MANAGER),
      controlPlaneRequests,
      async startOperator(overrides = {}) {
        const operator = new MissionControlOperator({
          // As the entry point builds it, with its ServiceAccount's token: the operator's
          // writes carry its field manager, and its Roles decide what it may do.
          controlPlane: tokenClient(cpPlane, operatorToken, FIELD_MANAGER, (verb, resource, status) => {
            if (status <= 0 || status === 403) return;
            controlPlaneRequests.add(`${resource.group}/${resource.plural} ${verb}`);
            // A server-side apply that creates (201) is also authorised as a create.
            if (verb === 'patch' && status === 201) controlPlaneRequests.add(`${resource.group}/${resource.plural} create`);
          }),
          namespace: CP_NAMESPACE,
          leaderElection: false,
          logger: pino({ level: process.env.MCC_TEST_LOG ?? 'silent' }),
          metrics: new RuntimeMetrics(),
          progressRequeueMs: 300,
          resyncPeriodMs: 1_000,
          dataPlaneInformers: { initialBackoffMs: 100, maxBackoffMs: 1_000, inactivityTimeoutMs: 10_000 },
          ...overrides,
        });
        operators.push(operator);
        await operator.start();
        return operator;
      },
      async stop() {
        await Promise.all(operators.map((o) => o.stop().catch(() => undefined)));
        await Promise.all(Object.values(standIns).map((s) => s.stop()));
        await servers.stop();
      },
    };
  } catch (err) {
    servers.dumpLogs();
    await servers.stop();
    throw err;
  }
}

/** Polls until `check` returns a truthy value (returned) or throws after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
