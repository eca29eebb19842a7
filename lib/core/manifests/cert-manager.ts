import type { KubeObject } from '../kube-object';

export const CERT_MANAGER_API = 'cert-manager.io/v1';

/** Self-signed Issuer + serving Certificate for one webhook Service. */
export function webhookCertificate(input: {
  prefix: string;
  namespace: string;
  labels: Record<string, string>;
  serviceName: string;
  certificateName: string;
  secretName: string;
}): KubeObject[] {
  const issuerName = `${input.prefix}-selfsigned-issuer`;
  return [
    {
      apiVersion: CERT_MANAGER_API,
      kind: 'Issuer',
      metadata: { name: issuerName, namespace: input.namespace, labels: input.labels },
      spec: { selfSigned: {} },
    },
    {
      apiVersion: CERT_MANAGER_API,
      kind: 'Certificate',
      metadata: { name: input.certificateName, namespace: input.namespace, labels: input.labels },
      spec: {
        dnsNames: [`${input.serviceName}.${input.namespace}.svc`, `${input.serviceName}.${input.namespace}.svc.cluster.local`],
        issuerRef: { kind: 'Issuer', name: issuerName },
        secretName: input.secretName,
        privateKey: { rotationPolicy: 'Always' },
      },
    },
  ];
}

/** The annotation that makes cert-manager's cainjector fill `caBundle` from the Certificate. */
export function injectCaFrom(namespace: string, certificateName: string): Record<string, string> {
  return { 'cert-manager.io/inject-ca-from': `${namespace}/${certificateName}` };
}
