import type * as pulumi from '@pulumi/pulumi';
import type { Declaration, PlaneDeclaration } from './program';
import { problem, show, type Problem } from '../core/problems';
import { validateDataPlane, validatePlatform } from '../core/validation/validate-platform';

type Plane<R extends PlaneDeclaration['role']> = Declaration & { readonly plane: Extract<PlaneDeclaration, { role: R }> };

const planesOf = <R extends PlaneDeclaration['role']>(declarations: readonly Declaration[], role: R) =>
  declarations.filter((d): d is Plane<R> => d.plane?.role === role);

/** Two components of one type and name under one parent would have the same URN. */
export function duplicateNames(declarations: readonly Declaration[]): Problem[] {
  const seen = new Map<pulumi.Resource | undefined, Set<string>>();
  const problems: Problem[] = [];
  for (const d of declarations) {
    const names = seen.get(d.parent) ?? new Set<string>();
    seen.set(d.parent, names);
    const key = `${d.type}::${d.name}`;
    if (names.has(key)) {
      problems.push(problem(d.name, `two ${d.type} components are named ${show(d.name)} under the same parent, so both would have the same URN`, 'give every component of a type its own name'));
    }
    names.add(key);
  }
  return problems;
}

/**
 * One control plane per program, and each platform checked as a whole, like a cdk8s app:
 * the control plane with every data plane registered with it.
 */
export function platformProblems(declarations: readonly Declaration[]): Problem[] {
  const controlPlanes = planesOf(declarations, 'control-plane');
  const dataPlanes = planesOf(declarations, 'data-plane');
  const problems: Problem[] = controlPlanes.slice(1).map((cp) =>
    problem(cp.name, `a Pulumi program holds one ControlPlane; ${show(cp.name)} is a second one, after ${show(controlPlanes[0].name)}`, 'keep one ControlPlane per program; deploy each further platform from a stack of its own'),
  );
  for (const cp of controlPlanes) {
    const own = dataPlanes.filter((dp) => dp.plane.controlPlane === cp.component).map((dp) => dp.plane.spec);
    problems.push(...validatePlatform({ controlPlanes: [cp.plane.spec], dataPlanes: own }));
  }
  for (const dp of dataPlanes) if (!dp.plane.controlPlane) problems.push(...validateDataPlane(dp.plane.spec));
  return problems;
}

/** The cluster a plane deploys to: a data plane sharing the control plane's is that one. */
function clusterOf(d: Plane<PlaneDeclaration['role']>): unknown {
  if (d.plane.role === 'control-plane') return d.component;
  return d.plane.spec.inControlPlaneCluster && d.plane.controlPlane ? d.plane.controlPlane : d.component;
}

/**
 * A provider object targets one cluster. Two planes in different clusters sharing it would
 * both deploy to whichever cluster its kubeconfig names, one of them over the other.
 */
export function sharedProviders(declarations: readonly Declaration[]): Problem[] {
  const planes = declarations.filter((d): d is Plane<PlaneDeclaration['role']> => d.plane !== undefined && d.plane.provider !== undefined);
  const problems: Problem[] = [];
  planes.forEach((d, i) => {
    const earlier = planes.slice(0, i).find((o) => o.plane.provider === d.plane.provider && clusterOf(o) !== clusterOf(d));
    if (!earlier) return;
    problems.push(
      problem(
        `${d.name}/provider`,
        `${d.type.split(':').pop()} ${show(d.name)} is given the same provider object as ${earlier.type.split(':').pop()} ${show(earlier.name)}, but they are different clusters; both would deploy to the one cluster the provider points at`,
        `give ${show(d.name)} a provider of its own cluster; only a DataPlane with inControlPlaneCluster: true may share the ControlPlane's provider`,
      ),
    );
  });
  return problems;
}
