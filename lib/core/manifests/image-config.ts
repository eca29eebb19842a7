import { stringify } from 'yaml';
import type { KubeObject } from '../kube-object';
import { operandImages } from '../versions';

/** Name of the ConfigMap both operators look up by label at start-up. */
export const IMAGE_CONFIG_NAME = 'image-config';

/**
 * The ImageConfig both operators require in their namespace; without it they exit at
 * start-up. One ConfigMap serves both because they share the namespace.
 */
export function imageConfig(input: {
  namespace: string;
  labels: Record<string, string>;
  registry?: string;
  pullSecrets?: string[];
  /** The cass-operator of the plane; the system-logger image carries its tag. */
  cassOperatorVersion?: string;
}): KubeObject {
  const images = operandImages(input.cassOperatorVersion);
  const image = (i: { repository: string; name: string; tag: string }) => ({ repository: i.repository, name: i.name, tag: i.tag });
  const config = {
    apiVersion: 'config.k8ssandra.io/v1beta2',
    kind: 'ImageConfig',
    metadata: { name: 'image-config' },
    images: {
      'system-logger': image(images.systemLogger),
      'config-builder': image(images.configBuilder),
      'k8ssandra-client': image(images.k8ssandraClient),
      'medusa': image(images.medusa),
      'reaper': image(images.reaper),
    },
    types: {
      cassandra: { repository: 'k8ssandra', name: 'cass-management-api', suffix: '-ubi' },
      dse: { repository: 'datastax', name: 'dse-mgmtapi-6_8', suffix: '-ubi' },
      hcd: { repository: 'datastax', name: 'hcd', suffix: '-ubi' },
    },
    defaults: {
      registry: 'docker.io',
      pullPolicy: 'IfNotPresent',
      // Secret names as plain strings: upstream's ImagePolicy.PullSecrets is []string, and an
      // object here makes both operators exit at start-up on the unmarshal error.
      ...(input.pullSecrets?.length ? { pullSecrets: [...input.pullSecrets] } : {}),
    },
    ...(input.registry ? { overrides: { registry: input.registry } } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: IMAGE_CONFIG_NAME,
      namespace: input.namespace,
      labels: { ...input.labels, 'k8ssandra.io/config': 'image' },
    },
    data: { 'image_config.yaml': stringify(config, { sortMapEntries: false }) },
  };
}
