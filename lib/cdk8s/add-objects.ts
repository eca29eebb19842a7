import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KubeObject } from '../core/kube-object';

/**
 * Adds core-built objects as ApiObjects. Ids come from kind, namespace and name, so they stay
 * stable when objects are added or removed around them.
 */
export function addObjects(scope: Construct, objects: readonly KubeObject[]): ApiObject[] {
  return objects.map((obj) => {
    const id = [obj.kind, obj.metadata.namespace, obj.metadata.name].filter(Boolean).join('-');
    const { apiVersion, kind, metadata, ...rest } = obj;
    return new ApiObject(scope, id, { apiVersion, kind, metadata, ...rest });
  });
}
