// The ops endpoints on their own: what a load balancer, an orchestrator and Prometheus get back.
import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../../src/adapters/ops/prometheus.ts';
import { startOpsServer, type ReadinessCheck, type RunningOpsServer } from '../../src/adapters/ops/server.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';

const running: RunningOpsServer[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

async function start(checks: ReadinessCheck[]) {
  const metrics = new PrometheusMetrics();
  const server = await startOpsServer({
    port: 0,
    host: '127.0.0.1',
    checks: () => checks,
    metrics: async () => ({ contentType: metrics.contentType, body: await metrics.exposition() }),
    log: silentLogger,
    checkTimeoutMs: 200,
  });
  running.push(server);
  return { url: `http://127.0.0.1:${server.port}`, metrics };
}

describe('ops endpoints', () => {
  it('/healthz answers while the process runs, whatever the checks say', async () => {
    const { url } = await start([{ name: 'store', check: () => false }]);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('/readyz is 200 when every check passes, and names each', async () => {
    const { url } = await start([
      { name: 'store', check: async () => true },
      { name: 'slack', check: () => true },
    ]);
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { store: 'ok', slack: 'ok' } });
  });

  it('/readyz is 503 and names what fails: false, a throw, or no answer in time', async () => {
    const { url } = await start([
      { name: 'store', check: async () => Promise.reject(new Error('connection refused to postgres://user:secret@db')) },
      { name: 'slack', check: () => false },
      { name: 'discord', check: () => new Promise<boolean>(() => {}) },
      { name: 'started', check: () => true },
    ]);
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'not ready', checks: { store: 'failing', slack: 'failing', discord: 'failing', started: 'ok' } });
    // The reason stays in the process (it may name a host or a secret): the endpoint says only which.
    expect(text).not.toContain('secret');
  });

  it('/metrics serves the Prometheus text format', async () => {
    const { url, metrics } = await start([]);
    metrics.answered({ platform: 'console', command: 'who', outcome: 'ok' }, 0.0004);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE responsibot_answers_total counter');
    expect(text).toContain('responsibot_answers_total{platform="console",command="who",outcome="ok"} 1');
    expect(text).toContain('responsibot_answer_duration_seconds_bucket{le="0.0005",platform="console",command="who"} 1');
  });

  it('refuses other paths and methods', async () => {
    const { url } = await start([]);
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
