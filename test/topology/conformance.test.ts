import { richPlatform } from './rich-platform';
import { synthPlatform, type KubeObject } from '../../lib';
import { API_GROUP } from '../../lib/core/api-group';
import { CLIENT_CONFIG_API_VERSION } from '../../lib/core/manifests/client-config';
import { K8SSANDRA_API_VERSION, CONTROL_API_VERSION, MEDUSA_API_VERSION } from '../../lib/core/topology/k8ssandra-types';
import { upstreamCrdValidator } from '../support/crd-schema-validator';

const validator = upstreamCrdValidator();
const out = synthPlatform(richPlatform().app);
const all: KubeObject[] = Object.values(out).flat();
for (const crd of all.filter((o) => o.kind === 'CustomResourceDefinition')) validator.addCrd(crd);

const upstreamGroups = [K8SSANDRA_API_VERSION, CONTROL_API_VERSION, MEDUSA_API_VERSION, CLIENT_CONFIG_API_VERSION];
const emitted = all.filter((o) => upstreamGroups.includes(o.apiVersion) || o.apiVersion.startsWith(`${API_GROUP}/`));

test('the rich platform emits every kind this feature writes', () => {
  const kinds = new Set(emitted.map((o) => o.kind));
  for (const kind of ['ClientConfig', 'K8ssandraCluster', 'CassandraTask', 'K8ssandraTask', 'MedusaBackupSchedule', 'MedusaBackupJob', 'MedusaRestoreJob', 'MedusaConfiguration', 'MissionControlCluster', 'MissionControlTask']) {
    expect(kinds).toContain(kind);
  }
});

test.each(emitted.map((o) => [`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, o] as const))('%s conforms to its CRD schema', (_name, obj) => {
  expect(validator.knows(obj)).toBe(true);
  expect(validator.validate(obj)).toEqual([]);
});

test('the K8ssandraCluster of the rich platform uses the multi-cluster fields: k8sContext, the dc-replication annotation', () => {
  const k8c = emitted.find((o) => o.kind === 'K8ssandraCluster')!;
  expect((k8c.spec as any).cassandra.datacenters.map((d: any) => d.k8sContext ?? '')).toEqual(['', '', 'eu-west']);
  expect(Object.keys(k8c.metadata.annotations ?? {})).toContain('k8ssandra.io/dc-replication');
});

test('the migration-only fields conform too', () => {
  const k8c = emitted.find((o) => o.kind === 'K8ssandraCluster')!;
  const spec = k8c.spec as { cassandra: Record<string, unknown> };
  const migrating = { ...k8c, spec: { ...spec, externalDatacenters: ['legacy1'], cassandra: { ...spec.cassandra, additionalSeeds: ['10.9.0.1'] } } };
  expect(validator.validate(migrating)).toEqual([]);
});

test('the validator catches a misspelt K8ssandraCluster field (unknown fields are errors)', () => {
  const k8c = emitted.find((o) => o.kind === 'K8ssandraCluster')!;
  const spec = k8c.spec as { cassandra: Record<string, unknown> };
  const bad = { ...k8c, spec: { ...spec, cassandra: { ...spec.cassandra, externalDatacenters: ['dc9'] } } };
  expect(validator.validate(bad)).toEqual([expect.stringContaining('(externalDatacenters)')]);
});
