import type { KubeObject } from '../kube-object';
import { injectCaFrom } from './cert-manager';

export interface WebhookRule {
  name: string;
  path: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  objectSelector?: Record<string, unknown>;
}

/** Upstream's webhook settings: fail closed, no side effects, CREATE and UPDATE only. */
export function webhookConfiguration(input: {
  kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';
  name: string;
  labels: Record<string, string>;
  namespace: string;
  serviceName: string;
  certificateName: string;
  webhooks: WebhookRule[];
}): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: input.kind,
    metadata: { name: input.name, labels: input.labels, annotations: injectCaFrom(input.namespace, input.certificateName) },
    webhooks: input.webhooks.map((w) => ({
      name: w.name,
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: input.serviceName, namespace: input.namespace, path: w.path, port: 443 } },
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      sideEffects: 'None',
      timeoutSeconds: 10,
      ...(w.objectSelector ? { objectSelector: w.objectSelector } : {}),
      rules: [
        {
          apiGroups: [w.apiGroup],
          apiVersions: [w.apiVersion],
          operations: ['CREATE', 'UPDATE'],
          resources: [w.resource],
          scope: '*',
        },
      ],
    })),
  };
}
