import type { MonitoringOptions, MonitoringThresholds } from '../model/monitoring';
import { prometheusDurationMs } from '../monitoring/prometheus-duration';
import { problem, show, type Problem } from '../problems';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type DurationKey = 'operatorDownFor' | 'webhookErrorsFor' | 'dataPlaneUnreachableFor';
type NumberKey = Exclude<keyof MonitoringThresholds, DurationKey>;

const DURATIONS: readonly DurationKey[] = ['operatorDownFor', 'webhookErrorsFor', 'dataPlaneUnreachableFor'];

/**
 * The `for` of an alert, between a minute and a day (project policy). Shorter, one failed
 * scrape or evaluation (Prometheus and the Prometheus Operator evaluate every 30 s to 1 min
 * by default) raises it; longer, an outage goes unreported for more than a day.
 */
function checkDuration(path: string, key: DurationKey, value: unknown): Problem[] {
  const at = `${path}/${key}`;
  if (typeof value !== 'string') return [problem(at, `${key} ${show(value)} is not a Prometheus duration`, "write it as a string such as '5m' or '1h30m'")];
  const ms = prometheusDurationMs(value);
  if (ms === undefined) {
    return [problem(at, `${key} ${show(value)} is not a Prometheus duration`, "use whole numbers with units from the largest down, each once (y, w, d, h, m, s, ms), e.g. '15m' or '1h30m'")];
  }
  if (ms < MINUTE) return [problem(at, `${key} ${show(value)} is shorter than a minute: a single failed scrape or rule evaluation would raise the alert`, "use at least '1m', e.g. '5m'")];
  if (ms > DAY) return [problem(at, `${key} ${show(value)} is longer than a day: the alert would stay silent through a day-long outage`, "use at most '24h', e.g. '1h'")];
  return [];
}

/** What each numeric threshold must be, with an example. */
const NUMBERS: Readonly<Record<NumberKey, { readonly ok: (n: number) => boolean; readonly must: string; readonly fix: string }>> = {
  crashLoopRestarts: { ok: (n) => Number.isInteger(n) && n >= 1, must: 'a whole number of restarts, at least 1', fix: 'use e.g. 3' },
  reconcileErrorsPerSecond: { ok: (n) => n > 0, must: 'a rate above 0', fix: 'use e.g. 0.05 (one failed reconcile every 20 seconds)' },
  // A cluster change or a task takes minutes; below one, the alert fires on every change.
  clusterStuckSeconds: { ok: (n) => Number.isInteger(n) && n >= 60, must: 'a whole number of seconds, at least 60', fix: 'use e.g. 1800 (30 minutes)' },
  taskStuckSeconds: { ok: (n) => Number.isInteger(n) && n >= 60, must: 'a whole number of seconds, at least 60', fix: 'use e.g. 3600 (an hour), or more for long repairs and rebuilds' },
};

function checkNumber(path: string, key: NumberKey, value: unknown): Problem[] {
  const rule = NUMBERS[key];
  if (typeof value === 'number' && Number.isFinite(value) && rule.ok(value)) return [];
  return [problem(`${path}/${key}`, `${key} ${show(value)} is not ${rule.must}`, rule.fix)];
}

/** A plane's monitoring thresholds, each one that is set; `path` is the plane's. */
export function checkMonitoring(path: string, monitoring: MonitoringOptions | undefined): Problem[] {
  const thresholds = monitoring?.thresholds as Record<string, unknown> | undefined;
  if (!thresholds) return [];
  const at = `${path}/monitoring/thresholds`;
  return Object.entries(thresholds).flatMap(([key, value]) => {
    if (value === undefined) return [];
    if ((DURATIONS as readonly string[]).includes(key)) return checkDuration(at, key as DurationKey, value);
    if (key in NUMBERS) return checkNumber(at, key as NumberKey, value);
    // Without TypeScript a misspelt threshold would silently keep its default.
    return [problem(`${at}/${key}`, `${show(key)} is not a monitoring threshold`, `use one of ${[...DURATIONS, ...Object.keys(NUMBERS)].join(', ')}`)];
  });
}
