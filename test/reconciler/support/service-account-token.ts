import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { KubeObject } from '../../../lib/core/kube-object';
import { KubeClient, type KubeClientOptions } from '../../../lib/kube/client';
import { kubeHttpFor, parseKubeconfig } from '../../../lib/kube/kubeconfig';
import { resourceType } from '../../../lib/kube/resources';
import type { ApiServerPlane } from '../../../lib/testing';

/**
 * A short-lived token of a ServiceAccount, from the TokenRequest API (what kubelet mounts
 * into a pod). Tests run the operator with it so that the synthesised Roles, not admin
 * rights, decide what it may do: a rule missing from them fails the scenarios.
 */
export async function serviceAccountToken(admin: KubeClient, namespace: string, name: string): Promise<string> {
  // The token subresource is created by POST to .../serviceaccounts/<name>/token.
  const tokenRequests = resourceType('v1', 'TokenRequest', `serviceaccounts/${name}/token`);
  const request: KubeObject = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name, namespace }, spec: { expirationSeconds: 3600 } };
  const created = await admin.create(tokenRequests, request);
  return String((created.status as { token?: string } | undefined)?.token ?? '');
}

/** The plane's server and CA with a bearer token instead of the admin client certificate. */
export function tokenKubeconfig(plane: ApiServerPlane, token: string): string {
  const target = parseKubeconfig(readFileSync(plane.kubeconfigPath, 'utf8'));
  return stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': [{ name: 'c', cluster: { 'server': target.server, 'certificate-authority-data': Buffer.from(target.ca ?? '').toString('base64') } }],
    'users': [{ name: 'u', user: { token } }],
    'contexts': [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'c',
  });
}

/** A client that authenticates with `token` only. */
export function tokenClient(plane: ApiServerPlane, token: string, fieldManager: string, onRequest?: KubeClientOptions['onRequest']): KubeClient {
  const target = parseKubeconfig(readFileSync(plane.kubeconfigPath, 'utf8'));
  return new KubeClient(kubeHttpFor({ ...target, cert: undefined, key: undefined, token }), { fieldManager, onRequest });
}
