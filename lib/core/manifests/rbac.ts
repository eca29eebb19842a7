import type { KubeObject } from '../kube-object';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

export const READ = ['get', 'list', 'watch'];
export const CRUD = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
export const STATUS_WRITE = ['get', 'patch', 'update'];

export function rule(apiGroup: string, resources: string[], verbs: string[]): PolicyRule {
  return { apiGroups: [apiGroup], resources, verbs };
}

/**
 * What controller-runtime's leader election does in the operator's namespace: a Lease read,
 * created and renewed (client-go's lease lock calls only Get, Create and Update) and the
 * events it records. Create cannot be limited by name; the API server authorises it before
 * the object, and so its name, exists.
 */
export function leaderElectionRules(leaseName: string): PolicyRule[] {
  return [
    rule('coordination.k8s.io', ['leases'], ['create']),
    { ...rule('coordination.k8s.io', ['leases'], ['get', 'update']), resourceNames: [leaseName] },
    rule('', ['events'], ['create', 'patch']),
  ];
}

export function serviceAccount(name: string, namespace: string, labels: Record<string, string>): KubeObject {
  // No token mounted by default: only the operators that call the API opt in on the Pod.
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels } };
}

/** A Role when `namespace` is given, otherwise a ClusterRole. */
export function role(name: string, namespace: string | undefined, labels: Record<string, string>, rules: PolicyRule[]): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: namespace ? 'Role' : 'ClusterRole',
    metadata: namespace ? { name, namespace, labels } : { name, labels },
    rules,
  };
}

/** Binds `roleRef` to a ServiceAccount; a RoleBinding when `namespace` is given. */
export function binding(
  name: string,
  namespace: string | undefined,
  labels: Record<string, string>,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subject: { name: string; namespace: string },
): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: namespace ? { name, namespace, labels } : { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects: [{ kind: 'ServiceAccount', ...subject }],
  };
}

/** Role + binding for one ServiceAccount, namespaced or cluster-wide. */
export function grant(
  name: string,
  namespace: string | undefined,
  labels: Record<string, string>,
  rules: PolicyRule[],
  subject: { name: string; namespace: string },
): KubeObject[] {
  return [
    role(name, namespace, labels, rules),
    binding(name, namespace, labels, { kind: namespace ? 'Role' : 'ClusterRole', name }, subject),
  ];
}
