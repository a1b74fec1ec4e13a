// What a load balancer in front of several nodes does for the suite (nginx in a deployment): each connection
// goes to the first node of its list that accepts it, so a client whose node died reconnects, through the same
// address, to another one.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class FailoverProxy {
  private readonly open = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly url: string
  ) {}

  /** Listens on a free port of 127.0.0.1 and forwards to `ports`, the first that accepts. */
  static async start(ports: number[]): Promise<FailoverProxy> {
    let proxy!: FailoverProxy;
    const server = createServer((client) => proxy.forward(client, ports));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FailoverProxy(server, `http://127.0.0.1:${(server.address() as { port: number }).port}`);
    return proxy;
  }

  private forward(client: Socket, ports: number[], index = 0): void {
    if (index >= ports.length) {
      client.destroy();
      return;
    }
    const upstream = connect(ports[index], '127.0.0.1');
    let connected = false;
    upstream.on('error', () => {
      // Refused (that node is down): the next one; once connected, an error ends both sides.
      if (!connected) this.forward(client, ports, index + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      this.open.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.open.delete(client);
        this.open.delete(upstream);
      };
      client.once('close', end);
      upstream.once('close', end);
      client.on('error', end);
    });
  }

  async stop(): Promise<void> {
    for (const s of this.open) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
