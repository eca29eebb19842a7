/** One thing wrong with the input, said so that the user can fix it without reading code. */
export interface Problem {
  /** Where: the construct path (cdk8s) or resource name (Pulumi) and the property. */
  readonly path: string;
  /** What is wrong, naming the offending value. */
  readonly message: string;
  /** What to do instead. */
  readonly fix: string;
}

export function problem(path: string, message: string, fix: string): Problem {
  return { path, message, fix };
}

/** Renders a value for an error message so that empty strings and objects stay visible. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/** Renders a value by its kind: for a construct or a resource, its JSON would be the whole graph, if any. */
export function showKind(value: unknown): string {
  if (value === null || typeof value !== 'object') return show(value);
  if (Array.isArray(value)) return 'a list';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'a plain object';
}

/**
 * Drops repeats of the same path, message and fix. A setting inherited by several DCs (the
 * cluster's storage, config or resources) is checked once per DC, where it takes effect, but
 * is written once, at the cluster path: one problem per place to edit reads best.
 */
export function distinctProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.path, p.message, p.fix]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What synthesis leaves behind when it fails validation. */
export const NOTHING_WRITTEN = 'nothing was written';

/** Every problem found in one pass, reported together. */
export class ValidationError extends Error {
  /** `outcome` says what was (not) done; the default holds for synthesis, which validates before writing. */
  static format(problems: readonly Problem[], outcome: string = NOTHING_WRITTEN): string {
    const lines = problems.map((p, i) => `  ${i + 1}. [${p.path}] ${p.message}\n     Fix: ${p.fix}`);
    return `Validation failed with ${problems.length} problem${problems.length === 1 ? '' : 's'}; ${outcome}:\n${lines.join('\n')}`;
  }

  /** Every problem found, in the order the validators reported them. */
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], outcome: string = NOTHING_WRITTEN) {
    super(ValidationError.format(problems, outcome));
    this.name = 'ValidationError';
    this.problems = problems;
  }

}

/** Throws one ValidationError carrying all problems, if there are any. */
export function assertNoProblems(problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}
