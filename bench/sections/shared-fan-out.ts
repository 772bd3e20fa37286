// Figure 5b: one daily fan-out shared by several bot processes on one PostgreSQL database. N schedules
// for the same minute in a fresh database; P child processes (tests/reliability/support/pg-bot.ts: the
// real core, PostgresStore and the real Slack messenger, compiled once) post through ONE token-bucket
// rate limiter to the fake Slack — Slack's limit is per workspace, so the processes share it. Each
// process ticks as main.ts does (about once a second, its clock following real time from the scheduled
// minute) until every channel has its question. The database decides which process posts where.
// Timed from the first tick to the last post the fake accepted; duplicates and missing posts are
// counted from what the fake stored.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeSlack, TEAM_ID } from '../../tests/slack/support/fake-slack.ts';
import { BotProcess } from '../../tests/reliability/support/bot-fleet.ts';
import { compileChild } from '../../tests/reliability/support/compile-writer.ts';
import { RateLimitedProxy } from '../lib/rate-limited-proxy.ts';
import { openBenchStore } from '../lib/stores.ts';
import { AT } from './fan-out.ts';

export interface SharedFanOutOptions {
  label: string;
  processes: number;
  channels: number;
  ratePerSec: number;
  burst: number;
  /** Give up after this long (a hung child must not hang the run). */
  timeoutMs: number;
}

export interface SharedFanOutResult extends SharedFanOutOptions {
  wallMs: number;
  floorMs: number;
  strictFloorMs: number;
  ratio: number;
  delivered: number;
  duplicates: number;
  missing: number;
  apiCalls: number;
  rateLimited: number;
  ticks: number;
  postStatus: Record<string, number>;
}

export async function sharedFanOut(opts: SharedFanOutOptions): Promise<SharedFanOutResult> {
  const bench = await openBenchStore('postgres', { maxConnections: 4 });
  const fake = await FakeSlack.start();
  const proxy = await RateLimitedProxy.start({ target: fake.url, ratePerSec: opts.ratePerSec, burst: opts.burst, latencyMs: 0, style: 'slack' });
  const bundle = await compileChild('tests/reliability/support/pg-bot.ts');
  const at = Date.parse(AT);
  const bots = Array.from({ length: opts.processes }, (_, i) => new BotProcess(`bench${i}`, bundle, [bench.url!, proxy.apiUrl, `bench${i}`, String(at), '10']));
  try {
    const channels = Array.from({ length: opts.channels }, (_, i) => `C${String(i).padStart(5, '0')}`);
    for (const channelId of channels) {
      await bench.store.saveSchedule({ platform: 'slack', workspaceId: TEAM_ID, channelId, time: '09:00', timezone: 'UTC', days: '*', createdBy: 'U0ADMIN', createdAt: at - 86_400_000 });
    }
    const started = await Promise.all(bots.map((b) => b.started));
    if (!started.every(Boolean)) throw new Error(`a bot process did not start: ${bots.map((b) => b.stderr).join('\n')}`);

    const posted = () => new Set(fake.callsOf('chat.postMessage').filter((c) => c.ok).map((c) => String(c.body.channel))).size;
    proxy.reset();
    const start = Date.now();
    let ticks = 0;
    let done = false;
    // Each process ticks like main.ts's 1-second interval: a tick that took longer is followed at once.
    const loop = async (bot: BotProcess) => {
      while (!done && Date.now() - start < opts.timeoutMs) {
        const tickStarted = Date.now();
        if ((await bot.request('tick', at + (tickStarted - start))) === undefined) throw new Error(`${bot.label} died: ${bot.stderr}`);
        ticks++;
        if (posted() >= channels.length) done = true;
        else await sleep(Math.max(0, 1000 - (Date.now() - tickStarted)));
      }
    };
    await Promise.all(bots.map(loop));
    const lastPost = Math.max(...fake.callsOf('chat.postMessage').filter((c) => c.ok).map((c) => c.at));
    const wallMs = lastPost - start;

    let delivered = 0;
    let duplicates = 0;
    let missing = 0;
    for (const channelId of channels) {
      const n = fake.messagesIn(channelId).length;
      if (n === 0) missing++;
      else delivered++;
      duplicates += Math.max(0, n - 1);
    }
    const floorMs = (opts.channels / opts.ratePerSec) * 1000;
    return {
      ...opts,
      wallMs,
      floorMs,
      strictFloorMs: (Math.max(0, opts.channels - opts.burst) / opts.ratePerSec) * 1000,
      ratio: wallMs / floorMs,
      delivered,
      duplicates,
      missing,
      apiCalls: proxy.stats.calls,
      rateLimited: proxy.stats.limited,
      ticks,
      postStatus: await bench.dailyStatus(),
    };
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await proxy.close();
    await fake.close();
    await bench.dispose();
    rmSync(dirname(bundle), { recursive: true, force: true });
  }
}
