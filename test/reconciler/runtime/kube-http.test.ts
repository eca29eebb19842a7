import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeHttp } from '../../../lib/kube';

/**
 * Transport behaviour a real API server cannot be made to show on demand: chunk boundaries
 * inside a character, and a server that trickles its answer.
 */
let server: Server;
let url: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
const https: KubeHttp[] = [];

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const h of https) h.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(): KubeHttp {
  const h = new KubeHttp(url, {});
  https.push(h);
  return h;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a multi-byte character split across watch chunks arrives intact', async () => {
  const text = 'Grüße, 東京 🚀';
  const line = Buffer.from(`${JSON.stringify({ type: 'ADDED', object: { data: { text } } })}\n`);
  // Cut inside the first 'ü' (two bytes) and inside the rocket (four bytes).
  const cuts = [line.indexOf(Buffer.from('ü')) + 1, line.indexOf(Buffer.from('🚀')) + 2];
  handler = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    void (async () => {
      let from = 0;
      for (const cut of [...cuts, line.length]) {
        res.write(line.subarray(from, cut));
        from = cut;
        // Separate TCP segments, so the client sees separate chunks.
        await pause(50);
      }
      res.end();
    })();
  };
  const res = await client().stream('/watch');
  const lines: string[] = [];
  for await (const l of res.lines) lines.push(l);
  expect(lines).toHaveLength(1);
  expect((JSON.parse(lines[0]) as { object: { data: { text: string } } }).object.data.text).toBe(text);
});

test('the request timeout is a deadline on the whole exchange, not a socket-idle timer', async () => {
  handler = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    // One byte every 200 ms: never idle for long, never done.
    const timer = setInterval(() => res.write(' '), 200);
    res.on('close', () => clearInterval(timer));
  };
  const started = Date.now();
  await expect(client().request('GET', '/slow', { timeoutMs: 1_000 })).rejects.toThrow(/timed out after 1000 ms/);
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(950);
  expect(took).toBeLessThan(1_500);
}, 10_000);

test('a deadline also bounds a server that never answers', async () => {
  handler = () => undefined;
  const started = Date.now();
  await expect(client().request('GET', '/silent', { timeoutMs: 500 })).rejects.toThrow(/timed out after 500 ms/);
  expect(Date.now() - started).toBeLessThan(1_000);
}, 10_000);

/**
 * The server closes each kept-alive connection just as the next request on it arrives, the
 * race a client meets when the server drops a connection that sat idle in the pool.
 */
function closeOnSecondRequest(): { connections: () => number } {
  const served = new WeakMap<object, number>();
  let connections = 0;
  handler = (req, res) => {
    const n = served.get(req.socket) ?? 0;
    if (n === 0) connections += 1;
    served.set(req.socket, n + 1);
    if (n > 0) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ path: req.url, method: req.method }));
  };
  return { connections: () => connections };
}

test('an idempotent request whose pooled connection the server closed goes again on a new one', async () => {
  const closing = closeOnSecondRequest();
  const h = client();
  expect((await h.request('GET', '/first')).status).toBe(200);
  const again = await h.request('PATCH', '/second', { body: {}, contentType: 'application/apply-patch+yaml' });
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ path: '/second', method: 'PATCH' });
  expect(closing.connections()).toBe(2);
});

test('a create on a closed pooled connection is not sent twice: the caller decides', async () => {
  const closing = closeOnSecondRequest();
  const h = client();
  expect((await h.request('GET', '/first')).status).toBe(200);
  await expect(h.request('POST', '/create', { body: {} })).rejects.toMatchObject({ code: 'ECONNRESET' });
  expect(closing.connections()).toBe(1);
});
