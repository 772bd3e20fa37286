// How this process takes part in Discord. Most bots need one gateway connection in this process. A
// bot in thousands of servers is sharded: this process then runs a ShardingManager whose children
// (this same program, told which shard they are) each hold one gateway shard. The count comes from
// Discord's recommendation (DISCORD_SHARDS=auto, the default) or from DISCORD_SHARDS.
import { fileURLToPath } from 'node:url';
import type { pino } from 'pino';
import type { Config } from '../config.ts';
import { ownsGuild } from '../adapters/discord/shard-env.ts';
import type { ChannelKey } from '../core/quiz/store.ts';
import type { Core } from '../core/responsibot.ts';
import type { RunningPlatform } from './platform.ts';
import { startFailure } from './start-failure.ts';

export type DiscordPlan =
  | { kind: 'none' }
  /** One gateway connection, in this process. */
  | { kind: 'single' }
  /** This process runs shard processes `ids` of `count`. */
  | { kind: 'fleet'; count: number; ids: number[]; spawnDelayMs: number }
  /** This process is shard `id` of `count`, started by a fleet. */
  | { kind: 'shard'; id: number; count: number };

/** Discord lets max_concurrency shards identify per 5 seconds; the margin covers clock drift. */
const IDENTIFY_WINDOW_MS = 5500;

export async function planDiscord(config: Config, log: pino.Logger, shard: { id: number; count: number } | undefined): Promise<DiscordPlan> {
  if (shard) return { kind: 'shard', ...shard };
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) return { kind: 'none' };
  if (config.DISCORD_SHARDS === 1 && !config.DISCORD_SHARD_IDS) return { kind: 'single' };
  const { gatewayInfo } = await import('../adapters/discord/sharding.ts');
  const info = await gatewayInfo(config.DISCORD_TOKEN, config.DISCORD_API_URL).catch((err: unknown) => {
    throw startFailure('Discord', err);
  });
  const count = config.DISCORD_SHARDS === 'auto' ? info.shards : config.DISCORD_SHARDS;
  const ids = config.DISCORD_SHARD_IDS ?? [...Array(count).keys()];
  if (count === 1 && ids.length === 1) return { kind: 'single' };
  if (info.remaining < ids.length) log.warn({ remaining: info.remaining, shards: ids.length }, 'Discord allows fewer new gateway sessions today than there are shards to start');
  return { kind: 'fleet', count, ids, spawnDelayMs: Math.ceil(IDENTIFY_WINDOW_MS / Math.max(1, info.maxConcurrency)) };
}

/** Which channels this process posts in on its own: a shard its guilds, a fleet's parent all but Discord. */
export function ownedChannels(plan: DiscordPlan): ((channel: ChannelKey) => boolean) | undefined {
  if (plan.kind === 'shard') return (c) => c.platform === 'discord' && ownsGuild(c.workspaceId, plan.id, plan.count);
  if (plan.kind === 'fleet') return (c) => c.platform !== 'discord';
  return undefined;
}

export async function startDiscordPlatform(plan: DiscordPlan, core: Core, config: Config, log: pino.Logger): Promise<RunningPlatform | undefined> {
  if (plan.kind === 'none') return undefined;
  if (plan.kind === 'fleet') {
    const { startShardFleet } = await import('../adapters/discord/sharding.ts');
    const fleet = await startShardFleet({
      script: fileURLToPath(new URL('../main.ts', import.meta.url)),
      // The children load TypeScript the way this process does (tsx's loader flags).
      execArgv: process.execArgv,
      token: config.DISCORD_TOKEN!,
      totalShards: plan.count,
      shardIds: plan.ids,
      spawnDelayMs: plan.spawnDelayMs,
      log,
    }).catch((err: unknown) => {
      throw startFailure('Discord', err);
    });
    return { name: 'discord', connected: fleet.connected, stop: fleet.stop, childMetrics: () => fleet.ask('metrics') };
  }
  const { startDiscord } = await import('../adapters/discord/index.ts');
  const discord = await startDiscord({
    core,
    token: config.DISCORD_TOKEN!,
    appId: config.DISCORD_APP_ID!,
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    log,
  }).catch((err: unknown) => {
    throw startFailure('Discord', err);
  });
  log.info(plan.kind === 'shard' ? { shards: plan.count } : {}, 'Discord adapter started');
  return { name: 'discord', connected: discord.connected, stop: discord.stop };
}
