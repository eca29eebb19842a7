import { Lazy } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { CASSANDRA_CLUSTER_BRAND, DATA_PLANE_BRAND, hasBrand } from './brand';
import type { KubeObject } from '../core/kube-object';
import { operatorResources } from '../core/manifests/operator-deployment';
import type { OperatorDeploymentProps, OperatorLoad } from '../core/model/operators';
import type { DataPlaneSpec } from '../core/model/platform';
import { platformLoads, type PlatformLoads } from '../core/sizing/operator-load';
import type { OperatorResources } from '../core/sizing/operator-sizing';
import type { CassandraClusterSpec } from '../core/topology/model';

type Spec<S> = IConstruct & { readonly spec: S };

/**
 * What each plane's operators serve, from every data plane and cluster in the construct tree.
 * Asked at synthesis, when every cluster and DC has been declared.
 */
export function appLoads(scope: IConstruct, controlPlaneSizeFor: OperatorLoad | undefined): PlatformLoads {
  const all = scope.node.root.node.findAll();
  const dataPlanes = all.filter((c): c is Spec<DataPlaneSpec> => hasBrand(c, DATA_PLANE_BRAND)).map((c) => c.spec);
  const clusters = all.filter((c): c is Spec<CassandraClusterSpec> => hasBrand(c, CASSANDRA_CLUSTER_BRAND)).map((c) => c.spec);
  return platformLoads(dataPlanes, clusters, controlPlaneSizeFor);
}

/**
 * The operator Deployment among `objects` with its container's resources left to synthesis:
 * sized for what the app declares by then, under what `props.resources` sets.
 */
export function sizedAtSynthesis(objects: readonly KubeObject[], props: OperatorDeploymentProps, sized: () => OperatorResources): KubeObject[] {
  return objects.map((obj) => {
    if (obj.kind !== 'Deployment') return obj;
    const spec = obj.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } };
    const [first, ...rest] = spec.template.spec.containers;
    const containers = [{ ...first, resources: Lazy.any({ produce: () => operatorResources(props, sized()) }) }, ...rest];
    return { ...obj, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, containers } } } };
  });
}
