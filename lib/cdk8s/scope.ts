import { Construct } from 'constructs';
import { problem, show, showKind, ValidationError, type Problem } from '../core/problems';

/** The scope of a construct as a message names it: its path, or the app for the root. */
function scopeName(scope: Construct): string {
  return scope.node.path ? `${show(scope.node.path)} (${showKind(scope)})` : 'the app';
}

/**
 * The scope, checked to be a construct. Without one, the new construct would be the root of a
 * tree of its own that no app synthesises, so no validation would ever report its problems:
 * this throws them instead, in the form validation reports them.
 */
export function constructScope<T>(scope: T, id: string, kind: string, expected: string, create: string): T {
  if (Construct.isConstruct(scope)) return scope;
  const p: Problem = problem(typeof id === 'string' && id ? id : show(id), `a ${kind} is created in a ${expected}, but its scope is ${showKind(scope)}`, `create it as ${create}`);
  throw new ValidationError([p], `the ${kind} was not created`);
}

/** The problem of a construct created in the wrong kind of scope, for the app's validation. */
export function scopeProblem(construct: Construct, kind: string, expected: string, create: string): Problem {
  const scope = construct.node.scope;
  return problem(construct.node.path, `the scope of a ${kind} must be a ${expected}, not ${scope ? scopeName(scope) : 'none'}`, `create it as ${create}`);
}
