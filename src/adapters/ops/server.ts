// The operations endpoints, on a port of their own (OPS_PORT) so they work whatever the chat platforms
// do (Slack in Socket Mode listens on nothing): GET /healthz (the process is alive), GET /readyz (the
// store answers and every platform is connected; 503 and what is not, otherwise), GET /metrics
// (Prometheus text). Nothing secret is served: check names and yes/no only.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/ports/logger.ts';

export interface ReadinessCheck {
  name: string;
  /** True when ready; false or a throw (or taking longer than the timeout) when not. */
  check(): boolean | Promise<boolean>;
}

export interface OpsServerOptions {
  port: number;
  host?: string;
  checks: () => readonly ReadinessCheck[];
  metrics: () => Promise<{ contentType: string; body: string }>;
  log: Logger;
  checkTimeoutMs?: number;
}

export interface RunningOpsServer {
  port: number;
  stop(): Promise<void>;
}

export async function startOpsServer(opts: OpsServerOptions): Promise<RunningOpsServer> {
  const timeoutMs = opts.checkTimeoutMs ?? 2000;
  const server: Server = createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      opts.log.error({ err, path: req.url }, 'ops endpoint failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const results = await Promise.all(opts.checks().map(async (c) => [c.name, await runCheck(c, timeoutMs)] as const));
      const ready = results.every(([, ok]) => ok);
      const body = { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'ok' : 'failing'])) };
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(`${JSON.stringify(body)}\n`);
    } else if (path === '/metrics') {
      const { contentType, body } = await opts.metrics();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz, /readyz or /metrics\n');
    }
  }

  server.listen(opts.port, opts.host ?? '0.0.0.0');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err as Error))]);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function runCheck(c: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([Promise.resolve().then(() => c.check()), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
