import { problem, show, type Problem } from '../problems';

/** What a required prop must hold, as checked at run time for callers without TypeScript. */
export type RequiredKind = 'string' | 'list' | 'number' | 'object';

/** One required prop: its name, the kind of value it takes, and how to give it. */
export interface RequiredProp {
  readonly key: string;
  readonly kind: RequiredKind;
  readonly fix: string;
}

const KIND_NAMES: Record<RequiredKind, string> = { string: 'a string', list: 'a list', number: 'a number', object: 'an object' };

function hasKind(value: unknown, kind: RequiredKind): boolean {
  if (kind === 'list') return Array.isArray(value);
  if (kind === 'object') return value !== null && typeof value === 'object';
  return typeof value === kind;
}

// Identity, not text, marks these: other problems on the same prop are dropped beside them.
const MISSING = new WeakSet<Problem>();

/**
 * Problems for required props that are absent or of the wrong kind. Plain JavaScript callers
 * reach the constructs without the compiler's check; they get these instead of a TypeError.
 */
export function requiredProps(path: string, input: unknown, props: readonly RequiredProp[]): Problem[] {
  const values = (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const { key, kind, fix } of props) {
    const value = values[key];
    if (hasKind(value, kind)) continue;
    const message = value === undefined || value === null ? `${key} is required but missing (${show(value)})` : `${key} must be ${KIND_NAMES[kind]}, not ${show(value)}`;
    const p = problem(`${path}/${key}`, message, fix);
    MISSING.add(p);
    problems.push(p);
  }
  return problems;
}

/**
 * Keeps a missing prop's problem and drops the others about the same prop (or below it):
 * with `zones` missing, "no zones given" would only say it again, less clearly.
 */
export function withoutRepeatsOfMissing(problems: readonly Problem[]): Problem[] {
  const missing = problems.filter((p) => MISSING.has(p)).map((p) => p.path);
  return problems.filter((p) => MISSING.has(p) || !missing.some((m) => p.path === m || p.path.startsWith(`${m}/`) || p.path.startsWith(`${m}[`)));
}

/** The value if it is a string, else '' (reported by requiredProps). */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The value if it is a list, else [] (reported by requiredProps). */
export const list = <T>(value: readonly T[] | undefined): T[] => (Array.isArray(value) ? [...value] : []);
