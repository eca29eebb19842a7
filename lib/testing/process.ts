import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, existsSync } from 'node:fs';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// util-linux `setpriv --pdeathsig` makes the kernel kill the child when this process dies, even
// by SIGKILL (a CI timeout, a crashed Jest worker), where no JavaScript exit hook can run.
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

// Second line of defence for a normal exit without stop(). Inside Jest `process` is a sandboxed
// copy whose 'exit' never fires, hence the pdeathsig wrapper above.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

/** Whether a process with this id exists (owned by anyone). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link ManagedProcess}. */
export interface ManagedProcessOptions {
  /**
   * The child's whole environment.
   * @default this process's environment
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Start the child as the leader of a new process group and send signals to the whole group,
   * so a wrapper (a PID-namespace init, `ip netns exec`) passes SIGTERM to the real process.
   * @default false
   */
  readonly processGroup?: boolean;
}

function signal(child: ChildProcess, sig: NodeJS.Signals, group: boolean): void {
  try {
    if (group && child.pid !== undefined) process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    // Already gone.
  }
}

/** A long-running child process whose stdout and stderr are appended to one log file. */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;
  private exitCode: number | null | undefined;

  constructor(
    readonly label: string,
    private readonly binary: string,
    private readonly args: readonly string[],
    readonly logPath: string,
    private readonly options: ManagedProcessOptions = {},
  ) {}

  /** Process id while running. */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** Whether the process was started and has not exited. */
  get running(): boolean {
    return this.child !== undefined && this.exitCode === undefined;
  }

  /** Exit code (or null when killed by a signal) once the process has ended. */
  get exitStatus(): number | null | undefined {
    return this.exitCode;
  }

  /** Starts the process, appending its output to `logPath`; throws if it runs already. */
  start(): void {
    if (this.running) throw new Error(`${this.label} is already running`);
    installExitHook();
    // Appending keeps the log of a previous run of the same process (restart tests).
    const fd = openSync(this.logPath, 'a');
    let child: ChildProcess;
    try {
      child = SETPRIV
        ? spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', this.binary, ...this.args], { stdio: ['ignore', fd, fd], env: this.options.env, detached: this.options.processGroup })
        : spawn(this.binary, [...this.args], { stdio: ['ignore', fd, fd], env: this.options.env, detached: this.options.processGroup });
    } finally {
      closeSync(fd);
    }
    this.child = child;
    this.exitCode = undefined;
    live.add(child);
    this.exited = new Promise((resolve) => {
      const done = (code: number | null) => {
        live.delete(child);
        if (this.child === child) this.exitCode = code;
        resolve(code);
      };
      child.once('exit', (code) => done(code));
      child.once('error', () => done(-1));
    });
  }

  /** Sends a signal without waiting (SIGKILL by default: a crash, an OOM kill). */
  kill(sig: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running && this.child) signal(this.child, sig, this.options.processGroup ?? false);
  }

  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited || this.exitCode !== undefined) return;
    signal(child, 'SIGTERM', this.options.processGroup ?? false);
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    if (timer) clearTimeout(timer);
    if (killed) {
      signal(child, 'SIGKILL', this.options.processGroup ?? false);
      await exited;
    }
  }

  /** Last `lines` lines of the log file. */
  tail(lines = 40): string {
    if (!existsSync(this.logPath)) return '';
    const all = readFileSync(this.logPath, 'utf8').split('\n');
    if (all.length && all[all.length - 1] === '') all.pop();
    return all.slice(-lines).join('\n');
  }
}
