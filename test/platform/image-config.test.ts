import { parse } from 'yaml';
import { goDecodeProblems, IMAGE_CONFIG_GO_TYPE } from './fixtures/upstream-image-config-types';
import { imageConfig } from '../../lib/core/manifests/image-config';

const decoded = (config: ReturnType<typeof imageConfig>) => parse((config.data as Record<string, string>)['image_config.yaml']);

// Upstream's own image_config.yaml carries `metadata`, which ImageConfig has no field for.
const problems = (value: unknown) => goDecodeProblems(value, IMAGE_CONFIG_GO_TYPE, '', ['metadata']);

test('pull secrets are written as the list of strings upstream decodes', () => {
  const value = decoded(imageConfig({ namespace: 'ns', labels: {}, pullSecrets: ['regcred', 'mirror'], registry: 'mirror.example.com' }));
  expect(value.defaults.pullSecrets).toEqual(['regcred', 'mirror']);
  expect(problems(value)).toEqual([]);
});

test('without pull secrets or a registry the ImageConfig still decodes', () => {
  const value = decoded(imageConfig({ namespace: 'ns', labels: {} }));
  expect(value.defaults.pullSecrets).toBeUndefined();
  expect(problems(value)).toEqual([]);
});

test('the decoder model rejects the object form the operators fail on', () => {
  expect(problems({ defaults: { pullSecrets: [{ name: 'regcred' }] } })).toEqual(['.defaults.pullSecrets[0]: {"name":"regcred"} is not a string']);
});

test('operand images follow the cass-operator release of the plane', () => {
  const images = (version?: string) => decoded(imageConfig({ namespace: 'ns', labels: {}, cassOperatorVersion: version })).images;
  // Tags as cass-operator ships them in config/imageconfig/image_config.yaml at each tag.
  expect(images()['system-logger']).toEqual({ repository: 'k8ssandra', name: 'system-logger', tag: 'v1.30.3' });
  expect(images()['k8ssandra-client']).toEqual({ repository: 'k8ssandra', name: 'k8ssandra-client', tag: 'v0.8.14' });
  expect(images()['config-builder']).toEqual({ repository: 'datastax', name: 'cass-config-builder', tag: '1.0-ubi' });
  expect(images('v1.32.0')['system-logger'].tag).toBe('v1.32.0');
  expect(images('v1.32.0')['k8ssandra-client'].tag).toBe('v0.8.12');
});
