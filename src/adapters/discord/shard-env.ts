// What a Discord shard process needs to know about itself before discord.js is even loaded: which shard
// it is (the ShardingManager says so in the environment) and which guilds are its own.

/** The shard this process runs, when a ShardingManager started it. */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env): { id: number; count: number } | undefined {
  if (!env.SHARDING_MANAGER || env.SHARDS === undefined || env.SHARD_COUNT === undefined) return undefined;
  const id = Number(env.SHARDS);
  const count = Number(env.SHARD_COUNT);
  return Number.isInteger(id) && Number.isInteger(count) && count > 0 && id >= 0 && id < count ? { id, count } : undefined;
}

/** Whether a guild belongs to `shard` of `count`: Discord's rule, (guild id >> 22) % count. */
export function ownsGuild(guildId: string, shard: number, count: number): boolean {
  if (!/^\d{1,20}$/.test(guildId)) return false;
  return Number((BigInt(guildId) >> 22n) % BigInt(count)) === shard;
}
