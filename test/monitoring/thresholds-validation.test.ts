import { ControlPlane, DataPlane, MissionControlApp, ValidationError, type MonitoringThresholds } from '../../lib';
import { DEFAULT_THRESHOLDS } from '../../lib/core/model/monitoring';
import { prometheusDurationMs } from '../../lib/core/monitoring/prometheus-duration';

/** The problems of a platform whose data plane's alerts use these thresholds. */
function problemsOf(thresholds: MonitoringThresholds) {
  const app = new MissionControlApp();
  const controlPlane = new ControlPlane(app, 'cp', { region: 'us-east-1' });
  new DataPlane(app, 'eu-west', { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], monitoring: { prometheusOperator: true, thresholds } });
  return app.validatePlatform();
}

describe('Prometheus durations', () => {
  test.each([
    ['15m', 15 * 60_000],
    ['1h30m', 90 * 60_000],
    ['1d', 24 * 3600_000],
    ['1w2d', 9 * 24 * 3600_000],
    ['90s', 90_000],
    ['500ms', 500],
    ['0', 0],
  ])('%p is %p ms', (text, ms) => {
    expect(prometheusDurationMs(text)).toBe(ms);
  });

  test.each(['', '90', '1.5h', '30m1h', '5 m', '5M', '-5m', '1h1h', 'five minutes'])('%p is refused, as Prometheus refuses it', (text) => {
    expect(prometheusDurationMs(text)).toBeUndefined();
  });
});

test('the defaults and sensible values are accepted', () => {
  expect(problemsOf(DEFAULT_THRESHOLDS)).toEqual([]);
  expect(problemsOf({ operatorDownFor: '1m', webhookErrorsFor: '1h30m', dataPlaneUnreachableFor: '24h', taskStuckSeconds: 7 * 24 * 3600 })).toEqual([]);
});

test('a duration Prometheus would refuse names the threshold, the value and the syntax', () => {
  expect(problemsOf({ operatorDownFor: '5 minutes' })).toEqual([
    {
      path: 'eu-west/monitoring/thresholds/operatorDownFor',
      message: 'operatorDownFor "5 minutes" is not a Prometheus duration',
      fix: "use whole numbers with units from the largest down, each once (y, w, d, h, m, s, ms), e.g. '15m' or '1h30m'",
    },
  ]);
});

test('durations from a minute to a day', () => {
  expect(problemsOf({ webhookErrorsFor: '30s', dataPlaneUnreachableFor: '0', operatorDownFor: '2d' })).toEqual([
    expect.objectContaining({ path: 'eu-west/monitoring/thresholds/webhookErrorsFor', message: 'webhookErrorsFor "30s" is shorter than a minute: a single failed scrape or rule evaluation would raise the alert', fix: "use at least '1m', e.g. '5m'" }),
    expect.objectContaining({ path: 'eu-west/monitoring/thresholds/dataPlaneUnreachableFor', message: expect.stringContaining('"0" is shorter than a minute') }),
    expect.objectContaining({ path: 'eu-west/monitoring/thresholds/operatorDownFor', message: 'operatorDownFor "2d" is longer than a day: the alert would stay silent through a day-long outage', fix: "use at most '24h', e.g. '1h'" }),
  ]);
});

test('numeric thresholds: whole, positive, and seconds of at least a minute', () => {
  expect(problemsOf({ crashLoopRestarts: 0, reconcileErrorsPerSecond: -1, clusterStuckSeconds: 1.5, taskStuckSeconds: 30 })).toEqual([
    { path: 'eu-west/monitoring/thresholds/crashLoopRestarts', message: 'crashLoopRestarts 0 is not a whole number of restarts, at least 1', fix: 'use e.g. 3' },
    expect.objectContaining({ path: 'eu-west/monitoring/thresholds/reconcileErrorsPerSecond', message: 'reconcileErrorsPerSecond -1 is not a rate above 0' }),
    expect.objectContaining({ path: 'eu-west/monitoring/thresholds/clusterStuckSeconds', message: 'clusterStuckSeconds 1.5 is not a whole number of seconds, at least 60' }),
    expect.objectContaining({ path: 'eu-west/monitoring/thresholds/taskStuckSeconds', message: 'taskStuckSeconds 30 is not a whole number of seconds, at least 60' }),
  ]);
  expect(problemsOf({ reconcileErrorsPerSecond: Number.NaN })).toHaveLength(1);
});

test('values of the wrong kind and misspelt thresholds, as plain JavaScript passes them', () => {
  expect(problemsOf({ operatorDownFor: 300, crashLoopRestarts: '3', operatorDownfor: '5m' } as unknown as MonitoringThresholds)).toEqual([
    { path: 'eu-west/monitoring/thresholds/operatorDownFor', message: 'operatorDownFor 300 is not a Prometheus duration', fix: "write it as a string such as '5m' or '1h30m'" },
    expect.objectContaining({ path: 'eu-west/monitoring/thresholds/crashLoopRestarts', message: 'crashLoopRestarts "3" is not a whole number of restarts, at least 1' }),
    expect.objectContaining({ path: 'eu-west/monitoring/thresholds/operatorDownfor', message: '"operatorDownfor" is not a monitoring threshold', fix: expect.stringContaining('operatorDownFor') }),
  ]);
});

test("the control plane's thresholds too, reported with every other problem before anything is written", () => {
  const app = new MissionControlApp({ outdir: '/tmp/mcc-never-written' });
  const controlPlane = new ControlPlane(app, 'cp', { region: 'us-east-1', monitoring: { prometheusOperator: true, thresholds: { dataPlaneUnreachableFor: '5min' } } });
  new DataPlane(app, 'eu-west', { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], monitoring: { thresholds: { taskStuckSeconds: 0 } } });
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).problems.map((p) => p.path)).toEqual(['cp/monitoring/thresholds/dataPlaneUnreachableFor', 'eu-west/monitoring/thresholds/taskStuckSeconds']);
});
