import { execFileSync } from 'node:child_process';

/** Lua 5.1, the language of gopher-lua, which runs Argo CD's health checks. */
const LUA = process.env.MCC_LUA ?? 'lua5.1';

/** A JSON value as a Lua table constructor, the way Argo CD hands `obj` to a script (null is nil). */
export function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  return `{${entries.map(([k, v]) => `[${luaLiteral(k)}] = ${luaLiteral(v)}`).join(', ')}}`;
}

/**
 * Runs a health script on one object with only the libraries Argo CD opens for it (no os,
 * no io), and returns what the script returned.
 */
export function runHealthCheck(script: string, obj: unknown): { status: string; message: string } {
  const program = [
    `local script = ${luaLiteral(script)}`,
    `local env = { obj = ${luaLiteral(obj)}, ipairs = ipairs, pairs = pairs, next = next, type = type, tostring = tostring, tonumber = tonumber, string = string, table = table, math = math }`,
    'local chunk = assert(loadstring(script))',
    'setfenv(chunk, env)',
    'local hs = chunk()',
    'io.write(tostring(hs.status), "\\n", tostring(hs.message))',
  ].join('\n');
  let out: string;
  try {
    out = execFileSync(LUA, ['-'], { input: program, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error(`${LUA} not found: install Lua 5.1 (Debian package lua5.1), or set MCC_LUA to its path`);
    throw new Error(`the health script failed: ${err.stderr ?? err.message}`);
  }
  const [status, ...message] = out.split('\n');
  return { status, message: message.join('\n') };
}
