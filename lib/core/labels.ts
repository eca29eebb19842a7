import { LABEL_PREFIX } from './api-group';

/** The recommended `app.kubernetes.io/*` labels, plus the plane an object belongs to. */
export function componentLabels(name: string, component: string, partOf = 'mission-control'): Record<string, string> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': 'mission-control-constructs',
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': partOf,
  };
}

/**
 * The label our operator Deployments select their pods by. Not one of the recommended
 * `app.kubernetes.io/*` labels: k8ssandra-operator puts `app.kubernetes.io/name: k8ssandra-operator`
 * on the Reaper and Stargate pods it creates, so a selector on those labels would count them
 * as operator pods. No upstream code writes keys in this project's domain.
 */
export const OPERATOR_SELECTOR_LABEL = `${LABEL_PREFIX}/operator`;

/**
 * Pod selector labels. Kept to the stable name only: a Deployment's selector is immutable,
 * so it must never depend on versions or construct paths.
 */
export function selectorLabels(name: string): Record<string, string> {
  return { [OPERATOR_SELECTOR_LABEL]: name };
}
