// Starts a one-cluster platform with the real operators, prints what it started as one JSON
// line once the operators are available, then waits to be killed. Used to prove that a killed
// or interrupted test run leaves nothing behind.
import { eventually, rolledOut, synthInto } from './platform';
import { descendants } from './processes';
import { ControlPlane, DataPlane, CrdSource } from '../../../lib';
import { upstreamCrdDir } from '../../../lib/crds/upstream-crd-files';
import { SimulatorBackend, startSimulatedPlatform } from '../../../lib/testing';

async function main(): Promise<void> {
  const { dist, remove } = synthInto((app) => {
    const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1' });
    new DataPlane(app, 'us-east', { controlPlane, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true, crds: CrdSource.fromDirectory(upstreamCrdDir()) });
  });
  const platform = await startSimulatedPlatform({ planes: [{ name: 'one', region: 'us-east-1' }], cassandra: new SimulatorBackend() });
  const report = await platform.apply(dist, { 'control-plane': 'one', 'data-plane-us-east': 'one' });
  remove();
  if (report.rejected.length) throw new Error(JSON.stringify(report.rejected));
  const http = platform.planes.one.apiServer.http;
  await eventually('operators', 180_000, () => rolledOut(http, 'k8ssandra-operator', 'cass-operator-controller-manager'));
  await eventually('operators', 180_000, () => rolledOut(http, 'k8ssandra-operator', 'k8ssandra-operator'));
  // Only processes that outlive a moment: readiness probes and `ip` calls come and go.
  const first = descendants(process.pid);
  await new Promise((r) => setTimeout(r, 1_000));
  const lasting = descendants(process.pid).filter((p) => first.includes(p));
  process.stdout.write(`${JSON.stringify({ pids: lasting, namespaces: platform.network.namespaces, rootDir: platform.apiServers.rootDir })}\n`);
  await new Promise(() => undefined);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
