/**
 * The control-plane operator's command line (`mission-control-operator`): its flags, which match
 * the args the ControlPlane construct writes into its Deployment, and its run loop. The process
 * entry point is `main.ts`; this module installs no process-wide hooks, so tests can import it.
 */
import { Command, Option } from 'commander';
import pino from 'pino';
import { FIELD_MANAGER } from './ownership';
import { KubeClient } from '../kube/client';
import { controlPlaneKubeConfig, kubeHttpFromKubeConfig } from '../kube/kube-config';
import { packageVersion } from '../package-version';
import { MissionControlOperator } from './operator/operator';
import { requestCounter } from './operator/request-metrics';
import { HealthServer } from './runtime/health-server';
import { runtimeMetrics } from './runtime/metrics';

/** `:8080` or `127.0.0.1:8080` (controller-runtime's bind-address syntax); "0" disables. */
function parseBindAddress(value: string): { host?: string; port: number } | undefined {
  if (value === '0' || value === '') return undefined;
  const i = value.lastIndexOf(':');
  const port = Number(value.slice(i + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid bind address ${JSON.stringify(value)}: use [host]:port, e.g. :8080`);
  const host = value.slice(0, Math.max(i, 0));
  return { host: host || undefined, port };
}

export function buildProgram(): Command {
  return new Command('mission-control-operator')
    .description('Control-plane operator: writes the K8ssandraCluster of each MissionControlCluster and tracks MissionControlTasks')
    .version(packageVersion())
    .requiredOption('--namespace <namespace>', 'namespace holding clusters, tasks, registrations and kubeconfig Secrets')
    .option('--k8ssandra-namespace <namespace>', 'namespace of the control-plane k8ssandra-operator when no data plane shares this cluster', 'k8ssandra-operator')
    .option('--kubeconfig <path>', 'kubeconfig of the control-plane cluster (default: in-cluster service account)')
    .option('--leader-elect', 'elect a leader through a coordination.k8s.io Lease, so that one replica writes', false)
    .option('--lease-name <name>', 'name of the Lease', 'mission-control-operator')
    .option('--metrics-bind-address <address>', 'where /metrics is served', ':8080')
    .option('--health-probe-bind-address <address>', 'where /healthz and /readyz are served', ':8081')
    .addOption(new Option('--log-level <level>', 'log verbosity').choices(['debug', 'info', 'warn', 'error']).default('info'));
}

/** Runs the operator until a signal or a failure; `argv` is `process.argv`. */
export async function runOperator(argv: string[]): Promise<void> {
  const opts = buildProgram().parse(argv).opts<{
    namespace: string;
    k8ssandraNamespace: string;
    kubeconfig?: string;
    leaderElect: boolean;
    leaseName: string;
    metricsBindAddress: string;
    healthProbeBindAddress: string;
    logLevel: string;
  }>();
  const logger = pino({ level: opts.logLevel, base: { component: 'mission-control-operator' } });
  let operator: MissionControlOperator | undefined;
  let metricsServer: HealthServer | undefined;
  let stopping = false;
  // The runtime's timers are unref'd (a library must not hold a process open), so with both
  // servers disabled and the control plane unreachable nothing would keep the process alive:
  // it would exit 0 in the middle of start-up. The process lives until a signal or a failure.
  setInterval(() => undefined, 2 ** 30);
  // Installed before anything connects: a pod deleted while it starts up gets SIGTERM, and
  // that is a clean stop, not a crash.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void Promise.all([operator?.stop(), metricsServer?.close()]).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err: (err as Error).message }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  logger.info({ version: packageVersion(), namespace: opts.namespace }, 'starting');

  const kubeConfig = controlPlaneKubeConfig(opts.kubeconfig);
  const metrics = runtimeMetrics();
  const controlPlane = new KubeClient(kubeHttpFromKubeConfig(kubeConfig), { fieldManager: FIELD_MANAGER, onRequest: requestCounter(metrics.registry)('control-plane') });
  metrics.collectDefaultMetrics();
  const metricsAddress = parseBindAddress(opts.metricsBindAddress);
  metricsServer = metricsAddress ? new HealthServer({ ...metricsAddress, registry: metrics.registry }) : undefined;
  operator = new MissionControlOperator({
    controlPlane,
    namespace: opts.namespace,
    k8ssandraNamespace: opts.k8ssandraNamespace,
    leaderElection: opts.leaderElect ? { leaseName: opts.leaseName } : false,
    logger,
    metrics,
    health: parseBindAddress(opts.healthProbeBindAddress),
    onLostLeadership: () => {
      // As controller-runtime does: a replica that lost the Lease exits and restarts clean.
      logger.error('lost leadership; exiting');
      process.exit(1);
    },
  });
  try {
    await metricsServer?.listen();
    await operator.start();
  } catch (err) {
    // Stopping rejects the cache-sync waits of a start still in progress; the shutdown exits.
    if (!stopping) throw err;
  }
}
