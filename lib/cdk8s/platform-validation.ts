import type { Construct, IConstruct } from 'constructs';
import type { Problem } from '../core/problems';

/** A construct that contributes problems to the app-wide validation pass. */
export interface ProblemSource {
  /** Problems found in this construct's resolved model; empty when it is valid. */
  problems(): Problem[];
}

const PROBLEM_SOURCE = Symbol.for('mission-control-constructs.ProblemSource');

/** Registers a construct whose `problems()` the app collects before writing anything. */
export function registerProblemSource(construct: Construct & ProblemSource): void {
  Object.defineProperty(construct, PROBLEM_SOURCE, { value: true });
}

export function isProblemSource(x: IConstruct): x is IConstruct & ProblemSource {
  return PROBLEM_SOURCE in x;
}
