import { connect } from 'node:net';
import { ManagedProcess } from './process';
import { systemTool } from './system-tools';


/** One end of a relay, in socat's address syntax. */
export type RelayAddress =
  | { readonly tcpListen: number; readonly bind: string }
  | { readonly tcp: number; readonly host: string }
  | { readonly unixListen: string }
  | { readonly unix: string };

function socatAddress(a: RelayAddress): string {
  if ('tcpListen' in a) return `TCP-LISTEN:${a.tcpListen},bind=${a.bind},fork,reuseaddr`;
  if ('tcp' in a) return `TCP:${a.host}:${a.tcp}`;
  // unlink-early: a socket file left by a killed relay would make the bind fail.
  if ('unixListen' in a) return `UNIX-LISTEN:${a.unixListen},fork,unlink-early,mode=600`;
  return `UNIX-CONNECT:${a.unix}`;
}

/**
 * A socat relay, optionally inside a network namespace. Every connection accepted on `from` is
 * connected anew to `to`, so a `to` socket path that is a symlink can be re-pointed between
 * connections (the service proxy relies on it).
 */
export function relay(label: string, logPath: string, from: RelayAddress, to: RelayAddress, netns?: string): ManagedProcess {
  const socat = systemTool('socat');
  const args = ['-d', socatAddress(from), socatAddress(to)];
  return netns
    ? new ManagedProcess(label, systemTool('ip'), ['netns', 'exec', netns, socat, ...args], logPath)
    : new ManagedProcess(label, socat, args, logPath);
}

/** Resolves once a Unix socket accepts connections (a relay or server is listening). */
export async function waitForSocket(path: string, timeoutMs = 10_000, alive?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (alive && !alive()) throw new Error(`the process that should listen on ${path} exited`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(path);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${path} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
