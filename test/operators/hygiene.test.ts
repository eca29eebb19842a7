import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { alive } from './support/processes';
import { listNamespaces, sweepOrphanedRuns } from '../../lib/testing';

/**
 * A test run leaves nothing behind: every process the harness started (API servers,
 * controller-managers, relays, the operators below their PID-namespace init), every network
 * namespace and every temporary directory is gone after a normal stop, after SIGTERM or SIGINT,
 * and after the test process is killed outright (its processes die with it; its namespaces and
 * directories are swept by the next run).
 */
interface Started {
  pids: number[];
  namespaces: string[];
  rootDir: string;
}

const HOLD = join(__dirname, 'support', 'hold-platform.ts');

function startHolder(): { child: ChildProcess; started: Promise<Started> } {
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '..', '..', 'tsconfig.json'), HOLD], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const started = new Promise<Started>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Started);
    });
    child.once('exit', (code, sig) => reject(new Error(`holder exited (${code ?? sig}) before it was ready:\n${stderr.slice(-3000)}`)));
  });
  return { child, started };
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Service ClusterIPs a harness process added to the loopback device (labelled with its pid). */
const serviceAddressesOf = (pid: number) => execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' })
  .split('\n').filter((l) => l.includes(`lo:mcc${pid}\\`) || l.trimEnd().endsWith(`lo:mcc${pid}`));

const exited = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve();
  else child.once('exit', () => resolve());
});

// The two run side by side: each holder owns its own processes, namespaces and directories, and
// a live holder's are never swept by another's start-up.
/** Runs `check` with a holder; a failed check still ends the holder (its open pipes would keep Jest from exiting). */
async function withHolder(check: (child: ChildProcess, state: Started) => Promise<void>): Promise<void> {
  const { child, started } = startHolder();
  try {
    await check(child, await started);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
      await sweepOrphanedRuns();
    }
  }
}

test.concurrent.each(['SIGTERM', 'SIGINT'] as const)('%s: the harness stops everything it started before the process ends', (sig) => withHolder(async (child, state) => {
  // API servers, etcd, controller-manager, relays, both operators below their inits.
  expect(state.pids.length).toBeGreaterThan(10);
  expect(alive(state.pids)).toEqual(state.pids);
  expect(state.namespaces.length).toBeGreaterThanOrEqual(3);
  // The webhook and metrics Services of both operators.
  expect(serviceAddressesOf(child.pid!).length).toBeGreaterThanOrEqual(2);
  child.kill(sig);
  await exited(child);
  expect(alive(state.pids)).toEqual([]);
  expect(serviceAddressesOf(child.pid!)).toEqual([]);
  const left = await listNamespaces();
  expect(state.namespaces.filter((n) => left.includes(n))).toEqual([]);
  expect(existsSync(state.rootDir)).toBe(false);
}), 400_000);

test('SIGKILL: the processes die with the test process, and the next run sweeps its namespaces and Service addresses', () => withHolder(async (child, state) => {
  child.kill('SIGKILL');
  await exited(child);
  // The kernel delivers the parent-death signals; nothing of the killed run keeps running.
  await until('every process of the killed run to end', 20_000, () => alive(state.pids).length === 0);
  expect((await listNamespaces()).filter((n) => state.namespaces.includes(n)).length).toBeGreaterThan(0);
  expect(existsSync(state.rootDir)).toBe(true);
  const left = serviceAddressesOf(child.pid!).length;
  expect(left).toBeGreaterThanOrEqual(2);
  const swept = await sweepOrphanedRuns();
  expect(swept.namespaces.sort()).toEqual([...state.namespaces].sort());
  expect(swept.serviceAddresses.length).toBeGreaterThanOrEqual(left);
  expect((await listNamespaces()).filter((n) => state.namespaces.includes(n))).toEqual([]);
  expect(serviceAddressesOf(child.pid!)).toEqual([]);
  expect(existsSync(state.rootDir)).toBe(false);
}), 400_000);
