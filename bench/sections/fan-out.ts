// Figure 5: the daily question fanned out to many channels. N schedules for the same minute in a real
// SQLite file, a FakeClock at that minute, the real Slack adapter (startSlack) posting through a
// token-bucket rate limiter (bench/lib/rate-limited-proxy.ts) to the fake Slack Web API; then ONE
// core.quiz.tick(), timed until it returns (it posts to 8 channels at a time). Every channel must get exactly
// one message: duplicates and missing posts are counted from what the fake Slack stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { startSlack } from '../../src/adapters/slack/index.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { createCore } from '../../src/core/responsibot.ts';
import { FakeSlack, TEAM_ID } from '../../tests/slack/support/fake-slack.ts';
import { RateLimitedProxy } from '../lib/rate-limited-proxy.ts';

export interface FanOutOptions {
  label: string;
  channels: number;
  ratePerSec: number;
  /** Token bucket size (calls allowed at once after a quiet spell); defaults to one second's worth. */
  burst?: number;
  latencyMs: number;
}

export interface FanOutResult extends FanOutOptions {
  wallMs: number;
  /** channels / rate: the floor the issue sets (∞ rate: n/a). */
  floorMs: number;
  /** (channels − burst) / rate: the true minimum, since a full bucket lets `burst` calls through at once. */
  strictFloorMs: number;
  ratio: number;
  /** Wall time per channel (with deliveries overlapping, not the cost of one). */
  perChannelMs: number;
  delivered: number;
  duplicates: number;
  missing: number;
  apiCalls: number;
  rateLimited: number;
  postStatus: Record<string, number>;
}

const AT = '2026-03-02T09:00:00Z';

export async function fanOut(opts: FanOutOptions): Promise<FanOutResult> {
  const dir = mkdtempSync(join(tmpdir(), 'responsibot-bench-fanout-'));
  const fake = await FakeSlack.start();
  const limited = Number.isFinite(opts.ratePerSec);
  const burst = opts.burst ?? (limited ? opts.ratePerSec : 1);
  const proxy = await RateLimitedProxy.start({ target: fake.url, ratePerSec: opts.ratePerSec, burst, latencyMs: opts.latencyMs });
  const store = new SqliteStore(join(dir, 'responsibot.db'));
  const clock = new FakeClock(AT);
  const { packs } = loadKnowledge('knowledge');
  const core = createCore(packs, { store, clock });
  const slack = await startSlack({ core, botToken: 'xoxb-bench', signingSecret: 'bench-secret', port: 0, host: '127.0.0.1', apiUrl: proxy.apiUrl, adminUsers: [], log: core.log });
  try {
    const createdAt = clock.now().getTime() - 24 * 3600_000;
    const channels = Array.from({ length: opts.channels }, (_, i) => `C${String(i).padStart(5, '0')}`);
    for (const channelId of channels) {
      await store.saveSchedule({ platform: 'slack', workspaceId: TEAM_ID, channelId, time: '09:00', timezone: 'UTC', days: '*', createdBy: 'U0ADMIN', createdAt });
    }
    proxy.reset();
    const start = performance.now();
    await core.quiz!.tick();
    const wallMs = performance.now() - start;

    let delivered = 0;
    let duplicates = 0;
    let missing = 0;
    for (const channelId of channels) {
      const n = fake.messagesIn(channelId).length;
      if (n === 0) missing++;
      else delivered++;
      duplicates += Math.max(0, n - 1);
    }
    const rows = store.db.prepare("SELECT status, COUNT(*) AS n FROM posts WHERE kind = 'daily' GROUP BY status").all() as { status: string; n: number }[];
    const floorMs = limited ? (opts.channels / opts.ratePerSec) * 1000 : NaN;
    return {
      ...opts,
      burst,
      wallMs,
      floorMs,
      strictFloorMs: limited ? (Math.max(0, opts.channels - burst) / opts.ratePerSec) * 1000 : NaN,
      ratio: wallMs / floorMs,
      perChannelMs: wallMs / opts.channels,
      delivered,
      duplicates,
      missing,
      apiCalls: proxy.stats.calls,
      rateLimited: proxy.stats.limited,
      postStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
    };
  } finally {
    await slack.stop();
    await store.close();
    await proxy.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
