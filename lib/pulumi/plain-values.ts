import * as pulumi from '@pulumi/pulumi';
import { problem, type Problem } from '../core/problems';

/** Why a prop cannot wait for a value, said once for every such prop. */
const WHY = 'the component validates it, and names and places objects with it, when it is constructed, before any Output has a value';
const FIX = 'pass a plain value: read configuration with config.require() or config.get() (not requireSecret or getSecret, whose values are Outputs), and name Secrets and other referenced objects yourself instead of taking the name from the resource';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function notPlain(value: unknown): string | undefined {
  if (pulumi.Output.isInstance(value)) return 'a pulumi.Output';
  if (pulumi.isUnknown(value)) return 'unknown during preview (it comes from a resource that does not exist yet)';
  if (value instanceof Promise) return 'a Promise';
  return undefined;
}

/** The args with every Output, Promise or unknown value left out, and a problem for each. */
export interface PlainArgs<T> {
  readonly args: T;
  readonly problems: Problem[];
}

/**
 * Finds values that are not plain (Outputs, Promises, preview unknowns) in plain objects and
 * lists of the args; resources and other class instances (the planes, providers, CrdSource)
 * are taken as they are. Each such value becomes one problem at its path and is left out, so
 * that the remaining checks see a missing value instead of an object they cannot read.
 */
export function plainArgs<T>(path: string, args: T): PlainArgs<T> {
  const problems: Problem[] = [];
  const walk = (value: unknown, at: string): unknown => {
    const what = notPlain(value);
    if (what) {
      problems.push(problem(`${path}/${at}`, `${at} is ${what}, but it must be a plain value: ${WHY}`, FIX));
      return undefined;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${at}[${i}]`));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, at ? `${at}/${k}` : k)]));
    return value;
  };
  if (notPlain(args)) {
    return { args: undefined as T, problems: [problem(path, `the args are ${notPlain(args)}, but they must be a plain object: ${WHY}`, FIX)] };
  }
  return { args: walk(args, '') as T, problems };
}

/** Drops problems about a prop that was not plain: they would describe the missing value, not the real one. */
export function withoutRepeatsOfNotPlain(notPlainProblems: readonly Problem[], problems: readonly Problem[]): Problem[] {
  const paths = notPlainProblems.map((p) => p.path);
  return [...notPlainProblems, ...problems.filter((p) => !paths.some((at) => p.path === at || p.path.startsWith(`${at}/`) || p.path.startsWith(`${at}[`)))];
}
