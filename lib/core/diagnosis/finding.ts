import type { Layer, Symptom } from './layers';
import type { KubeObject } from '../kube-object';
import type { PlaneSnapshot } from './snapshot';

/** One problem found, the symptoms it explains and what to run next. */
export interface Finding {
  /** The symptoms a user would see because of it, most direct first. */
  readonly symptoms: readonly Symptom[];
  /** The operator layer involved. */
  readonly layer: Layer;
  /** The plane whose state shows it. */
  readonly plane: string;
  /** The object concerned, as `Kind namespace/name`. */
  readonly subject: string;
  /** Cassandra clusters it concerns; absent when it concerns everything the plane serves. */
  readonly clusters?: readonly string[];
  /** What was read that shows the problem: conditions, status fields, counts. */
  readonly evidence: readonly string[];
  /** Commands to run next, with names and the plane's context filled in. */
  readonly commands: readonly string[];
}

/** `Kind namespace/name` of an object. */
export const subjectOf = (obj: KubeObject): string => `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;

/** kubectl commands against one plane's context. */
export class Kubectl {
  constructor(private readonly plane: Pick<PlaneSnapshot, 'context'>) {}

  private base(namespace: string | undefined): string {
    return `kubectl --context ${this.plane.context}${namespace ? ` -n ${namespace}` : ''}`;
  }

  describe(resource: string, name: string, namespace?: string): string {
    return `${this.base(namespace)} describe ${resource}/${name}`;
  }

  logs(target: string, namespace: string, options: { container?: string; previous?: boolean } = {}): string {
    return `${this.base(namespace)} logs ${target}${options.container ? ` -c ${options.container}` : ''}${options.previous ? ' --previous' : ''} --tail=200`;
  }

  events(name: string, namespace: string): string {
    return `${this.base(namespace)} get events --field-selector involvedObject.name=${name} --sort-by=.lastTimestamp`;
  }

  get(resource: string, namespace?: string, extra = ''): string {
    return `${this.base(namespace)} get ${resource}${extra ? ` ${extra}` : ''}`;
  }
}
