import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../core/kube-object';

type Factory = (name: string, args: any, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Typed resource classes for the built-in kinds we emit; everything else is a CustomResource. */
const TYPED: Record<string, Factory> = {
  'v1/Namespace': (n, a, o) => new k8s.core.v1.Namespace(n, a, o),
  'v1/ServiceAccount': (n, a, o) => new k8s.core.v1.ServiceAccount(n, a, o),
  'v1/Service': (n, a, o) => new k8s.core.v1.Service(n, a, o),
  'v1/ConfigMap': (n, a, o) => new k8s.core.v1.ConfigMap(n, a, o),
  'v1/Secret': (n, a, o) => new k8s.core.v1.Secret(n, a, o),
  'apps/v1/Deployment': (n, a, o) => new k8s.apps.v1.Deployment(n, a, o),
  'rbac.authorization.k8s.io/v1/Role': (n, a, o) => new k8s.rbac.v1.Role(n, a, o),
  'rbac.authorization.k8s.io/v1/ClusterRole': (n, a, o) => new k8s.rbac.v1.ClusterRole(n, a, o),
  'rbac.authorization.k8s.io/v1/RoleBinding': (n, a, o) => new k8s.rbac.v1.RoleBinding(n, a, o),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': (n, a, o) => new k8s.rbac.v1.ClusterRoleBinding(n, a, o),
  'policy/v1/PodDisruptionBudget': (n, a, o) => new k8s.policy.v1.PodDisruptionBudget(n, a, o),
  'networking.k8s.io/v1/NetworkPolicy': (n, a, o) => new k8s.networking.v1.NetworkPolicy(n, a, o),
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': (n, a, o) => new k8s.admissionregistration.v1.ValidatingWebhookConfiguration(n, a, o),
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': (n, a, o) => new k8s.admissionregistration.v1.MutatingWebhookConfiguration(n, a, o),
  'apiextensions.k8s.io/v1/CustomResourceDefinition': (n, a, o) => new k8s.apiextensions.v1.CustomResourceDefinition(n, a, o),
};

/** Pulumi resource name of an object: unique per plane, stable as long as the object's identity is. */
export function resourceName(plane: string, obj: KubeObject): string {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}/` : '';
  return `${plane}:${obj.kind.toLowerCase()}:${ns}${obj.metadata.name}`;
}

/** One core-built object as a typed Pulumi resource, body passed through unchanged. */
export function kubeResource(plane: string, obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const name = resourceName(plane, obj);
  const factory = TYPED[`${obj.apiVersion}/${obj.kind}`];
  if (factory) return factory(name, obj, opts);
  return new k8s.apiextensions.CustomResource(name, obj as k8s.apiextensions.CustomResourceArgs, opts);
}
