/**
 * Paths of `sent` that are missing or different in `got`: fields the API server pruned or
 * changed. A pruned field means the output relies on a field the schema does not have.
 * Fields the server adds (defaults, metadata) are not reported.
 */
export function prunedFields(sent: unknown, got: unknown, path = ''): string[] {
  if (Array.isArray(sent)) {
    if (!Array.isArray(got) || got.length !== sent.length) return [path || '.'];
    return sent.flatMap((v, i) => prunedFields(v, got[i], `${path}[${i}]`));
  }
  if (typeof sent === 'object' && sent !== null) {
    if (typeof got !== 'object' || got === null || Array.isArray(got)) return [path || '.'];
    return Object.entries(sent).flatMap(([k, v]) => prunedFields(v, (got as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return Object.is(sent, got) ? [] : [path || '.'];
}
