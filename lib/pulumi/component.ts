import * as pulumi from '@pulumi/pulumi';
import { ChildNames } from './child-names';
import { currentProgram, type Declaration } from './program';
import { duplicateNames, platformProblems, sharedProviders } from './program-checks';

/** What a component tells its program, beyond what the base class knows. */
export type ComponentDeclaration = Omit<Declaration, 'component' | 'type' | 'name' | 'parent'>;

/**
 * A mission-control component: registered when constructed, its children once the program's
 * components are checked together (see `Program`). Depending on the component (`dependsOn:
 * [cluster]`) waits for its children, as with any Pulumi component.
 */
export abstract class MissionControlComponent extends pulumi.ComponentResource {
  /**
   * Settles when the program's components have been checked and this one's children
   * registered; rejects with the ValidationError listing every problem otherwise.
   */
  public readonly ready: Promise<void>;
  /** Names of this component's children. */
  protected readonly names: ChildNames;
  private declared: Promise<void> | undefined;

  protected constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    this.names = new ChildNames(name);
    this.ready = this.getData().then(() => undefined);
  }

  /** Pulumi runs this within `super()`; its result is what depending on the component waits for. */
  protected async initialize(): Promise<undefined> {
    // The subclass constructor declares the component after super() returns.
    await Promise.resolve();
    await this.declared;
    return undefined;
  }

  /** Declares the component to its program: called once, at the end of the subclass constructor. */
  protected declare(type: string, name: string, opts: pulumi.ComponentResourceOptions, declaration: ComponentDeclaration): void {
    const program = currentProgram();
    for (const check of [duplicateNames, platformProblems, sharedProviders]) program.addCheck(check);
    this.declared = program.declare({ ...declaration, component: this, type, name, parent: opts.parent });
  }
}
