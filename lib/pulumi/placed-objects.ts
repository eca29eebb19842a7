import type * as pulumi from '@pulumi/pulumi';
import type { ChildNames } from './child-names';
import type { ControlPlane } from './control-plane';
import { objectName } from './kube-resource';
import { orderedResources } from './ordered-resources';
import type { KubeObject } from '../core/kube-object';
import { CONTROL_PLANE_FOLDER, dataPlaneFolder } from '../core/model/platform';
import type { Manifests } from '../core/topology/delivery';

/**
 * Creates core-placed objects with the right cluster's provider, after that cluster's
 * platform objects (operators and their webhooks must exist before custom resources).
 * Objects in the control plane also come after every data plane the manifests reach (`reach`):
 * their finalizers are run by those planes' operators, so `pulumi destroy` must delete them
 * while the operators, their CRDs and RBAC still exist.
 */
export function createPlacedObjects(
  owner: pulumi.ComponentResource,
  names: ChildNames,
  controlPlane: ControlPlane,
  manifests: Manifests,
  reach: readonly string[],
): { resources: pulumi.CustomResource[]; names: string[] } {
  // Objects several clusters share (a MedusaConfiguration) are created once.
  const shared = (o: KubeObject) => o.kind !== 'MedusaConfiguration' || controlPlane._claimShared(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
  const inControlPlane = manifests.controlPlane.filter(shared);
  const reached = [...new Set([...reach, ...manifests.dataPlanes.keys()])].flatMap((name) => controlPlane._dataPlane(name)?._resources ?? []);
  const home = { plane: CONTROL_PLANE_FOLDER, names, opts: { parent: owner, provider: controlPlane.provider } };
  const created = orderedResources(home, inControlPlane, [...controlPlane.allResources, ...reached]);
  const objectNames = inControlPlane.map((o) => objectName(CONTROL_PLANE_FOLDER, o));
  for (const [name, objects] of manifests.dataPlanes) {
    const dataPlane = controlPlane._dataPlane(name);
    if (!dataPlane) throw new Error(`data plane "${name}" is not registered with control plane "${controlPlane.spec.path}"`);
    const folder = dataPlaneFolder(name);
    created.push(...orderedResources({ plane: folder, names, opts: { parent: owner, provider: dataPlane.provider } }, objects, dataPlane._resources));
    objectNames.push(...objects.map((o) => objectName(folder, o)));
  }
  return { resources: created, names: objectNames };
}
