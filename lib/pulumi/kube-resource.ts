import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { ChildNames } from './child-names';
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

/**
 * Kinds whose operator's finalizer needs objects they own. k8ssandra-operator finalises a
 * K8ssandraCluster by deleting its DCs, and cass-operator finalises a DC only while its
 * superuser Secret exists, which a ReplicatedSecret owned by the K8ssandraCluster keeps in
 * every data plane. The provider deletes in the foreground by default, which removes owned
 * objects first, so the DCs' finalizers would never finish; background deletion, kubectl's
 * default, lets the operators take things down in their order.
 */
const BACKGROUND_DELETION = new Set(['k8ssandra.io/v1alpha1/K8ssandraCluster']);
/** The provider's per-object deletion propagation policy. */
export const DELETION_PROPAGATION_ANNOTATION = 'pulumi.com/deletionPropagationPolicy';

function withDeletionPolicy(obj: KubeObject): KubeObject {
  if (!BACKGROUND_DELETION.has(`${obj.apiVersion}/${obj.kind}`)) return obj;
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, [DELETION_PROPAGATION_ANNOTATION]: 'background' } } };
}

/** An object's identity in its plane, `<plane>:<kind>:<namespace>/<name>`: reported in `objectNames`. */
export function objectName(plane: string, obj: KubeObject): string {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}/` : '';
  return `${plane}:${obj.kind.toLowerCase()}:${ns}${obj.metadata.name}`;
}

/** Where a component's objects go: the plane's folder name, its provider, the component's child names. */
export interface Placement {
  readonly plane: string;
  readonly names: ChildNames;
  readonly opts: pulumi.CustomResourceOptions;
}

/**
 * One core-built object as a typed Pulumi resource, body passed through unchanged. Its
 * former name, the object's identity in its plane, is an alias: stacks created before child
 * names followed the component's name keep their objects instead of replacing them.
 */
export function kubeResource(at: Placement, obj: KubeObject, opts: pulumi.CustomResourceOptions = {}): pulumi.CustomResource {
  const name = at.names.next(obj, at.plane);
  const options = { ...at.opts, ...opts, aliases: [{ name: objectName(at.plane, obj) }] };
  const factory = TYPED[`${obj.apiVersion}/${obj.kind}`];
  if (factory) return factory(name, obj, options);
  return new k8s.apiextensions.CustomResource(name, withDeletionPolicy(obj) as k8s.apiextensions.CustomResourceArgs, options);
}
