// Figure 5: the daily question fanned out to many channels. N schedules for the same minute in a real
// store (a SQLite file, or a database on the PostgreSQL server), a FakeClock at that minute, the real Slack adapter (startSlack) — or the real Discord
// adapter (startDiscord, discord.js) — posting through a token-bucket rate limiter
// (bench/lib/rate-limited-proxy.ts) to the fake Slack / Discord API; then ONE core.quiz.tick(), timed
// until it returns (it posts to 8 channels at a time). Every channel must get exactly one message:
// duplicates and missing posts are counted from what the fake stored.
import { startDiscord } from '../../src/adapters/discord/index.ts';
import { startSlack } from '../../src/adapters/slack/index.ts';
import type { Platform } from '../../src/core/ports/messenger.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { createCore } from '../../src/core/responsibot.ts';
import { FakeDiscord, IDS } from '../../tests/discord/support/fake-discord.ts';
import { FakeSlack, TEAM_ID } from '../../tests/slack/support/fake-slack.ts';
import { RateLimitedProxy } from '../lib/rate-limited-proxy.ts';
import { openBenchStore, type StoreKind } from '../lib/stores.ts';

export interface FanOutOptions {
  label: string;
  /** Which adapter posts (default slack). */
  platform?: 'slack' | 'discord';
  /** Where the schedules and posts live (default sqlite). */
  store?: StoreKind;
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

export const AT = '2026-03-02T09:00:00Z';

/** One platform's fake, adapter and message count, behind the same rate limiter. */
interface Rig {
  platform: Platform;
  workspaceId: string;
  channelId(i: number): string;
  /** Messages the fake holds in a channel. */
  count(channelId: string): number;
  stop(): Promise<void>;
}

async function slackRig(core: ReturnType<typeof createCore>, proxyFor: (target: string) => Promise<RateLimitedProxy>): Promise<Rig & { proxy: RateLimitedProxy }> {
  const fake = await FakeSlack.start();
  const proxy = await proxyFor(fake.url);
  const slack = await startSlack({ core, botToken: 'xoxb-bench', signingSecret: 'bench-secret', port: 0, host: '127.0.0.1', apiUrl: proxy.apiUrl, adminUsers: [], log: core.log });
  return {
    proxy,
    platform: 'slack',
    workspaceId: TEAM_ID,
    channelId: (i) => `C${String(i).padStart(5, '0')}`,
    count: (channelId) => fake.messagesIn(channelId).length,
    async stop() {
      await slack.stop();
      await proxy.close();
      await fake.close();
    },
  };
}

async function discordRig(core: ReturnType<typeof createCore>, proxyFor: (target: string) => Promise<RateLimitedProxy>): Promise<Rig & { proxy: RateLimitedProxy }> {
  const fake = await FakeDiscord.start();
  const proxy = await proxyFor(`http://127.0.0.1:${fake.port}`);
  // The gateway stays direct (the proxy only sees REST); discord.js paces REST calls itself.
  const discord = await startDiscord({ core, token: 'bench-token', appId: IDS.app, apiUrl: `${proxy.url}/api`, log: core.log });
  const channelId = (i: number) => String(910_000_000_000_000_000n + BigInt(i));
  return {
    proxy,
    platform: 'discord',
    workspaceId: IDS.guild,
    channelId(i) {
      fake.addChannel(channelId(i));
      return channelId(i);
    },
    count: (id) => [...fake.messages.values()].filter((m) => m.channel_id === id).length,
    async stop() {
      await discord.stop();
      await proxy.close();
      await fake.close();
    },
  };
}

export async function fanOut(opts: FanOutOptions): Promise<FanOutResult> {
  const limited = Number.isFinite(opts.ratePerSec);
  const burst = opts.burst ?? (limited ? opts.ratePerSec : 1);
  const bench = await openBenchStore(opts.store ?? 'sqlite');
  const { store } = bench;
  const clock = new FakeClock(AT);
  const { packs } = loadKnowledge('knowledge');
  const core = createCore(packs, { store, clock });
  const proxyFor = (target: string) =>
    RateLimitedProxy.start({ target, ratePerSec: opts.ratePerSec, burst, latencyMs: opts.latencyMs, style: opts.platform === 'discord' ? 'discord' : 'slack' });
  const rig = opts.platform === 'discord' ? await discordRig(core, proxyFor) : await slackRig(core, proxyFor);
  const { proxy } = rig;
  try {
    const createdAt = clock.now().getTime() - 24 * 3600_000;
    const channels = Array.from({ length: opts.channels }, (_, i) => rig.channelId(i));
    for (const channelId of channels) {
      await store.saveSchedule({ platform: rig.platform, workspaceId: rig.workspaceId, channelId, time: '09:00', timezone: 'UTC', days: '*', createdBy: 'U0ADMIN', createdAt });
    }
    proxy.reset();
    const start = performance.now();
    await core.quiz!.tick();
    const wallMs = performance.now() - start;

    let delivered = 0;
    let duplicates = 0;
    let missing = 0;
    for (const channelId of channels) {
      const n = rig.count(channelId);
      if (n === 0) missing++;
      else delivered++;
      duplicates += Math.max(0, n - 1);
    }
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
      postStatus: await bench.dailyStatus(),
    };
  } finally {
    await rig.stop();
    await bench.dispose();
  }
}
