import type { KubeObject } from '../../lib/core/kube-object';

/** Every object of every folder, with the folder it lands in. */
export function allObjects(folders: Record<string, KubeObject[]>): Array<{ folder: string; obj: KubeObject }> {
  return Object.entries(folders).flatMap(([folder, objects]) => objects.map((obj) => ({ folder, obj })));
}

export function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** Pod templates of workload objects. */
export function podTemplates(obj: KubeObject): Array<Record<string, any>> {
  const spec = obj.spec as Record<string, any> | undefined;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(obj.kind)) return [spec!.template];
  if (obj.kind === 'CronJob') return [spec!.jobTemplate.spec.template];
  if (obj.kind === 'Pod') return [{ metadata: obj.metadata, spec }];
  return [];
}
