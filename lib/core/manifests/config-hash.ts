import { createHash } from 'node:crypto';
import { LABEL_PREFIX } from '../api-group';
import type { KubeObject } from '../kube-object';

/**
 * Pod-template annotation carrying a hash of the configuration an operator reads only at
 * start-up. A changed value changes the template, so the Deployment rolls its pods.
 */
export const CONFIG_HASH_ANNOTATION = `${LABEL_PREFIX}/config-hash`;

/** sha256 of the ConfigMaps' data, independent of object and key order. */
export function configHash(configMaps: readonly KubeObject[]): string {
  const hash = createHash('sha256');
  const id = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  for (const cm of [...configMaps].sort((a, b) => id(a).localeCompare(id(b)))) {
    const data = (cm.data ?? {}) as Record<string, string>;
    for (const key of Object.keys(data).sort()) hash.update(JSON.stringify([id(cm), key, data[key]]));
  }
  return hash.digest('hex');
}
