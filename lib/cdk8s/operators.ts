import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { addObjects } from './add-objects';
import { cassOperator, type CassOperatorInput } from '../core/manifests/cass-operator';
import { k8ssandraOperator, type K8ssandraOperatorInput } from '../core/manifests/k8ssandra-operator';
import { missionControlOperator } from '../core/manifests/mission-control-operator';
import type { MissionControlOperatorProps } from '../core/model/operators';

/** k8ssandra-operator with RBAC, webhooks and certificates, as upstream installs it. */
export class K8ssandraOperator extends Construct {
  /** The emitted objects, for escape-hatch patches (`addJsonPatch`). */
  public readonly apiObjects: ApiObject[];
  constructor(scope: Construct, id: string, input: K8ssandraOperatorInput) {
    super(scope, id);
    this.apiObjects = addObjects(this, k8ssandraOperator(input));
  }
}

/** cass-operator with RBAC, webhooks and certificates, as upstream installs it. */
export class CassOperator extends Construct {
  /** Every object of the install; use them as escape hatches. */
  public readonly apiObjects: ApiObject[];
  constructor(scope: Construct, id: string, input: CassOperatorInput) {
    super(scope, id);
    this.apiObjects = addObjects(this, cassOperator(input));
  }
}

/** The control-plane operator (this project's reconciler). */
export class MissionControlOperator extends Construct {
  /** Every object of the install; use them as escape hatches. */
  public readonly apiObjects: ApiObject[];
  constructor(scope: Construct, id: string, props: { namespace: string; k8ssandraNamespace?: string } & MissionControlOperatorProps) {
    super(scope, id);
    const { namespace, k8ssandraNamespace, ...operator } = props;
    this.apiObjects = addObjects(this, missionControlOperator(namespace, operator, k8ssandraNamespace));
  }
}
