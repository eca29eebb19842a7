import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { systemTool } from './system-tools';

const execFileAsync = promisify(execFile);

/** Runs iproute2's `ip`; a failure names the command and what `ip` said. */
export async function ip(...args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(systemTool('ip'), args);
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`ip ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}
