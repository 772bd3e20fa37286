// `npm start` for a bot in many servers: the shard count comes from Discord (GET /gateway/bot), one
// child process per shard connects to the fake gateway as that shard, receives only its own servers and
// their interactions, and posts the daily questions of its own servers only, once each. The parent serves
// /readyz and /metrics for all of them, restarts a shard that dies, and stops them all on SIGTERM.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { logLine, sample, until } from '../ops/support/ops.ts';
import { startMain, tempDataDir, type RunningMain } from '../reliability/support/main-process.ts';
import { FakeDiscord, IDS, shardFor, type Json } from './support/fake-discord.ts';

// Two servers for each of the two shards (Discord's rule: (id >> 22) % 2), each with a daily question due now.
const SERVERS = [1000n, 1001n, 1002n, 1003n].map((n) => ({ guild: String(n << 22n), channel: String((n + 5000n) << 22n) }));

let fake: FakeDiscord;
let main: RunningMain;
let dataDir: string;
let ops: string;

/** The JSON log lines of the parent and every shard so far. */
const lines = (): Json[] => main.stderr().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

beforeAll(async () => {
  fake = await FakeDiscord.start();
  fake.recommendedShards = 2;
  fake.maxConcurrency = 16;
  for (const s of SERVERS) fake.addGuild(s.guild, s.channel);
  dataDir = tempDataDir();
  const store = new SqliteStore(join(dataDir, 'responsibot.db'));
  const now = new Date();
  for (const s of SERVERS) {
    await store.saveSchedule({ platform: 'discord', workspaceId: s.guild, channelId: s.channel, time: now.toISOString().slice(11, 16), timezone: 'UTC', days: '*', createdBy: IDS.user, createdAt: now.getTime() - 86_400_000 });
  }
  await store.close();
  main = startMain({ DISCORD_TOKEN: 'shard-token', DISCORD_APP_ID: IDS.app, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir, OPS_PORT: '0', LOG_LEVEL: 'debug' });
  ops = `http://127.0.0.1:${(await logLine(main.child, 'ops endpoints listening (/healthz, /readyz, /metrics)')).port}`;
  // The parent says so once every shard is ready (each shard process says it too, for itself).
  await until(async () => lines().some((l) => l.msg === 'Responsibot is running' && l.shard === undefined), Boolean, 'the parent running', 90_000);
}, 120_000);

afterAll(async () => {
  if (main?.child.exitCode === null) await main.stop('SIGKILL');
  for (const pid of new Set(lines().filter((l) => l.shard !== undefined).map((l) => l.pid as number))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Discord sharding', () => {
  it('takes the shard count from Discord and connects one process per shard', () => {
    expect(fake.requests.filter((r) => r.path === '/gateway/bot').length).toBeGreaterThanOrEqual(1);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(new Set(fake.identifies.map((i) => i.token))).toEqual(new Set(['shard-token']));
    const shardPids = new Set(lines().filter((l) => l.msg === 'Discord adapter started').map((l) => `${l.shard}:${l.pid}`));
    expect(shardPids.size).toBe(2);
  });

  it('posts each daily question once, from the shard that holds its server', async () => {
    for (const s of SERVERS) await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${s.channel}/messages`, 30_000);
    const posted = await until(
      async () => lines().filter((l) => l.msg === 'question posted'),
      (p) => p.length >= SERVERS.length,
      'daily posts',
    );
    for (const s of SERVERS) {
      const by = posted.filter((p) => p.channel === s.channel);
      expect(by.map((p) => p.shard), `server ${s.guild}`).toEqual([shardFor(s.guild, 2)]);
      expect(fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${s.channel}/messages`)).toHaveLength(1);
    }
  });

  it("answers an interaction in the shard that holds its server (Discord sends it nowhere else)", async () => {
    for (const s of SERVERS) {
      const answer = (await fake.callback(fake.chatInput('who', [{ name: 'question', type: 3, value: 'who patches the hypervisor?' }], { guildId: s.guild }), 15_000)).body.data;
      expect(answer.embeds[0].title).toBe('AWS is responsible');
    }
  });

  it('reports readiness and metrics for every shard from the parent', async () => {
    const ready = await until(async () => (await fetch(`${ops}/readyz`)).status, (s) => s === 200, 'readyz');
    expect(ready).toBe(200);
    const text = await (await fetch(`${ops}/metrics`)).text();
    for (const shard of ['0', '1']) {
      expect(sample(text, 'responsibot_posts_total', { platform: 'discord', kind: 'daily', outcome: 'ok', shard })).toBe(2);
      expect(sample(text, 'responsibot_answers_total', { platform: 'discord', command: 'who', outcome: 'ok', shard })).toBe(2);
    }
  });

  it('starts a shard again when its process dies', async () => {
    const shard1 = lines().find((l) => l.msg === 'Discord adapter started' && l.shard === 1)!.pid as number;
    const before = fake.identifies.length;
    process.kill(shard1, 'SIGKILL');
    await fake.identified(before + 1);
    expect(fake.identifies.at(-1)!.shard).toEqual([1, 2]);
    const answer = (await fake.callback(fake.chatInput('who', [{ name: 'question', type: 3, value: 'who patches the hypervisor?' }], { guildId: SERVERS[1]!.guild }), 15_000)).body.data;
    expect(answer.embeds[0].title).toBe('AWS is responsible');
  });

  it('stops every shard on SIGTERM', async () => {
    const pids = [...new Set(lines().filter((l) => l.msg === 'Discord adapter started').map((l) => l.pid as number))];
    const exit = await main.stop('SIGTERM');
    expect(exit.code).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
