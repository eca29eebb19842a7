/**
 * Brands identify our construct types. `instanceof` cannot: cdk8s `Chart` accepts any chart
 * for any Chart subclass through `Symbol.hasInstance`.
 */
export const CONTROL_PLANE_BRAND = Symbol.for('mission-control-constructs.ControlPlane');
export const DATA_PLANE_BRAND = Symbol.for('mission-control-constructs.DataPlane');
export const CASSANDRA_CLUSTER_BRAND = Symbol.for('mission-control-constructs.CassandraCluster');

export function hasBrand(x: unknown, brand: symbol): boolean {
  return x !== null && typeof x === 'object' && brand in (x as object);
}
export const GITOPS_DELIVERY_BRAND = Symbol.for('mission-control-constructs.GitOpsDelivery');
