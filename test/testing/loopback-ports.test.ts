import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { reserveLoopbackPorts } from '../../lib/testing/api-servers';

test('reserved ports are distinct, free, and below the range the kernel gives outgoing connections', async () => {
  const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  const ports = await reserveLoopbackPorts(12);
  expect(new Set(ports).size).toBe(12);
  for (const port of ports) {
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(ephemeralLow);
  }
  // Each is free again once reserved: a server can bind it.
  await Promise.all(ports.map((port) => new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  })));
});

test('a port held by another listener is skipped', async () => {
  const [first] = await reserveLoopbackPorts(1);
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(first, '127.0.0.1', resolve));
  try {
    for (let i = 0; i < 20; i++) expect(await reserveLoopbackPorts(3)).not.toContain(first);
  } finally {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }
});
