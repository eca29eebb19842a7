import { KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { collectSnapshot } from './collect';
import { diagnose, DEFAULT_STUCK_AFTER_MS, type Diagnosis } from '../../core/diagnosis/diagnose';
import { formatDiagnosis } from '../../core/diagnosis/format';
import { DEFAULT_CONTROL_PLANE_NAMESPACE, DEFAULT_DATA_PLANE_NAMESPACE } from '../../core/model/platform';
import { prometheusDurationMs } from '../../core/monitoring/prometheus-duration';

/** Options of the `diagnose` command, as commander parses them. */
export interface DiagnoseCommandOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace: string;
  readonly k8ssandraNamespace: string;
  readonly dataPlaneContext: string[];
  readonly stuckAfter: string;
  readonly timeout: string;
  readonly output: string;
}

/** A usage problem: exit code 2 with this message. */
export class DiagnoseUsageError extends Error {}

function duration(flag: string, text: string): number {
  const ms = prometheusDurationMs(text);
  if (ms === undefined || ms <= 0) throw new DiagnoseUsageError(`${flag} '${text}' is not a duration; write it as Prometheus does, e.g. '30s', '10m' or '1h30m'`);
  return ms;
}

function contextPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([^=]+)=(.+)$/.exec(pair);
    if (!match) throw new DiagnoseUsageError(`--data-plane-context '${pair}' is not <data plane>=<context>, e.g. eu-west=prod-eu-west`);
    out[match[1]] = match[2];
  }
  return out;
}

/** Reads the platform and diagnoses it; throws DiagnoseUsageError on bad options. */
export async function runDiagnose(cluster: string | undefined, options: DiagnoseCommandOptions): Promise<Diagnosis> {
  if (options.output !== 'human' && options.output !== 'json') throw new DiagnoseUsageError(`--output '${options.output}' is not one of human, json`);
  const stuckAfterMs = duration('--stuck-after', options.stuckAfter);
  const timeoutMs = duration('--timeout', options.timeout);
  const dataPlaneContexts = contextPairs(options.dataPlaneContext);
  const kubeConfig = new KubeConfig();
  try {
    if (options.kubeconfig) kubeConfig.loadFromFile(options.kubeconfig);
    else kubeConfig.loadFromDefault();
  } catch (err) {
    throw new DiagnoseUsageError(`the kubeconfig ${options.kubeconfig ? `'${options.kubeconfig}' ` : ''}could not be loaded: ${(err as Error).message} (pass --kubeconfig <path>)`);
  }
  if (options.context) {
    if (!kubeConfig.getContextObject(options.context)) throw new DiagnoseUsageError(`--context '${options.context}' is not in the kubeconfig (it has ${kubeConfig.getContexts().map((c) => c.name).join(', ') || 'no context'})`);
    kubeConfig.setCurrentContext(options.context);
  }
  const collected = await collectSnapshot({ kubeConfig, namespace: options.namespace, k8ssandraNamespace: options.k8ssandraNamespace, dataPlaneContexts, timeoutMs });
  try {
    return diagnose(collected.snapshot, { ...(cluster ? { cluster } : {}), stuckAfterMs });
  } finally {
    collected.close();
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `diagnose [cluster]` to the CLI. Exit codes: 0 no problem found, 1 problems found, 2 no diagnosis. */
export function addDiagnoseCommand(program: Command): void {
  program
    .command('diagnose')
    .argument('[cluster]', 'only what concerns this Cassandra cluster (its K8ssandraCluster name)')
    .description('read the control plane and, through the registrations, every data plane, and name for each symptom the operator layer involved, the evidence and the next commands')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'context of the control plane (default: the current context)')
    .option('--namespace <namespace>', 'namespace of the control-plane operator', DEFAULT_CONTROL_PLANE_NAMESPACE)
    .option('--k8ssandra-namespace <namespace>', 'namespace of k8ssandra-operator in the control plane\'s cluster', DEFAULT_DATA_PLANE_NAMESPACE)
    .option('--data-plane-context <plane=context>', 'read this data plane with this context (repeatable; default: the context named after the data plane, else its registration\'s kubeconfig Secret)', collect, [])
    .option('--stuck-after <duration>', 'how long creation, readiness or a task may take before it counts as stuck', `${DEFAULT_STUCK_AFTER_MS / 60_000}m`)
    .option('--timeout <duration>', 'deadline of each request to a plane', '10s')
    .option('-o, --output <format>', 'human or json', 'human')
    .action(async (cluster: string | undefined, options: DiagnoseCommandOptions) => {
      const diagnosis = await runDiagnose(cluster, options);
      process.stdout.write(options.output === 'json' ? `${JSON.stringify(diagnosis, null, 2)}\n` : formatDiagnosis(diagnosis));
      process.exitCode = diagnosis.findings.length > 0 ? 1 : 0;
    });
}
