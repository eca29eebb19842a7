import { buildExamplePlatform } from '../../examples/platform/platform';
import { synthPlatform } from '../../lib';
import { API_GROUP } from '../../lib/core/api-group';
import { CrdSchemaValidator, upstreamCrdValidator } from '../support/crd-schema-validator';
import { allObjects } from '../support/platform';

const objects = allObjects(synthPlatform(buildExamplePlatform().app)).map(({ obj }) => obj);
const validator = upstreamCrdValidator();
for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) validator.addCrd(crd);

const customResources = objects.filter((o) => o.apiVersion.includes('.') && !/(k8s\.io|cert-manager\.io)\//.test(o.apiVersion));

test('the example emits custom resources of our own group', () => {
  expect(customResources.filter((o) => o.apiVersion.startsWith(`${API_GROUP}/`)).length).toBeGreaterThan(0);
});

test.each(customResources.map((o) => [`${o.kind}/${o.metadata.name}`, o] as const))('%s conforms to its CRD schema', (_name, obj) => {
  expect(validator.knows(obj)).toBe(true);
  expect(validator.validate(obj)).toEqual([]);
});

test('the validator rejects unknown fields and wrong types (it is not a no-op)', () => {
  const own = new CrdSchemaValidator();
  for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) own.addCrd(crd);
  const registration = customResources.find((o) => o.kind === 'DataPlaneRegistration')!;
  const bad = { ...registration, spec: { ...(registration.spec as object), zones: 'eu-west-1a', unknownField: true } };
  expect(own.validate(bad)).toEqual(expect.arrayContaining([expect.stringContaining('/spec/zones must be array'), expect.stringContaining('(unknownField)')]));
  const k8ssandraCluster = { apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', metadata: { name: 'x' }, spec: { cassandra: { serverVersion: '4.1.5', datacenterz: [] } } };
  expect(validator.validate(k8ssandraCluster)).toEqual([expect.stringContaining('(datacenterz)')]);
});
