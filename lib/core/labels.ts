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
 * Pod selector labels. Kept to the stable name only: a Deployment's selector is immutable,
 * so it must never depend on versions or construct paths.
 */
export function selectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name };
}
