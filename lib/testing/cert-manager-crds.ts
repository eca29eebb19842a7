import type { KubeObject } from '../core/kube-object';

/**
 * cert-manager is a prerequisite of every cluster and its controllers do not run here any
 * more than other controllers do; only its API must exist so that Issuers and Certificates
 * are accepted. These definitions declare the fields this library writes, with the names
 * cert-manager's `cert-manager.io/v1` API uses, and keep the rest open.
 */
export function certManagerCrds(): KubeObject[] {
  const open = { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const ref = { type: 'object', properties: { name: { type: 'string' }, kind: { type: 'string' }, group: { type: 'string' } }, required: ['name'] };
  const crd = (kind: string, plural: string, scope: 'Namespaced' | 'Cluster', spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.cert-manager.io` },
    spec: {
      group: 'cert-manager.io',
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope,
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec, status: open } } },
        },
      ],
    },
  });
  const issuerSpec = { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true, 'properties': { selfSigned: open, ca: open, acme: open, vault: open } };
  return [
    crd('Issuer', 'issuers', 'Namespaced', issuerSpec),
    crd('ClusterIssuer', 'clusterissuers', 'Cluster', issuerSpec),
    crd('Certificate', 'certificates', 'Namespaced', {
      'type': 'object',
      'required': ['issuerRef', 'secretName'],
      'x-kubernetes-preserve-unknown-fields': true,
      'properties': {
        dnsNames: { type: 'array', items: { type: 'string' } },
        issuerRef: ref,
        secretName: { type: 'string' },
        privateKey: { type: 'object', properties: { rotationPolicy: { type: 'string', enum: ['Never', 'Always'] }, algorithm: { type: 'string' }, size: { type: 'integer' } } },
      },
    }),
  ];
}
