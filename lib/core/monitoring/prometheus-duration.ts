const UNITS: ReadonlyArray<readonly [unit: string, ms: number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

// Prometheus's own grammar (model.ParseDuration): units from the largest down, each once.
const DURATION = new RegExp(`^${UNITS.map(([u]) => `(?:(\\d+)${u})?`).join('')}$`);

/**
 * Milliseconds of a Prometheus duration (`15m`, `1h30m`, `0`), or undefined when Prometheus
 * would refuse it (`90`, `1.5h`, `30m1h`, `5 m`, ''). The Prometheus Operator's CRD pattern
 * lets '' through; Prometheus rejects the rule file.
 */
export function prometheusDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const m = text === '' ? null : DURATION.exec(text);
  if (!m) return undefined;
  return UNITS.reduce((sum, [, ms], i) => sum + Number(m[i + 1] ?? 0) * ms, 0);
}
