import { Construct } from 'constructs';
import { addObjects } from './add-objects';
import type { KubeObject } from '../core/kube-object';

/**
 * Writes objects into a container child of `parent`, replacing what an earlier render put
 * there. The container keeps its place among its siblings, so apply order stays the order
 * of declaration when a cluster is re-rendered (e.g. after addDatacenter).
 */
export function renderInto(parent: Construct, id: string, objects: readonly KubeObject[]): void {
  const existing = parent.node.tryFindChild(id);
  if (!existing && objects.length === 0) return;
  const container = existing ?? new Construct(parent, id);
  for (const child of [...container.node.children]) container.node.tryRemoveChild(child.node.id);
  addObjects(container, objects);
}
