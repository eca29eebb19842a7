import { stringify } from 'yaml';
import type { KubeObject } from '../kube-object';
import { OPERAND_IMAGES } from '../versions';

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
}): KubeObject {
  const image = (i: { repository: string; name: string; tag: string }) => ({ repository: i.repository, name: i.name, tag: i.tag });
  const config = {
    apiVersion: 'config.k8ssandra.io/v1beta2',
    kind: 'ImageConfig',
    metadata: { name: 'image-config' },
    images: {
      'system-logger': image(OPERAND_IMAGES.systemLogger),
      'config-builder': image(OPERAND_IMAGES.configBuilder),
      'k8ssandra-client': image(OPERAND_IMAGES.k8ssandraClient),
      'medusa': image(OPERAND_IMAGES.medusa),
      'reaper': image(OPERAND_IMAGES.reaper),
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
