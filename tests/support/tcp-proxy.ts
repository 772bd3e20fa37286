// A TCP forwarder on loopback between a client and a real server (PostgreSQL), for network faults
// without mocks: cut() breaks every open connection (a restarted server, a dropped NAT entry) and
// down() also refuses new ones until up() (an unreachable server).
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export class TcpProxy {
  port = 0;
  private readonly sockets = new Set<Socket>();
  private refusing = false;

  private constructor(private readonly server: Server) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    let proxy!: TcpProxy;
    const server = createServer((client) => {
      if (proxy.refusing) return void client.destroy();
      const upstream = connect(targetPort, targetHost);
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          proxy.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    proxy = new TcpProxy(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    proxy.port = (server.address() as AddressInfo).port;
    return proxy;
  }

  /** Open connections right now (both directions count once each). */
  get connections(): number {
    return this.sockets.size / 2;
  }

  /** Resets every open connection. */
  cut(): void {
    for (const s of this.sockets) s.resetAndDestroy();
  }

  /** Cuts every connection and refuses new ones until up(). */
  down(): void {
    this.refusing = true;
    this.cut();
  }

  up(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
