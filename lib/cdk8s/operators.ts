import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { addObjects } from './add-objects';
import { sizedAtSynthesis } from './app-loads';
import type { KubeObject } from '../core/kube-object';
import { cassOperator, type CassOperatorInput } from '../core/manifests/cass-operator';
import { k8ssandraOperator, type K8ssandraOperatorInput } from '../core/manifests/k8ssandra-operator';
import { missionControlOperator } from '../core/manifests/mission-control-operator';
import type { MissionControlOperatorProps, OperatorDeploymentProps } from '../core/model/operators';
import type { OperatorResources } from '../core/sizing/operator-sizing';

/** The objects, with the Deployment's resources sized at synthesis when `sized` is given. */
const sizedIf = (objects: KubeObject[], props: OperatorDeploymentProps, sized?: () => OperatorResources) =>
  (sized ? sizedAtSynthesis(objects, props, sized) : objects);

/** k8ssandra-operator with RBAC, webhooks and certificates, as upstream installs it. */
export class K8ssandraOperator extends Construct {
  /** The emitted objects, for escape-hatch patches (`addJsonPatch`). */
  public readonly apiObjects: ApiObject[];
  /** `sized`: requests and limits where the props set none, asked at synthesis (see the README's operator sizing). */
  constructor(scope: Construct, id: string, input: K8ssandraOperatorInput, sized?: () => OperatorResources) {
    super(scope, id);
    this.apiObjects = addObjects(this, sizedIf(k8ssandraOperator(input), input.props, sized));
  }
}

/** cass-operator with RBAC, webhooks and certificates, as upstream installs it. */
export class CassOperator extends Construct {
  /** Every object of the install; use them as escape hatches. */
  public readonly apiObjects: ApiObject[];
  /** `sized`: requests and limits where the props set none, asked at synthesis (see the README's operator sizing). */
  constructor(scope: Construct, id: string, input: CassOperatorInput, sized?: () => OperatorResources) {
    super(scope, id);
    this.apiObjects = addObjects(this, sizedIf(cassOperator(input), input.props, sized));
  }
}

/** The control-plane operator (this project's reconciler). */
export class MissionControlOperator extends Construct {
  /** Every object of the install; use them as escape hatches. */
  public readonly apiObjects: ApiObject[];
  /** `sized`: requests and limits where the props set none, asked at synthesis (see the README's operator sizing). */
  constructor(scope: Construct, id: string, props: { namespace: string; k8ssandraNamespace?: string } & MissionControlOperatorProps, sized?: () => OperatorResources) {
    super(scope, id);
    const { namespace, k8ssandraNamespace, ...operator } = props;
    this.apiObjects = addObjects(this, sizedIf(missionControlOperator(namespace, operator, k8ssandraNamespace), operator, sized));
  }
}
