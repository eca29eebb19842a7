/**
 * A small Kubernetes client on `node:https`: transport, kubeconfig resolution, a static table
 * of the kinds the reconciler touches, and a JSON client with list/watch/apply/status writes.
 *
 * Kubeconfigs are loaded and authenticated by `@kubernetes/client-node`'s `KubeConfig`
 * (`kubeHttpFromKubeConfig`); requests, watches, retries and deadlines are this layer's own,
 * as are the reconciler's queue, informers and leader election.
 *
 * @packageDocumentation
 */
export { KubeHttp, statusMessage } from './http';
export { controlPlaneKubeConfig, kubeHttpFromKubeConfig, loadKubeConfig } from './kube-config';
export type { KubeCredentialSource, KubeHttpAuth, KubeRequestOptions, KubeResponse, KubeStreamOptions, KubeStreamResponse } from './http';
export { KubeApiError, isConflict, isGone, isNotFound } from './errors';
export { inClusterTarget, kubeHttpFor, kubeHttpFromKubeconfig, loadKubeconfigFile, parseKubeconfig } from './kubeconfig';
export type { KubeconfigTarget, ParseKubeconfigOptions } from './kubeconfig';
export { RESOURCES, apiVersionOf, resourcePath, resourceType } from './resources';
export type { KnownKind, ResourcePathOptions, ResourceType } from './resources';
export { KubeClient } from './client';
export { idempotent, retryableStatus } from './retry';
export type { RetryPolicy } from './retry';
export type {
  ApplyOptions,
  DeleteOptions,
  KubeClientOptions,
  KubeVerb,
  ListOptions,
  ListPageOptions,
  ListResult,
  ObjectRef,
  PatchStatusOptions,
  RequestCounts,
  RequestOptions,
  WatchEvent,
  WatchOptions,
} from './client';
