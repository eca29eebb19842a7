import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PulumiAssets } from './kube-assets';

/** Options of {@link PulumiStack.create}. */
export interface PulumiStackOptions {
  /** The Pulumi project: the folder with `Pulumi.yaml` and the program (its dependencies installed). */
  readonly projectDir: string;
  /** The CLI, language host and provider (see `resolvePulumiAssets`). */
  readonly assets: PulumiAssets;
  /** Folder for the file backend's state and the CLI's home (plugins, credentials). */
  readonly stateDir: string;
  /**
   * Stack name.
   * @default 'test'
   */
  readonly stack?: string;
  /**
   * Passphrase of the stack's secrets provider.
   * @default 'mission-control-constructs-test'
   */
  readonly passphrase?: string;
  /**
   * Node.js the language host runs the program with (its folder goes first on `PATH`).
   * @default the Node running this process
   */
  readonly node?: string;
  /**
   * Limit of each CLI command, in milliseconds.
   * @default 1_200_000 (20 minutes)
   */
  readonly timeoutMs?: number;
}

/** What one CLI command printed. */
export interface PulumiRun {
  /** The CLI's arguments. */
  readonly args: readonly string[];
  /** Everything it printed to stdout. */
  readonly stdout: string;
  /** Everything it printed to stderr. */
  readonly stderr: string;
  /** How long it ran, in milliseconds. */
  readonly ms: number;
}

/** Resource change counts of one update, as `pulumi stack history` records them. */
export type ResourceChanges = Partial<Record<'create' | 'update' | 'delete' | 'same' | 'replace', number>>;

/** One entry of `pulumi stack history --json`, the fields read here. */
export interface StackUpdate {
  /** `update`, `refresh`, `destroy`, ... */
  readonly kind: string;
  /** `succeeded`, `failed` or `in-progress`. */
  readonly result: string;
  /**
   * Resources by what happened to them.
   * @default - absent when the operation recorded none
   */
  readonly resourceChanges?: ResourceChanges;
}

/** A failed CLI command, with what it printed. */
export class PulumiCommandError extends Error {
  constructor(readonly run: PulumiRun, readonly exitCode: number | string | undefined) {
    super(`pulumi ${run.args.join(' ')} failed (exit ${exitCode}) after ${Math.round(run.ms / 1000)} s\n${tail(run.stdout)}\n${tail(run.stderr)}`);
  }
}

const tail = (text: string, lines = 80) => text.trimEnd().split('\n').slice(-lines).join('\n');

/**
 * A stack of a real Pulumi program on the local file backend, driven through the real CLI,
 * language host and provider: what `pulumi up` does to the simulated platform's clusters is
 * what it does to real ones. Plugin downloads are off (the provider is taken from `PATH`).
 */
export class PulumiStack {
  /** Logs in to a file backend inside `stateDir` and creates the stack. */
  static async create(options: PulumiStackOptions): Promise<PulumiStack> {
    const stack = new PulumiStack(options);
    mkdirSync(join(options.stateDir, 'backend'), { recursive: true });
    mkdirSync(join(options.stateDir, 'home'), { recursive: true });
    await stack.run(['stack', 'init', stack.name, '--secrets-provider', 'passphrase']);
    return stack;
  }

  /** Stack name. */
  readonly name: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(private readonly options: PulumiStackOptions) {
    this.name = options.stack ?? 'test';
    const node = options.node ?? process.execPath;
    this.env = {
      ...process.env,
      PATH: [options.assets.dir, dirname(node), process.env.PATH ?? ''].join(':'),
      PULUMI_HOME: join(options.stateDir, 'home'),
      PULUMI_BACKEND_URL: `file://${join(options.stateDir, 'backend')}`,
      PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? 'mission-control-constructs-test',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      // Nothing may be downloaded: the provider on PATH is the one under test.
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_SKIP_CONFIRMATIONS: 'true',
      NO_COLOR: '1',
    };
  }

  /** Sets a config value (`--secret` keeps it encrypted in the stack's settings). */
  async config(key: string, value: string, secret = false): Promise<void> {
    await this.run(['config', 'set', ...(secret ? ['--secret'] : []), key, '--', value]);
  }

  /** Removes a config value. */
  async removeConfig(key: string): Promise<void> {
    await this.run(['config', 'rm', key]);
  }

  /** `pulumi up --yes`; `expectNoChanges` makes any change a failure. */
  up(options: { expectNoChanges?: boolean } = {}): Promise<PulumiRun> {
    return this.run(['up', '--yes', '--skip-preview', ...(options.expectNoChanges ? ['--expect-no-changes'] : [])]);
  }

  /** `pulumi refresh --yes`; `expectNoChanges` makes any drift a failure. */
  refresh(options: { expectNoChanges?: boolean } = {}): Promise<PulumiRun> {
    return this.run(['refresh', '--yes', '--skip-preview', ...(options.expectNoChanges ? ['--expect-no-changes'] : [])]);
  }

  /** `pulumi destroy --yes`. */
  destroy(): Promise<PulumiRun> {
    return this.run(['destroy', '--yes', '--skip-preview']);
  }

  /** The stack's updates, newest first. */
  async history(): Promise<StackUpdate[]> {
    const run = await this.run(['stack', 'history', '--json', '--show-secrets=false']);
    return JSON.parse(run.stdout) as StackUpdate[];
  }

  /** The stack's outputs. */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.run(['stack', 'output', '--json'])).stdout) as Record<string, unknown>;
  }

  /** Runs the CLI in the project with the stack selected; rejects with {@link PulumiCommandError}. */
  run(args: readonly string[]): Promise<PulumiRun> {
    const flags = ['--non-interactive', ...(args[0] === 'stack' && args[1] === 'init' ? [] : ['--stack', this.name])];
    // Flags go before `--`: what follows it is positional (a config value).
    const end = args.indexOf('--');
    const full = end < 0 ? [...args, ...flags] : [...args.slice(0, end), ...flags, ...args.slice(end)];
    const started = Date.now();
    return new Promise((resolve, reject) => {
      execFile(this.options.assets.pulumi, full, {
        cwd: this.options.projectDir,
        env: this.env,
        timeout: this.options.timeoutMs ?? 1_200_000,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
      }, (err, stdout, stderr) => {
        const run = { args: full, stdout, stderr, ms: Date.now() - started };
        if (err) reject(new PulumiCommandError(run, (err as NodeJS.ErrnoException & { code?: number | string }).code ?? err.signal ?? undefined));
        else resolve(run);
      });
    });
  }
}
