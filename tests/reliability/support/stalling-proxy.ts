// An HTTP proxy in front of a fake platform that forwards everything except the requests it is told to
// stall: those it accepts and never answers (a platform that hangs, a dead load balancer).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class StallingProxy {
  readonly stalled: string[] = [];
  private readonly waiting = new Set<ServerResponse>();
  private stallListeners: (() => void)[] = [];
  url = '';

  private constructor(
    private readonly server: Server,
    private readonly target: string,
    private readonly stall: (path: string) => boolean,
  ) {}

  static async start(target: string, stall: (path: string) => boolean): Promise<StallingProxy> {
    let proxy: StallingProxy | undefined;
    const server = createServer((req, res) => void proxy!.handle(req, res));
    proxy = new StallingProxy(server, target.replace(/\/$/, ''), stall);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Resolves once a request has been stalled. */
  stalledOnce(): Promise<void> {
    if (this.stalled.length) return Promise.resolve();
    return new Promise((resolve) => this.stallListeners.push(resolve));
  }

  async close(): Promise<void> {
    for (const res of this.waiting) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? '/';
    if (this.stall(path)) {
      this.stalled.push(path);
      this.waiting.add(res);
      for (const l of this.stallListeners.splice(0)) l();
      return; // never answered
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    const upstream = await fetch(`${this.target}${path}`, { method: req.method ?? 'GET', headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    const body = Buffer.from(await upstream.arrayBuffer());
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (k !== 'content-encoding' && k !== 'content-length' && k !== 'transfer-encoding') out[k] = v;
    });
    res.writeHead(upstream.status, out).end(body);
  }
}
