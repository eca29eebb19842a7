import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ControlPlaneSpec, DataPlaneSpec } from '../core/model/platform';
import { distinctProblems, ValidationError, type Problem } from '../core/problems';
import { withoutRepeatsOfMissing } from '../core/validation/required';

/** When a component's children are created: planes, then their wiring, then what runs on them. */
export enum Phase {
  PLANE = 0,
  WIRING = 1,
  CLUSTER = 2,
  OPERATION = 3,
}

/** A plane as the whole-program checks see it. */
export type PlaneDeclaration =
  | { readonly role: 'control-plane'; readonly spec: ControlPlaneSpec; readonly provider: k8s.Provider | undefined }
  | { readonly role: 'data-plane'; readonly spec: DataPlaneSpec; readonly provider: k8s.Provider | undefined; readonly controlPlane: pulumi.ComponentResource | undefined };

/** A component as its program knows it: checked together with all others, then asked for its children. */
export interface Declaration {
  readonly component: pulumi.ComponentResource;
  readonly type: string;
  readonly name: string;
  readonly parent: pulumi.Resource | undefined;
  /** Set for ControlPlane and DataPlane. */
  readonly plane?: PlaneDeclaration;
  /** Registers its children, by phase; called only when the whole batch is valid. */
  readonly create: Partial<Record<Phase, () => void>>;
  /** Its own problems, found when checked with everything declared so far. */
  problems(): Problem[];
}

/** Problems only visible across components: the platform, shared providers, duplicate names. */
export type ProgramCheck = (declarations: readonly Declaration[]) => Problem[];

const FIRST_BATCH = "no Kubernetes resource of these components was registered (the component resources themselves, providers and the program's other resources may have been)";
const LATER_BATCH = 'no Kubernetes resource of the components declared since the last check was registered (those of components checked before were)';

/**
 * The mission-control components of one Pulumi program. A component registers its own
 * resource when constructed, but its children only once every component declared in the same
 * synchronous stretch of the program has been checked: problems of all of them are reported
 * in one ValidationError, before any of their Kubernetes resources exist. A program that
 * awaits between declarations is checked in several batches, each with everything before it.
 */
export class Program {
  readonly declarations: Declaration[] = [];
  private readonly checks: ProgramCheck[] = [];
  private batch: Declaration[] = [];
  private outcome: Promise<void> | undefined;
  private created = false;

  /** Adds a check of the whole program, once per kind (by identity). */
  addCheck(check: ProgramCheck): void {
    if (!this.checks.includes(check)) this.checks.push(check);
  }

  /** Declares a component; settles when its batch is checked and its children are registered. */
  declare(declaration: Declaration): Promise<void> {
    this.declarations.push(declaration);
    this.batch.push(declaration);
    this.outcome ??= this.scheduleCheck();
    return this.outcome;
  }

  private scheduleCheck(): Promise<void> {
    // The engine waits for the batch: its children are registered after the program body returned.
    const done = pulumi.runtime.rpcKeepAlive();
    return new Promise<void>((resolve, reject) => {
      // A macrotask: every component of the program's synchronous body is declared by then.
      setImmediate(() => {
        try {
          this.checkAndCreate();
          resolve();
        } catch (e) {
          reject(e);
        } finally {
          done();
        }
      });
    });
  }

  private checkAndCreate(): void {
    const batch = this.batch;
    this.batch = [];
    this.outcome = undefined;
    const problems = [...this.checks.flatMap((check) => check(this.declarations)), ...batch.flatMap((d) => d.problems())];
    const distinct = distinctProblems(withoutRepeatsOfMissing(problems));
    if (distinct.length > 0) throw new ValidationError(distinct, this.created ? LATER_BATCH : FIRST_BATCH);
    this.created = true;
    for (const phase of [Phase.PLANE, Phase.WIRING, Phase.CLUSTER, Phase.OPERATION]) {
      for (const d of batch) d.create[phase]?.();
    }
  }
}

const programs = new WeakMap<object, Program>();
const withoutEngine = {};

/**
 * The program of the current Pulumi run. Each run (and each `setMocks` call in tests) has
 * its own resource monitor; a process constructing components without one shares one program.
 */
export function currentProgram(): Program {
  const key = pulumi.runtime.getMonitor() ?? withoutEngine;
  let program = programs.get(key);
  if (!program) {
    program = new Program();
    programs.set(key, program);
  }
  return program;
}
