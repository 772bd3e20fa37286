// A rate limiter in front of the fake Slack Web API: a token bucket shared by every call ("overall"),
// answering HTTP 429 with Retry-After (whole seconds, as Slack does) when it is empty, and otherwise
// forwarding to the fake. Optionally adds a fixed latency to every answer, like a real network
// round trip to slack.com.
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProxyOptions {
  /** Where the fake listens, e.g. http://127.0.0.1:1234 */
  target: string;
  /** Calls allowed per second; Infinity for no limit. */
  ratePerSec: number;
  /** Bucket size: how many calls may go at once after a quiet spell. */
  burst: number;
  /** Added to every answer (forwarded or 429). */
  latencyMs: number;
  /**
   * How a 429 looks. slack: Retry-After in whole seconds and {ok:false,error:'ratelimited'};
   * discord: a global limit, retry_after in (fractional) seconds in the body and headers, as Discord
   * sends it, so discord.js's own rate-limit handling is what waits.
   */
  style?: 'slack' | 'discord';
}

export class RateLimitedProxy {
  readonly stats = { calls: 0, forwarded: 0, limited: 0 };
  url = '';
  private tokens: number;
  private last = performance.now();
  private readonly agent = new Agent({ keepAlive: true });
  private server!: Server;

  private constructor(private readonly opts: ProxyOptions) {
    this.tokens = opts.burst;
  }

  static async start(opts: ProxyOptions): Promise<RateLimitedProxy> {
    const proxy = new RateLimitedProxy(opts);
    proxy.server = createServer((req, res) => void proxy.handle(req, res));
    proxy.server.listen(0, '127.0.0.1');
    await once(proxy.server, 'listening');
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A full bucket and zeroed counters, e.g. after the app's start-up calls. */
  reset(): void {
    this.tokens = this.opts.burst;
    this.last = performance.now();
    this.stats.calls = this.stats.forwarded = this.stats.limited = 0;
  }

  private take(): number {
    if (!Number.isFinite(this.opts.ratePerSec)) return 0;
    const now = performance.now();
    this.tokens = Math.min(this.opts.burst, this.tokens + ((now - this.last) / 1000) * this.opts.ratePerSec);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    const seconds = (1 - this.tokens) / this.opts.ratePerSec;
    return this.opts.style === 'discord' ? seconds : Math.max(1, Math.ceil(seconds));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    this.stats.calls++;
    const retryAfter = this.take();
    if (this.opts.latencyMs > 0) await sleep(this.opts.latencyMs);
    if (retryAfter > 0) {
      this.stats.limited++;
      if (this.opts.style === 'discord') {
        res
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter.toFixed(3), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' })
          .end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global: true, code: 0 }));
      } else {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      }
      return;
    }
    this.stats.forwarded++;
    const upstream = request(`${this.opts.target}${req.url ?? '/'}`, { method: req.method, headers: { ...req.headers, host: new URL(this.opts.target).host }, agent: this.agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    upstream.end(body);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
