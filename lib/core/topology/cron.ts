/**
 * Cron syntax as the MedusaBackupSchedule webhook parses it (robfig/cron v3 ParseStandard):
 * five fields, `@daily`-style descriptors, `@every <duration>`, optional `CRON_TZ=`/`TZ=`.
 * Returns what is wrong, or undefined when the expression is valid.
 */
export function cronProblem(expression: string): string | undefined {
  let expr = expression.trim();
  const tz = /^(CRON_TZ|TZ)=(\S+)\s+/.exec(expr);
  if (tz) expr = expr.slice(tz[0].length);
  if (expr.startsWith('@')) {
    if (DESCRIPTORS.includes(expr)) return undefined;
    if (/^@every\s+(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(expr)) return undefined;
    return `unknown descriptor ${JSON.stringify(expr)}`;
  }
  const fields = expr.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) return `has ${fields.length} fields, expected 5 (minute hour day-of-month month day-of-week)`;
  for (let i = 0; i < 5; i++) {
    const error = fieldProblem(fields[i], FIELDS[i]);
    if (error) return `${FIELDS[i].name} field ${JSON.stringify(fields[i])}: ${error}`;
  }
  return undefined;
}

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

interface FieldBounds {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

function value(text: string, bounds: FieldBounds): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const i = bounds.names?.indexOf(text.toLowerCase()) ?? -1;
  return i >= 0 ? i + bounds.min : undefined;
}

function fieldProblem(field: string, bounds: FieldBounds): string | undefined {
  for (const part of field.split(',')) {
    const [range, step, ...extra] = part.split('/');
    if (extra.length > 0 || range === '') return 'malformed';
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) return `step ${JSON.stringify(step)} is not a positive number`;
    if (range === '*' || range === '?') continue;
    const [lowText, highText, ...more] = range.split('-');
    if (more.length > 0) return 'malformed range';
    const low = value(lowText, bounds);
    const high = highText === undefined ? low : value(highText, bounds);
    if (low === undefined || high === undefined) return `${JSON.stringify(range)} is not a number or name`;
    if (low < bounds.min || high > bounds.max) return `out of range ${bounds.min}-${bounds.max}`;
    if (low > high) return `range start ${low} is after its end ${high}`;
  }
  return undefined;
}
