/**
 * Regenerates the typed bindings in imports/ from the pinned upstream CRDs.
 *
 * Every `description` is removed before import so that no upstream prose ends up in this
 * repository; the CRD YAML itself is never copied here either. One `cdk8s import` call per
 * API group, because a second call for the same group would overwrite the first module.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { upstreamCrdDir, IMPORTED_CRD_FILES } from '../lib/crds/upstream-crd-files';

function stripDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDescriptions);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      // A property literally named "description" inside `properties` is a field, not prose.
      if (key === 'description' && typeof value === 'string') continue;
      out[key] = stripDescriptions(value);
    }
    return out;
  }
  return node;
}

const crdDir = upstreamCrdDir();
const work = mkdtempSync(join(tmpdir(), 'mcc-import-'));
const byGroup = new Map<string, string[]>();
for (const file of IMPORTED_CRD_FILES) {
  const group = file.path.split('/').pop()!.split('_')[0];
  const docs = parseAllDocuments(readFileSync(join(crdDir, file.path), 'utf8')).map((d) => stripDescriptions(d.toJS()));
  byGroup.set(group, [...(byGroup.get(group) ?? []), ...docs.map((d) => stringify(d))]);
}
try {
  for (const [group, docs] of [...byGroup.entries()].sort()) {
    const input = join(work, `${group}.yaml`);
    writeFileSync(input, docs.join('---\n'));
    process.stderr.write(`importing ${group} (${docs.length} CRD${docs.length > 1 ? 's' : ''})\n`);
    execFileSync('npx', ['cdk8s', 'import', input, '--language', 'typescript', '--output', 'imports'], { stdio: 'inherit' });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
