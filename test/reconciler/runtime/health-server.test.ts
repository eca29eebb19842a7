import { request } from 'node:http';
import { Controller, HealthServer, RuntimeMetrics } from '../../../lib/reconciler/runtime';

function get(url: string): Promise<{ status: number; text: string; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, contentType: res.headers['content-type'] }));
    }).on('error', reject).end();
  });
}

describe('HealthServer', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('/healthz answers while running; /readyz only when every check passes', async () => {
    server = new HealthServer({ host: '127.0.0.1', port: 0, registry: new RuntimeMetrics().registry, checkTimeoutMs: 200 });
    let synced = false;
    server.addReadyCheck('informers-synced', () => synced);
    server.addReadyCheck('throws', () => {
      throw new Error('cache for dc1 not synced');
    });
    const address = await server.listen();
    expect(address.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${address.port}`);

    expect(await get(`${server.url}/healthz`)).toMatchObject({ status: 200, text: 'ok\n' });
    const notReady = await get(`${server.url}/readyz`);
    expect(notReady.status).toBe(500);
    expect(notReady.text).toBe('[-]informers-synced failed\n[-]throws failed: cache for dc1 not synced\ncheck failed\n');

    synced = true;
    server.addReadyCheck('throws', async () => true);
    server.addReadyCheck('slow', () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 20)));
    expect(await get(`${server.url}/readyz`)).toMatchObject({ status: 200, text: 'ok\n' });
    expect((await get(`${server.url}/readyz?verbose`)).text).toBe('[+]informers-synced ok\n[+]throws ok\n[+]slow ok\ncheck passed\n');

    server.addReadyCheck('hangs', () => new Promise<boolean>(() => undefined));
    expect(await get(`${server.url}/readyz`)).toMatchObject({ status: 500, text: expect.stringContaining('[-]hangs failed: timed out after 200 ms') });

    server.addHealthCheck('event-loop', () => false);
    expect((await get(`${server.url}/healthz`)).status).toBe(500);
    expect((await get(`${server.url}/nope`)).status).toBe(404);
  });

  test('/metrics serves the controller-runtime, workqueue, leader-election and informer metric names', async () => {
    const metrics = new RuntimeMetrics();
    const c = new Controller<string>({ name: 'demo', reconcile: async () => undefined, metrics, maxConcurrentReconciles: 2 });
    c.start();
    c.enqueue('a');
    metrics.informer('dc1/k8ssandraclusters').relisted();
    metrics.leaderStatus.set({ name: 'mission-control' }, 1);
    await new Promise((r) => setTimeout(r, 10));
    await c.stop();

    server = new HealthServer({ host: '127.0.0.1', port: 0, registry: metrics.registry });
    await server.listen();
    const res = await get(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    for (const name of [
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_errors_total',
      'controller_runtime_reconcile_time_seconds',
      'controller_runtime_active_workers',
      'controller_runtime_max_concurrent_reconciles',
      'workqueue_depth',
      'workqueue_adds_total',
      'workqueue_queue_duration_seconds',
      'workqueue_work_duration_seconds',
      'workqueue_retries_total',
      'workqueue_unfinished_work_seconds',
      'workqueue_longest_running_processor_seconds',
      'leader_election_master_status',
      'informer_relists_total',
      'informer_watch_restarts_total',
      'informer_watch_expired_total',
      'informer_last_event_timestamp_seconds',
      'informer_healthy',
    ]) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
    expect(res.text).toMatch(/^controller_runtime_reconcile_total\{controller="demo",result="success"\} 1$/m);
    expect(res.text).toMatch(/^controller_runtime_max_concurrent_reconciles\{controller="demo"\} 2$/m);
    expect(res.text).toMatch(/^workqueue_adds_total\{name="demo",controller="demo"\} 1$/m);
    expect(res.text).toMatch(/^informer_relists_total\{informer="dc1\/k8ssandraclusters"\} 1$/m);
    expect(res.text).toMatch(/^leader_election_master_status\{name="mission-control"\} 1$/m);
  });

  test('close() returns promptly even with a keep-alive client connected', async () => {
    server = new HealthServer({ host: '127.0.0.1', port: 0, registry: new RuntimeMetrics().registry });
    await server.listen();
    const url = server.url;
    await new Promise<void>((resolve, reject) => {
      request(`${url}/healthz`, { headers: { Connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject).end();
    });
    await server.close();
    await expect(get(`${url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
