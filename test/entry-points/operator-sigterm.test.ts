import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { OPERATOR, spawnEntry } from './entry';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'mcc-operator-sigterm-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A port nothing listens on, so the operator stays in start-up, retrying its first list. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function unreachableKubeconfig(): Promise<string> {
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': [{ name: 'c', cluster: { 'server': `https://127.0.0.1:${await closedPort()}`, 'insecure-skip-tls-verify': true } }],
    'users': [{ name: 'u', user: { token: 'unused' } }],
    'contexts': [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'c',
  }));
  return path;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

function logLine(child: ChildProcess, msg: string): Promise<void> {
  return new Promise((r) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.split('\n').some((l) => l.includes(`"msg":"${msg}"`))) r();
    });
  });
}

test.each([[[]], [['--leader-elect']]])('SIGTERM before the control plane answers: exit 0 (flags %j)', async (flags: string[]) => {
  const child = spawnEntry(OPERATOR, ['--namespace', 'mission-control', '--kubeconfig', await unreachableKubeconfig(), '--metrics-bind-address', '0', '--health-probe-bind-address', '0', ...flags]);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = exitOf(child);
  await logLine(child, 'starting');
  child.kill('SIGTERM');
  expect(await exited).toEqual({ code: 0, signal: null });
  expect(stderr).toBe('');
}, 60_000);
