import type { KubeObject } from '../core/kube-object';

/** Index of `name` in `within` as whole dash-separated segments, or -1. */
function segmentIndex(within: string, name: string): number {
  for (let at = within.indexOf(name); at >= 0; at = within.indexOf(name, at + 1)) {
    const before = at === 0 || within[at - 1] === '-';
    const after = at + name.length === within.length || within[at + name.length] === '-';
    if (before && after) return at;
  }
  return -1;
}

/**
 * The component's name followed by what the object's name adds to it: a BackupSchedule
 * `users-nightly` names its MedusaBackupSchedule `users-users-nightly-eu1` as `users-nightly-eu1`,
 * a DataPlane `eu-west` its Deployment `k8ssandra-operator` as `eu-west-k8ssandra-operator`.
 */
export function childName(component: string, objectName: string): string {
  const at = segmentIndex(objectName, component);
  return at >= 0 ? objectName.slice(at) : `${component}-${objectName}`;
}

/**
 * Pulumi names of one component's children. A URN holds the parent's type but not its name,
 * so children start with the component's name to stay unique across instances; within the
 * component a name is unique per resource type, which the URN also holds.
 */
export class ChildNames {
  private readonly used = new Set<string>();

  constructor(readonly component: string) {}

  /** A name for `obj` placed in `plane`, qualified only where the plain one is taken. */
  next(obj: KubeObject, plane: string): string {
    const plain = childName(this.component, obj.metadata.name);
    const full = `${this.component}-${obj.metadata.name}`;
    const ns = obj.metadata.namespace ? `-${obj.metadata.namespace}` : '';
    return this.claim(`${obj.apiVersion}/${obj.kind}`, [plain, full, `${plain}${ns}`, `${full}${ns}-${plane}`]);
  }

  /** Claims the first free candidate for a resource type. */
  claim(type: string, candidates: readonly string[]): string {
    for (const name of candidates) {
      if (this.used.has(`${type}/${name}`)) continue;
      this.used.add(`${type}/${name}`);
      return name;
    }
    throw new Error(`${this.component}: two ${type} children would both be named ${candidates[candidates.length - 1]}`);
  }
}
