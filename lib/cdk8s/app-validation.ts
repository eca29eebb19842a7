import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IConstruct } from 'constructs';
import { CONTROL_PLANE_BRAND, DATA_PLANE_BRAND, hasBrand } from './brand';
import { isProblemSource } from './platform-validation';
import type { ControlPlaneSpec, DataPlaneSpec } from '../core/model/platform';
import { assertNoProblems, distinctProblems, problem, type Problem } from '../core/problems';
import { withoutRepeatsOfMissing } from '../core/validation/required';
import { validatePlatform } from '../core/validation/validate-platform';

const REGISTERED = Symbol.for('mission-control-constructs.AppValidation');
/** Trees whose problems are being collected: the hook then stays out of its own pass. */
const collecting = new WeakSet<IConstruct>();

type Plane<S> = IConstruct & { readonly spec: S };

/**
 * Every problem in the tree: the platform layout, each construct's own problems (input,
 * clusters), and any other validation added to a construct. `perConstruct` adds rules of a
 * particular app. Reported once each, a missing prop without the problems it causes.
 */
export function collectProblems(root: IConstruct, perConstruct: (c: IConstruct) => Problem[] = () => []): Problem[] {
  collecting.add(root);
  try {
    const all = root.node.findAll();
    const problems = validatePlatform({
      controlPlanes: all.filter((c): c is Plane<ControlPlaneSpec> => hasBrand(c, CONTROL_PLANE_BRAND)).map((c) => c.spec),
      dataPlanes: all.filter((c): c is Plane<DataPlaneSpec> => hasBrand(c, DATA_PLANE_BRAND)).map((c) => c.spec),
    });
    for (const c of all) {
      problems.push(...perConstruct(c));
      if (isProblemSource(c)) problems.push(...c.problems());
      for (const message of c.node.validate()) problems.push(problem(c.node.path || 'app', message, 'see the message'));
    }
    return distinctProblems(withoutRepeatsOfMissing(problems));
  } finally {
    collecting.delete(root);
  }
}

/**
 * Registers the platform's validation, once per construct tree, on its root. cdk8s runs every
 * construct's validations in `App.synth()`, `synthYaml()` and `Chart.toJson()` (so also
 * `Testing.synth` and the `cdk8s synth` CLI), before it writes any file: a plain `App`
 * with these constructs fails with the same ValidationError as a MissionControlApp.
 */
export function ensureAppValidation(scope: IConstruct): void {
  const root = scope.node.root;
  if (REGISTERED in root) return;
  Object.defineProperty(root, REGISTERED, { value: true });
  const outdir = (root as { outdir?: unknown }).outdir;
  const createdBySynth = typeof outdir === 'string' && !existsSync(outdir) ? resolve(outdir) : undefined;
  root.node.addValidation({
    validate: () => {
      if (collecting.has(root)) return [];
      const problems = collectProblems(root);
      if (problems.length > 0 && createdBySynth) removeIfEmpty(createdBySynth);
      assertNoProblems(problems);
      return [];
    },
  });
}

/** `App.synth()` creates its outdir before validating; an invalid app leaves no trace. */
function removeIfEmpty(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
}
