import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissionControlApp } from '../../../lib';
import type { KubeHttp } from '../../../lib/kube/http';
import { waitFor } from '../../../lib/testing';

/** Synthesises into a fresh temporary folder; returns it and a remover. */
export function synthInto(build: (app: MissionControlApp) => void): { dist: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'mcc-operators-'));
  const dist = join(root, 'dist');
  const app = new MissionControlApp({ outdir: dist });
  build(app);
  app.synth();
  return { dist, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Polls until a value other than undefined comes back (the harness's own `waitFor`). */
export const eventually = waitFor;

/** GET returning the parsed body, or undefined on 404. */
export async function getJson<T = any>(http: KubeHttp, path: string): Promise<T | undefined> {
  const res = await http.request('GET', path);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}: ${res.text.slice(0, 300)}`);
  return res.body as T;
}

/** A Deployment whose rollout finished: updated, available and ready replicas equal the spec. */
export async function rolledOut(http: KubeHttp, namespace: string, name: string): Promise<any | undefined> {
  const d = await getJson(http, `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
  if (!d) return undefined;
  const s = d.status ?? {};
  const want = d.spec.replicas ?? 1;
  const done = s.observedGeneration >= d.metadata.generation && s.updatedReplicas === want && s.availableReplicas === want
    && s.readyReplicas === want && (s.replicas ?? 0) === want;
  return done ? d : undefined;
}

/** What one dry-run request that an operator's webhook must refuse came back with. */
export interface WebhookProbe {
  readonly status: number;
  readonly message: string;
}

async function dryRunCreate(http: KubeHttp, path: string, body: unknown): Promise<WebhookProbe> {
  const res = await http.request('POST', path, { query: { dryRun: 'All' }, body });
  return { status: res.status, message: (res.body as { message?: string } | undefined)?.message ?? res.text };
}

/** A K8ssandraCluster whose DC has no storage: upstream's webhook refuses it, proof it was consulted. */
export function probeK8ssandraWebhook(http: KubeHttp, namespace: string): Promise<WebhookProbe> {
  return dryRunCreate(http, `/apis/k8ssandra.io/v1alpha1/namespaces/${namespace}/k8ssandraclusters`, {
    apiVersion: 'k8ssandra.io/v1alpha1',
    kind: 'K8ssandraCluster',
    metadata: { name: 'probe', namespace },
    spec: { cassandra: { serverVersion: '4.1.8', datacenters: [{ metadata: { name: 'dc1' }, size: 1 }] } },
  });
}

/** A CassandraDatacenter with DSE workloads on Cassandra: cass-operator's webhook refuses it. */
export function probeCassOperatorWebhook(http: KubeHttp, namespace: string): Promise<WebhookProbe> {
  return dryRunCreate(http, `/apis/cassandra.datastax.com/v1beta1/namespaces/${namespace}/cassandradatacenters`, {
    apiVersion: 'cassandra.datastax.com/v1beta1',
    kind: 'CassandraDatacenter',
    metadata: { name: 'probe', namespace },
    spec: {
      clusterName: 'probe',
      serverType: 'cassandra',
      serverVersion: '4.1.8',
      size: 1,
      storageConfig: { cassandraDataVolumeClaimSpec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      dseWorkloads: { searchEnabled: true },
    },
  });
}

export const K8SSANDRA_WEBHOOK_DENIAL = 'admission webhook "vk8ssandracluster.kb.io" denied the request: storageConfig must be defined at cluster level or dc level';
export const CASS_OPERATOR_WEBHOOK_DENIAL = 'admission webhook "vcassandradatacenter.kb.io" denied the request';
