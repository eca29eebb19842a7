import type { KubeObject } from '../kube-object';

/**
 * A namespace with Pod Security admission labels. Our own pods meet "restricted" everywhere;
 * data-plane namespaces also run Cassandra pods built by cass-operator, whose security
 * context we do not control, so there "restricted" is warned and audited, "baseline" enforced.
 */
export function namespace(name: string, labels: Record<string, string>, enforce: 'restricted' | 'baseline'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': enforce,
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}
