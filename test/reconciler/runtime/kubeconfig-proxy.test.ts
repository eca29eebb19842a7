import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { NAMESPACE, withLogs } from './helpers';
import { KubeClient, parseKubeconfig } from '../../../lib/kube';
import { kubeHttpFromKubeConfig, loadKubeConfig } from '../../../lib/kube/kube-config';
import { startApiServers, type ApiServers } from '../../../lib/testing';

/**
 * A test-local HTTP CONNECT proxy on loopback: records every CONNECT target and tunnels only
 * to 127.0.0.1, so nothing here ever dials another address.
 */
function connectProxy(): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    seen.push(target);
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    if (host !== '127.0.0.1') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, seen })));
}

let servers: ApiServers | undefined;

beforeAll(async () => {
  servers = await startApiServers({ planes: ['proxied'] });
}, 300_000);

afterAll(async () => {
  await servers?.stop();
}, 120_000);

test('a kubeconfig cluster with proxy-url is reached through that HTTP CONNECT proxy', withLogs(() => servers, async () => {
  const plane = servers!.planes.proxied;
  const admin = parseKubeconfig(readFileSync(plane.kubeconfigPath, 'utf8'));
  const proxy = await connectProxy();
  const b64 = (s: string | undefined) => Buffer.from(s ?? '').toString('base64');
  const text = stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': [{ name: 'c', cluster: { 'server': admin.server, 'certificate-authority-data': b64(admin.ca), 'proxy-url': `http://127.0.0.1:${proxy.port}` } }],
    'users': [{ name: 'u', user: { 'client-certificate-data': b64(admin.cert), 'client-key-data': b64(admin.key) } }],
    'contexts': [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'c',
  });
  // Loaded as the operator loads a data plane's kubeconfig: client-node's KubeConfig.
  const http = kubeHttpFromKubeConfig(loadKubeConfig(text));
  try {
    const ns = await new KubeClient(http).get(NAMESPACE, { name: 'default' });
    expect(ns?.metadata.name).toBe('default');
    expect(proxy.seen).toContain(`127.0.0.1:${plane.port}`);
  } finally {
    http.close();
    proxy.server.close();
  }
  // The same kubeconfig without proxy-url goes straight to the API server.
  const direct = kubeHttpFromKubeConfig(loadKubeConfig(text.replace(/^\s*proxy-url:.*$/m, '')));
  try {
    const before = proxy.seen.length;
    expect((await new KubeClient(direct).get(NAMESPACE, { name: 'default' }))?.metadata.name).toBe('default');
    expect(proxy.seen.length).toBe(before);
  } finally {
    direct.close();
  }
}), 60_000);
