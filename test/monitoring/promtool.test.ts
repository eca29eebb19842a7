import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { monitoredPlatform } from './fixtures';
import { exampleClusters } from '../../examples/platform/clusters';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { synthPlatform, type KubeObject } from '../../lib';
import { resolvePromtool } from '../../lib/testing/kube-assets';

/**
 * The alert rules under Prometheus' own rule engine: every PrometheusRule the example platform
 * emits (control plane and both data planes) becomes a rule file, and each alert gets unit
 * tests written here, independently of the rule expressions: the series the operators and
 * kube-state-metrics export, as a Prometheus Operator scrape labels them, the time the alert
 * must fire at with the labels and text an on-call engineer reads, and healthy series on which
 * it must stay silent.
 */

const run = promisify(execFile);
let promtool: string;
let work: string;

beforeAll(async () => {
  // A cache hit normally; on a fresh machine this builds promtool (minutes on two cores).
  ({ promtool } = await resolvePromtool());
  work = mkdtempSync(join(tmpdir(), 'mcc-promtool-'));
}, 1_800_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

type Labels = Record<string, string>;
interface InputSeries {
  readonly series: string;
  readonly values: string;
}
interface FiringAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
}
/** At `at`, exactly `firing` (possibly none) of `alert` fire. */
interface Check {
  readonly at: string;
  readonly alert: string;
  readonly firing: readonly FiringAlert[];
}
/** One promtool test group: its own series, checked at several times. */
interface Scenario {
  readonly name: string;
  readonly series: readonly InputSeries[];
  readonly checks: readonly Check[];
}

