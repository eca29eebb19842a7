import { CONFIG_MAP } from './helpers';
import { KubeClient, KubeHttp } from '../../../lib/kube';
import { Informer } from '../../../lib/reconciler/runtime/informer';
import { RuntimeMetrics } from '../../../lib/reconciler/runtime/metrics';

test('stopping an informer that never synced settles waitForSync, so no timer outlives it', async () => {
  // Port 1 on loopback refuses connections: the informer keeps retrying and never syncs.
  const http = new KubeHttp('https://127.0.0.1:1', {});
  const informer = new Informer({ client: new KubeClient(http), resource: CONFIG_MAP, namespace: 'x', metrics: new RuntimeMetrics(), initialBackoffMs: 10, maxBackoffMs: 20 });
  informer.start();
  const waiting = informer.waitForSync(24 * 3600_000);
  await informer.stop();
  await expect(waiting).rejects.toThrow(/stopped before it synced/);
  expect(informer.hasSynced()).toBe(false);
  http.close();
});
