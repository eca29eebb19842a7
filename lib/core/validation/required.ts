import { problem, show, type Problem } from '../problems';

/** What a required prop must hold, as checked at run time for callers without TypeScript. */
export type RequiredKind = 'string' | 'list' | 'number' | 'boolean' | 'object';

/** One prop checked at run time: its name, the kind of value it takes, and how to give it. */
export interface RequiredProp {
  readonly key: string;
  readonly kind: RequiredKind;
  readonly fix: string;
}

const KIND_NAMES: Record<RequiredKind, string> = { string: 'a string', list: 'a list', number: 'a number', boolean: 'true or false', object: 'an object' };

function hasKind(value: unknown, kind: RequiredKind): boolean {
  if (kind === 'list') return Array.isArray(value);
  if (kind === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value);
  return typeof value === kind;
}

// Identity, not text, marks these: other problems on the same prop are dropped beside them.
const MISSING = new WeakSet<Problem>();

/** The props of a construct's input as given; anything that is not an object has none. */
export const valuesOf = (input: unknown) => (input !== null && typeof input === 'object' ? input : {}) as Record<string, unknown>;

function kindProblem(path: string, key: string, value: unknown, kind: RequiredKind, fix: string): Problem {
  const message = value === undefined || value === null ? `${key} is required but missing (${show(value)})` : `${key} must be ${KIND_NAMES[kind]}, not ${show(value)}`;
  const p = problem(`${path}/${key}`, message, fix);
  MISSING.add(p);
  return p;
}

/**
 * Problems for required props that are absent or of the wrong kind. Plain JavaScript callers
 * reach the constructs without the compiler's check; they get these instead of a TypeError.
 */
export function requiredProps(path: string, input: unknown, props: readonly RequiredProp[]): Problem[] {
  const values = valuesOf(input);
  return props.filter(({ key, kind }) => !hasKind(values[key], kind)).map(({ key, kind, fix }) => kindProblem(path, key, values[key], kind, fix));
}

/**
 * Problems for optional props given with the wrong kind of value, e.g. a string where a list
 * goes: unchecked, a string would be read character by character. `null` counts as not given,
 * as the defaults (`??`) take it.
 */
export function optionalProps(path: string, input: unknown, props: readonly RequiredProp[]): Problem[] {
  const values = valuesOf(input);
  return props.filter(({ key, kind }) => values[key] != null && !hasKind(values[key], kind)).map(({ key, kind, fix }) => kindProblem(path, key, values[key], kind, fix));
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

/** The value if it is a list, else [] (reported by requiredProps or optionalProps). */
export const list = <T>(value: readonly T[] | undefined): T[] => (Array.isArray(value) ? [...value] : []);
