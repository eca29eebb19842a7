import { connect, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Client bytes held back while partitioned. */
  readonly held: Buffer[];
  /** Server bytes held back while partitioned. */
  readonly heldBack: Buffer[];
}

/**
 * A TCP proxy that can partition its client from the server: while partitioned, bytes in
 * both directions are held (as a network that delivers late), and a client that gives up
 * and closes its socket loses what was held, as it would when its retransmissions stop.
 * TLS passes through untouched.
 */
export class PartitionProxy {
  static async start(target: string): Promise<PartitionProxy> {
    const { hostname, port } = new URL(target);
    let proxy: PartitionProxy | undefined;
    const server = createServer((client) => proxy!.accept(client, hostname, Number(port)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('unexpected proxy address');
    proxy = new PartitionProxy(server, `https://127.0.0.1:${address.port}`);
    return proxy;
  }

  /** Client-to-server bytes that were held during a partition and delivered when it healed. */
  deliveredLate = 0;
  private readonly pairs = new Set<Pair>();
  private partitioned = false;

  private constructor(
    private readonly server: Server,
    /** `https://127.0.0.1:<port>` of the proxy. */
    readonly url: string,
  ) {}

  partition(): void {
    this.partitioned = true;
  }

  heal(): void {
    this.partitioned = false;
    for (const pair of this.pairs) {
      for (const chunk of pair.held.splice(0)) {
        this.deliveredLate += chunk.length;
        pair.upstream.write(chunk);
      }
      for (const chunk of pair.heldBack.splice(0)) pair.client.write(chunk);
    }
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(client: Socket, host: string, port: number): void {
    const upstream = connect(port, host);
    const pair: Pair = { client, upstream, held: [], heldBack: [] };
    this.pairs.add(pair);
    client.on('data', (chunk: Buffer) => (this.partitioned ? pair.held.push(chunk) : upstream.write(chunk)));
    upstream.on('data', (chunk: Buffer) => (this.partitioned ? pair.heldBack.push(chunk) : client.write(chunk)));
    const end = () => {
      pair.held.length = 0;
      pair.heldBack.length = 0;
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
