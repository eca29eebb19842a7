import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { removeOrphanedRoots } from './api-servers';
import { orphanedNamespaces } from './network';
import { systemTool } from './system-tools';

const execFileAsync = promisify(execFile);

/**
 * Removes what killed test runs left: their temporary directories and network namespaces
 * (their processes died with them). Runs of live processes are never touched. Every harness
 * start does this; call it yourself after a crash to clean up at once.
 */
export async function sweepOrphanedRuns(): Promise<{ namespaces: string[] }> {
  removeOrphanedRoots();
  const namespaces = await orphanedNamespaces();
  for (const n of namespaces) await execFileAsync(systemTool('ip'), ['netns', 'delete', n]).catch(() => undefined);
  return { namespaces };
}
