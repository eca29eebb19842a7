import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONFIG_MAP, configMap } from './helpers';
import { KubeClient, KubeHttp } from '../../../lib/kube';

/**
 * Retries need answers a real API server gives only under load (429 from priority and
 * fairness, 5xx from an overloaded etcd), so a local server scripts them here.
 */
let server: Server;
let http: KubeHttp;
/** Answers still to give, in order; once used up every request gets 200. */
let script: Array<{ status: number; headers?: Record<string, string> }> = [];
let seen: string[] = [];

function answer(req: IncomingMessage, res: ServerResponse): void {
  seen.push(`${req.method} ${Date.now()}`);
  req.resume();
  req.on('end', () => {
    const next = script.shift() ?? { status: 200 };
    res.writeHead(next.status, { 'Content-Type': 'application/json', ...next.headers });
    res.end(JSON.stringify(next.status === 200 ? configMap('ns', 'cm', {}) : { kind: 'Status', code: next.status, reason: 'TooManyRequests', message: `scripted ${next.status}` }));
  });
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  http = new KubeHttp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {});
});

beforeEach(() => {
  script = [];
  seen = [];
});

afterAll(async () => {
  http.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fast = () => new KubeClient(http, { retry: { initialDelayMs: 10, maxDelayMs: 20 } });

test('429 with Retry-After is waited out and retried, also for create', async () => {
  script = [{ status: 429, headers: { 'Retry-After': '1' } }];
  const client = fast();
  await expect(client.create(CONFIG_MAP, configMap('ns', 'cm', {}))).resolves.toMatchObject({ metadata: { name: 'cm' } });
  expect(seen).toHaveLength(2);
  const [first, second] = seen.map((s) => Number(s.split(' ')[1]));
  expect(second - first).toBeGreaterThanOrEqual(950);
  expect(client.requestCounts().create).toBe(2);
});

test('5xx is retried for idempotent requests (get, apply, update, delete) with backoff', async () => {
  const client = fast();
  script = [{ status: 503 }, { status: 500 }];
  await expect(client.get(CONFIG_MAP, { namespace: 'ns', name: 'cm' })).resolves.toBeDefined();
  expect(seen).toHaveLength(3);
  seen = [];
  script = [{ status: 504 }];
  await expect(client.apply(CONFIG_MAP, configMap('ns', 'cm', {}))).resolves.toBeDefined();
  expect(seen).toHaveLength(2);
});

test('5xx is not retried for create: the server may have stored the object', async () => {
  script = [{ status: 503 }];
  await expect(fast().create(CONFIG_MAP, configMap('ns', 'cm', {}))).rejects.toMatchObject({ status: 503 });
  expect(seen).toHaveLength(1);
});

test('retries are bounded; the last error reaches the caller with its Retry-After', async () => {
  script = Array.from({ length: 10 }, () => ({ status: 503, headers: { 'Retry-After': '0' } }));
  await expect(new KubeClient(http, { retry: { maxRetries: 2, initialDelayMs: 10 } }).get(CONFIG_MAP, { namespace: 'ns', name: 'cm' })).rejects.toMatchObject({ status: 503 });
  expect(seen).toHaveLength(3);
  seen = [];
  // Longer than the client is willing to wait: handed to the caller's own backoff at once.
  script = [{ status: 429, headers: { 'Retry-After': '120' } }];
  await expect(fast().get(CONFIG_MAP, { namespace: 'ns', name: 'cm' })).rejects.toMatchObject({ status: 429, retryAfterSeconds: 120 });
  expect(seen).toHaveLength(1);
});

test('an aborted write signal refuses writes before they are sent and ends a retry wait', async () => {
  const fence = new AbortController();
  const client = new KubeClient(http).withWriteSignal(fence.signal);
  script = [{ status: 429, headers: { 'Retry-After': '5' } }];
  const pending = client.apply(CONFIG_MAP, configMap('ns', 'cm', {}));
  await new Promise((r) => setTimeout(r, 200));
  fence.abort();
  await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  seen = [];
  await expect(client.apply(CONFIG_MAP, configMap('ns', 'cm', {}))).rejects.toMatchObject({ name: 'AbortError' });
  // Reads are not fenced: a standby keeps its caches.
  await expect(client.get(CONFIG_MAP, { namespace: 'ns', name: 'cm' })).resolves.toBeDefined();
  expect(seen.map((s) => s.split(' ')[0])).toEqual(['GET']);
});
