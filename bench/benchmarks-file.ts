/**
 * BENCHMARKS.md holds one section per benchmark, each under its own `# ` heading. A benchmark
 * rewrites its own section and keeps the others, so the benchmarks can run in any order.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCHMARKS_FILE = join(__dirname, '..', 'BENCHMARKS.md');

/** Sections of a BENCHMARKS.md text, in order, each starting with its heading line. */
function sections(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('# ') || out.length === 0) out.push(line);
    else out[out.length - 1] += `\n${line}`;
  }
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Replaces the section under `heading` (a `# ` line), or appends it. */
export function writeSection(heading: string, body: string, path: string = BENCHMARKS_FILE): void {
  if (!heading.startsWith('# ')) throw new Error(`a section heading starts with '# ': ${heading}`);
  const all = sections(existsSync(path) ? readFileSync(path, 'utf8') : '');
  const mine = `${heading}\n\n${body.trim()}`;
  const at = all.findIndex((s) => s.split('\n')[0] === heading);
  if (at < 0) all.push(mine);
  else all[at] = mine;
  writeFileSync(path, `${all.join('\n\n')}\n`);
  process.stderr.write(`wrote the "${heading.slice(2)}" section of ${path}\n`);
}