const selector = (metric: string, labels: Labels) => `${metric}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
const s = (metric: string, labels: Labels, values: string): InputSeries => ({ series: selector(metric, labels), values });
const check = (at: string, alert: string, ...firing: FiringAlert[]): Check => ({ at, alert, firing });

// --- What the platform runs, from the synthesised output ---------------------------------

/** The operators, by alert-name prefix: the Deployment as upstream names it, and the title alerts use. */
const OPERATORS: Record<string, { deployment: string; title: string; webhook?: string; controller: string }> = {
  MissionControlOperator: { deployment: 'mission-control-operator', title: 'control-plane operator', controller: 'missioncontrolcluster' },
  K8ssandraOperator: { deployment: 'k8ssandra-operator', title: 'k8ssandra-operator', webhook: '/validate-k8ssandra-io-v1alpha1-k8ssandracluster', controller: 'k8ssandracluster' },
  CassOperator: { deployment: 'cass-operator-controller-manager', title: 'cass-operator', webhook: '/validate-cassandra-datastax-com-v1beta1-cassandradatacenter', controller: 'cassandradatacenter' },
};

/** One operator as Prometheus sees it: the labels a ServiceMonitor scrape puts on its series. */
interface Operator {
  readonly prefix: string;
  readonly namespace: string;
  readonly deployment: string;
  readonly title: string;
  /** The scrape job: the Prometheus Operator names it after the Service the ServiceMonitor selects. */
  readonly job: string;
  readonly webhook?: string;
  readonly controller: string;
  /** The operator's container in its pods. */
  readonly container: string;
  /** Target labels of the pod at `index`. */
  target(index?: number): Labels;
  /** Name of the pod at `index`, as a ReplicaSet of the Deployment names it. */
  pod(index?: number): string;
}

interface RuleFile {
  /** Folder and PrometheusRule, for test names. */
  readonly id: string;
  readonly namespace: string;
  readonly spec: { groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for: string; labels: Labels; annotations: Labels }> }> };
  readonly operator: Operator;
}

const POD_SUFFIXES = ['7c9f8d6b5d-q4x2m', '7c9f8d6b5d-h8k2p'];

function operatorOf(folder: string, objects: KubeObject[], namespace: string, prefix: string): Operator {
  const known = OPERATORS[prefix];
  if (!known) throw new Error(`${folder}: no operator known for alert prefix ${prefix}`);
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === namespace && o.metadata.name === known.deployment) as any;
  if (!deployment) throw new Error(`${folder}: no Deployment ${namespace}/${known.deployment}`);
  const sm = objects.find((o) => o.kind === 'ServiceMonitor' && o.metadata.namespace === namespace && o.metadata.name === known.deployment) as any;
  if (!sm) throw new Error(`${folder}: no ServiceMonitor ${namespace}/${known.deployment}`);
  const port: string = sm.spec.endpoints[0].port;
  const services = objects.filter(
    (o: any) =>
      o.kind === 'Service' &&
      sm.spec.namespaceSelector.matchNames.includes(o.metadata.namespace) &&
      Object.entries(sm.spec.selector.matchLabels as Labels).every(([k, v]) => o.metadata.labels?.[k] === v) &&
      o.spec.ports.some((p: { name: string }) => p.name === port),
  );
  if (services.length !== 1) throw new Error(`${folder}: ServiceMonitor ${namespace}/${known.deployment} selects ${services.length} Services`);
  const job = services[0].metadata.name;
  const container: string = deployment.spec.template.spec.containers[0].name;
  const pod = (index = 0) => `${known.deployment}-${POD_SUFFIXES[index]}`;
  return {
    prefix,
    namespace,
    deployment: known.deployment,
    title: known.title,
    job,
    webhook: known.webhook,
    controller: known.controller,
    container,
    pod,
    target: (index = 0) => ({ namespace, job, service: job, endpoint: port, pod: pod(index), container, instance: `10.244.1.${7 + index}:8080` }),
  };
}

function ruleFiles(folders: Record<string, KubeObject[]>, source: string): RuleFile[] {
  return Object.entries(folders).flatMap(([folder, objects]) =>
    objects
      .filter((o) => o.kind === 'PrometheusRule')
      .map((o) => {
        const spec = (o as unknown as { spec: RuleFile['spec'] }).spec;
        const prefix = Object.keys(OPERATORS).find((p) => spec.groups[0].rules[0].alert.startsWith(p)) ?? spec.groups[0].rules[0].alert;
        const namespace = o.metadata.namespace!;
        return { id: `${source}.${folder}.${namespace}.${o.metadata.name}`, namespace, spec, operator: operatorOf(folder, objects, namespace, prefix) };
      }),
  );
}

const example = buildExamplePlatform({ monitoring: { prometheusOperator: true } });
const FILES: RuleFile[] = [
  ...ruleFiles(synthPlatform(example.app), 'example'),
  // A control plane that installs its own k8ssandra-operator: one more PrometheusRule.
  ...ruleFiles(monitoredPlatform({ prometheusOperator: true }), 'own-k8ssandra'),
];

// Names an on-call engineer looks for, from the example's own clusters.
const EXAMPLE = exampleClusters({ usEast: 'us-east', euWest: 'eu-west' });
const CLUSTER = EXAMPLE.orders.name;
const REMOTE_DC = EXAMPLE.orders.options.datacenters[2];
const TASK = EXAMPLE.orders.cleanup.name;

// kube-state-metrics, scraped with honorLabels as its charts do: its own namespace, pod and
// container labels win over the target's.
const KSM: Labels = { job: 'kube-state-metrics', instance: '10.244.0.12:8080', service: 'kube-state-metrics', endpoint: 'http' };

// --- Scenarios per alert ----------------------------------------------------------------

type ScenarioBuilder = (op: Operator) => Scenario[];

/** Operator alerts, by the part of the alert name after the operator's prefix. */
const OPERATOR_SCENARIOS: Record<string, ScenarioBuilder> = {
  Down: (op) => {
    const alert = `${op.prefix}Down`;
    const firing: FiringAlert = {
      labels: { severity: 'critical', namespace: op.namespace, job: op.job },
      annotations: { summary: `The ${op.title} in ${op.namespace} cannot be scraped`, description: `No pod of ${op.namespace}/${op.deployment} has answered on /metrics for 5m.` },
    };
    return [
      {
        name: `${alert}: both pods down`,
        series: [s('up', op.target(0), '0x30'), s('up', op.target(1), '0x30')],
        checks: [check('4m', alert), check('5m', alert, firing), check('30m', alert, firing)],
      },
      {
        // An operator never deployed, or its ServiceMonitor not picked up: no target at all.
        name: `${alert}: no target discovered`,
        series: [s('up', { ...KSM, namespace: 'monitoring' }, '1x30')],
        checks: [check('4m', alert), check('5m', alert, firing)],
      },
      {
        name: `${alert}: healthy with a standby down, or back within 5m`,
        series: [s('up', op.target(0), '0 0 0 1x30'), s('up', op.target(1), '0x33')],
        checks: [check('5m', alert), check('10m', alert), check('30m', alert)],
      },
    ];
  },
  ReplicasUnavailable: (op) => {
    const alert = `${op.prefix}ReplicasUnavailable`;
    const deployment = { ...KSM, namespace: op.namespace, deployment: op.deployment };
    return [
      {
        name: `${alert}: one of two replicas available`,
        series: [s('kube_deployment_spec_replicas', deployment, '2x30'), s('kube_deployment_status_replicas_available', deployment, '1x30')],
        checks: [
          check('4m', alert),
          check('5m', alert, {
            labels: { severity: 'warning', ...deployment },
            annotations: { summary: `The ${op.title} in ${op.namespace} has unavailable replicas`, description: `1 replica(s) of ${op.namespace}/${op.deployment} available, fewer than desired, for 5m.` },
          }),
        ],
      },
      {
        name: `${alert}: healthy, and another Deployment of the namespace unavailable`,
        series: [
          s('kube_deployment_spec_replicas', deployment, '2x30'),
          s('kube_deployment_status_replicas_available', deployment, '1 1 2x30'),
          s('kube_deployment_spec_replicas', { ...deployment, deployment: `${CLUSTER}-${REMOTE_DC.name}-reaper` }, '1x30'),
          s('kube_deployment_status_replicas_available', { ...deployment, deployment: `${CLUSTER}-${REMOTE_DC.name}-reaper` }, '0x30'),
        ],
        checks: [check('5m', alert), check('30m', alert)],
      },
    ];
  },
  CrashLooping: (op) => {
    const alert = `${op.prefix}CrashLooping`;
    const restarts = { ...KSM, namespace: op.namespace, pod: op.pod(), container: op.container, uid: '5f0c1d2e-8a7b-4c3d-9e1f-2a3b4c5d6e7f' };
    const firing = (times: number): FiringAlert => ({
      labels: { severity: 'critical', ...restarts },
      annotations: { summary: `A ${op.title} pod in ${op.namespace} is restarting`, description: `Pod ${op.pod()} restarted ${times} times in 15 minutes.` },
    });
    // Same name shape and namespace, but another Deployment: `<deployment>-webhook-<hash>-<suffix>`.
    const neighbour = { ...restarts, pod: `${op.deployment}-webhook-${POD_SUFFIXES[0]}` };
    return [
      {
        name: `${alert}: third restart within 15 minutes`,
        series: [s('kube_pod_container_status_restarts_total', restarts, '0 0 0 1 2 3x30')],
        // Silent again once the restart before the first one (t=2m) leaves the 15-minute window.
        checks: [check('4m', alert), check('5m', alert, firing(3)), check('16m', alert, firing(3)), check('17m', alert)],
      },
      {
        // Earlier restarts make increase() extrapolate to a fraction; the text still counts restarts.
        name: `${alert}: three more restarts of a pod that restarted before`,
        series: [s('kube_pod_container_status_restarts_total', restarts, '5x20 6 7 8x20')],
        checks: [check('22m', alert), check('23m', alert, firing(3))],
      },
      {
        name: `${alert}: healthy, one restart, and a crash-looping pod of another Deployment`,
        series: [s('kube_pod_container_status_restarts_total', restarts, '0x10 1x20'), s('kube_pod_container_status_restarts_total', neighbour, '0+1x30')],
        checks: [check('5m', alert), check('12m', alert), check('30m', alert)],
      },
    ];
  },
  ReconcileErrors: (op) => {
    const alert = `${op.prefix}ReconcileErrors`;
    const errors = { ...op.target(), controller: op.controller };
    return [
      {
        // rate()[5m] of errors starting at 0 crosses 0.05 at 3m; 15 minutes later it fires.
        name: `${alert}: 7 errors a minute for 15 minutes`,
        series: [s('controller_runtime_reconcile_errors_total', errors, '0+7x40')],
        checks: [
          check('17m', alert),
          check('18m', alert, {
            labels: { severity: 'warning', namespace: op.namespace, job: op.job, controller: op.controller },
            annotations: { summary: `The ${op.title} in ${op.namespace} keeps failing to reconcile`, description: `Controller ${op.controller} fails 0.12 reconciles per second.` },
          }),
        ],
      },
      {
        name: `${alert}: healthy, a slow trickle, a 10-minute burst, and another job failing`,
        series: [
          s('controller_runtime_reconcile_errors_total', errors, '0+0.6x40'),
          s('controller_runtime_reconcile_errors_total', { ...errors, controller: `${op.controller}-burst` }, '0+6x10 60x30'),
          s('controller_runtime_reconcile_errors_total', { ...errors, job: 'some-other-operator-metrics', service: 'some-other-operator-metrics' }, '0+60x40'),
        ],
        checks: [check('18m', alert), check('25m', alert), check('40m', alert)],
      },
    ];
  },
  WebhookErrors: (op) => {
    const alert = `${op.prefix}WebhookErrors`;
    const requests = (code: string) => ({ ...op.target(), webhook: op.webhook!, code });
    return [
      {
        name: `${alert}: 5xx answers for 10 minutes`,
        series: [s('controller_runtime_webhook_requests_total', requests('200'), '0+30x40'), s('controller_runtime_webhook_requests_total', requests('500'), '0+2x40')],
        checks: [
          check('10m', alert),
          check('11m', alert, {
            labels: { severity: 'critical', namespace: op.namespace, job: op.job, webhook: op.webhook! },
            annotations: {
              summary: `Admission webhooks of the ${op.title} in ${op.namespace} are failing`,
              description: `Webhook ${op.webhook} answers with 5xx; with failurePolicy Fail the API server rejects the requests it serves.`,
            },
          }),
        ],
      },
      {
        // A denied request is a 200 with allowed: false; a malformed one is a 400.
        name: `${alert}: healthy, allowed, denied and malformed requests`,
        series: [s('controller_runtime_webhook_requests_total', requests('200'), '0+30x40'), s('controller_runtime_webhook_requests_total', requests('400'), '0+3x40')],
        checks: [check('11m', alert), check('40m', alert)],
      },
    ];
  },
};

/**
 * The control-plane operator's own gauges, as scraped: the target's `namespace` (the operator's)
 * beside the object's own namespace label, which here differs from it so that the alerts are
 * seen to carry both.
 */
const OBJECT_NAMESPACE = 'orders-team';
const statusGauge = (op: Operator, pod: number, labels: Labels): Labels => ({ ...op.target(pod), ...labels });
const ofCluster = (labels: Labels): Labels => ({ cluster_namespace: OBJECT_NAMESPACE, ...labels });

const CONTROL_PLANE_SCENARIOS: Record<string, ScenarioBuilder> = {
  MissionControlClusterStuck: (op) => {
    const alert = 'MissionControlClusterStuck';
    const metric = 'mission_control_cluster_progressing_since_timestamp_seconds';
    const orders = ofCluster({ cluster: CLUSTER });
    return [
      {
        // Progressing since 60 s; the leader hands over at 10m and the new one reports the same time.
        name: `${alert}: Progressing for more than 1800 s across a leader change`,
        series: [s(metric, statusGauge(op, 0, orders), '60x10 stale'), s(metric, statusGauge(op, 1, orders), '_x10 60x30')],
        checks: [
          check('31m', alert),
          check('32m', alert, {
            labels: { severity: 'warning', namespace: op.namespace, ...orders },
            annotations: { summary: 'A MissionControlCluster has been Progressing too long', description: `${OBJECT_NAMESPACE}/${CLUSTER} has been Progressing for more than 1800 s.` },
          }),
        ],
      },
      {
        name: `${alert}: healthy, a cluster done after 20 minutes and one Progressing for 7 minutes`,
        series: [s(metric, statusGauge(op, 0, orders), '60x20 stale'), s(metric, statusGauge(op, 0, ofCluster({ cluster: EXAMPLE.sessions.name })), '_x25 1500x15')],
        checks: [check('32m', alert), check('40m', alert)],
      },
    ];
  },
  MissionControlDatacenterNotReady: (op) => {
    const alert = 'MissionControlDatacenterNotReady';
    const metric = 'mission_control_datacenter_not_ready_since_timestamp_seconds';
    const dc = ofCluster({ cluster: CLUSTER, datacenter: REMOTE_DC.name, data_plane: REMOTE_DC.dataPlane });
    return [
      {
        name: `${alert}: not Ready for more than 1800 s`,
        series: [s(metric, statusGauge(op, 0, dc), '60x40')],
        checks: [
          check('31m', alert),
          check('32m', alert, {
            labels: { severity: 'warning', namespace: op.namespace, ...dc },
            annotations: {
              summary: 'A datacenter has not been Ready for too long',
              description: `Datacenter ${REMOTE_DC.name} of ${OBJECT_NAMESPACE}/${CLUSTER} in data plane ${REMOTE_DC.dataPlane} has not been Ready for more than 1800 s.`,
            },
          }),
        ],
      },
      {
        name: `${alert}: healthy, Ready again after 20 minutes`,
        series: [s(metric, statusGauge(op, 0, dc), '60x20 stale')],
        checks: [check('32m', alert), check('40m', alert)],
      },
    ];
  },
  MissionControlTaskStuck: (op) => {
    const alert = 'MissionControlTaskStuck';
    const metric = 'mission_control_task_running_since_timestamp_seconds';
    return [
      {
        name: `${alert}: running for more than 3600 s`,
        series: [s(metric, statusGauge(op, 0, { task_namespace: OBJECT_NAMESPACE, task: TASK }), '60x70')],
        checks: [
          check('61m', alert),
          check('62m', alert, {
            labels: { severity: 'warning', namespace: op.namespace, task_namespace: OBJECT_NAMESPACE, task: TASK },
            annotations: { summary: 'A MissionControlTask has been running too long', description: `${OBJECT_NAMESPACE}/${TASK} has been running for more than 3600 s.` },
          }),
        ],
      },
      {
        name: `${alert}: healthy, complete after 50 minutes`,
        series: [s(metric, statusGauge(op, 0, { task_namespace: OBJECT_NAMESPACE, task: TASK }), '60x50 stale')],
        checks: [check('62m', alert), check('70m', alert)],
      },
    ];
  },
  MissionControlDataPlaneUnreachable: (op) => {
    const alert = 'MissionControlDataPlaneUnreachable';
    const metric = 'mission_control_data_plane_reachable';
    // Labelled by data plane only: no namespace of its own to move aside.
    const reachable = (name: string, pod = 0): Labels => ({ ...op.target(pod), data_plane: name });
    return [
      {
        name: `${alert}: one data plane unreachable for 5 minutes`,
        series: [s(metric, reachable(REMOTE_DC.dataPlane), '0x20'), s(metric, reachable('us-east'), '1x20')],
        checks: [
          check('4m', alert),
          check('5m', alert, {
            labels: { severity: 'critical', data_plane: REMOTE_DC.dataPlane },
            annotations: {
              summary: 'A data plane is unreachable from the control plane',
              description: `The control-plane operator has not reached data plane ${REMOTE_DC.dataPlane} for 5m; its DCs keep running but receive no changes.`,
            },
          }),
        ],
      },
      {
        // At the handover the new leader reports 0 until its caches sync, the old one's 1 still counting.
        name: `${alert}: healthy, a 3-minute outage and a leader change`,
        series: [s(metric, reachable(REMOTE_DC.dataPlane), '0 0 0 1x7 stale'), s(metric, reachable(REMOTE_DC.dataPlane, 1), '_x10 0 1x20'), s(metric, reachable('us-east'), '1x30')],
        checks: [check('5m', alert), check('12m', alert), check('30m', alert)],
      },
    ];
  },
};

function scenariosFor(alert: string, op: Operator): Scenario[] | undefined {
  if (CONTROL_PLANE_SCENARIOS[alert]) return CONTROL_PLANE_SCENARIOS[alert](op);
  if (!alert.startsWith(op.prefix)) return undefined;
  return OPERATOR_SCENARIOS[alert.slice(op.prefix.length)]?.(op);
}

const alertsOf = (file: RuleFile) => file.spec.groups.flatMap((g) => g.rules.map((r) => r.alert));

/** The promtool unit test file of one rule file: every scenario of every alert in it. */
function unitTests(file: RuleFile, ruleFileName: string) {
  const scenarios = alertsOf(file).flatMap((alert) => scenariosFor(alert, file.operator) ?? []);
  return {
    rule_files: [ruleFileName],
    evaluation_interval: '1m',
    tests: scenarios.map((sc) => ({
      name: sc.name,
      interval: '1m',
      input_series: sc.series.map((x) => ({ series: x.series, values: x.values })),
      alert_rule_test: sc.checks.map((c) => ({
        eval_time: c.at,
        alertname: c.alert,
        exp_alerts: c.firing.map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations })),
      })),
    })),
  };
}

/** Writes the rule file and its unit tests; returns their paths. */
function write(file: RuleFile, tests: object = unitTests(file, `${file.id}.rules.yaml`), testName = file.id): { rules: string; tests: string } {
  const rules = join(work, `${file.id}.rules.yaml`);
  const testsPath = join(work, `${testName}.test.yaml`);
  // The spec of a PrometheusRule is a rule file as it stands: the operator writes it out unchanged.
  writeFileSync(rules, stringify(file.spec));
  writeFileSync(testsPath, stringify(tests));
  return { rules, tests: testsPath };
}

async function promtoolRun(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(promtool, args, { cwd: work });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

// --- Tests ------------------------------------------------------------------------------

test('the example platform emits the rule files of every plane', () => {
  expect(FILES.map((f) => f.id)).toEqual([
    'example.control-plane.mission-control.mission-control-operator-alerts',
    'example.data-plane-us-east.k8ssandra-operator.k8ssandra-operator-alerts',
    'example.data-plane-us-east.k8ssandra-operator.cass-operator-controller-manager-alerts',
    'example.data-plane-eu-west.k8ssandra-operator.k8ssandra-operator-alerts',
    'example.data-plane-eu-west.k8ssandra-operator.cass-operator-controller-manager-alerts',
    'own-k8ssandra.control-plane.mission-control.mission-control-operator-alerts',
    'own-k8ssandra.control-plane.k8ssandra-operator.k8ssandra-operator-alerts',
    'own-k8ssandra.data-plane-eu-west.k8ssandra-operator.k8ssandra-operator-alerts',
    'own-k8ssandra.data-plane-eu-west.k8ssandra-operator.cass-operator-controller-manager-alerts',
  ]);
});

test('every alert emitted has promtool cases that make it fire and that keep it silent', () => {
  const missing: string[] = [];
  let alerts = 0;
  let cases = 0;
  for (const file of FILES) {
    for (const alert of alertsOf(file)) {
      alerts++;
      const scenarios = scenariosFor(alert, file.operator) ?? [];
      const checks = scenarios.flatMap((sc) => sc.checks).filter((c) => c.alert === alert);
      cases += checks.length;
      if (!checks.some((c) => c.firing.length > 0)) missing.push(`${file.id}: ${alert} never expected to fire`);
      if (!checks.some((c) => c.firing.length === 0)) missing.push(`${file.id}: ${alert} never expected to stay silent`);
    }
    // A scenario for an alert the file does not have would pass its silent checks vacuously.
    const stray = unitTests(file, 'x').tests.flatMap((t) => t.alert_rule_test.map((c) => c.alertname)).filter((a) => !alertsOf(file).includes(a));
    missing.push(...stray.map((a) => `${file.id}: test case for ${a}, which the file does not have`));
  }
  expect(missing).toEqual([]);
  const names = new Set(FILES.flatMap(alertsOf));
  expect(names.size).toBe(18);
  // Nine rule files of 4, 5 or 8 alerts; 18 alert names in all, each with several timed checks.
  expect({ alerts, names: names.size }).toEqual({ alerts: 51, names: 18 });
  expect(cases).toBeGreaterThanOrEqual(4 * alerts);
});

test.each(FILES.map((f) => [f.id, f] as const))('%s: promtool check rules passes, lint included', async (_id, file) => {
  const { rules } = write(file);
  const result = await promtoolRun('check', 'rules', '--lint=all', '--lint-fatal', rules);
  expect([result.code, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
});

test.each(FILES.map((f) => [f.id, f] as const))('%s: promtool test rules passes for every alert', async (_id, file) => {
  const paths = write(file);
  const result = await promtoolRun('test', 'rules', paths.tests);
  expect([result.code, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
});

test('promtool fails a case that expects an alert before its `for` has elapsed', async () => {
  const file = FILES[0];
  const early = {
    ...unitTests(file, `${file.id}.rules.yaml`),
    tests: [
      {
        name: 'early',
        interval: '1m',
        input_series: [{ series: selector('up', file.operator.target()), values: '0x10' }],
        alert_rule_test: [{ eval_time: '4m', alertname: `${file.operator.prefix}Down`, exp_alerts: [{ exp_labels: { severity: 'critical', namespace: file.namespace, job: file.operator.job } }] }],
      },
    ],
  };
  const result = await promtoolRun('test', 'rules', write(file, early, `${file.id}.early`).tests);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('FAILED');
});
