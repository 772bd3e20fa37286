// Discord sharding for a bot in many servers: discord.js's ShardingManager runs each gateway shard in a
// child process of its own (the same entry point, src/main.ts, told by the environment which shard it
// is). The shard count comes from Discord (GET /gateway/bot) or from DISCORD_SHARDS; each shard answers
// the interactions of its guilds and posts only for its own guilds (see shard-env.ts).
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import type { Logger } from '../../core/ports/logger.ts';

export interface GatewayInfo {
  /** How many shards Discord recommends for this bot (about one per 1,000 servers). */
  shards: number;
  /** How many shards may identify at the same time (per 5 seconds). */
  maxConcurrency: number;
  /** Identifies left before Discord refuses new sessions until the limit resets. */
  remaining: number;
}

/** GET /gateway/bot with the bot's token (against DISCORD_API_URL when set). */
export async function gatewayInfo(token: string, apiUrl?: string): Promise<GatewayInfo> {
  const rest = new REST({ version: '10', ...(apiUrl ? { api: apiUrl } : {}) }).setToken(token);
  try {
    const data = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return { shards: data.shards, maxConcurrency: data.session_start_limit.max_concurrency, remaining: data.session_start_limit.remaining };
  } catch (err) {
    const why = (err as { status?: number }).status === 401 ? 'An invalid token was provided (DISCORD_TOKEN).' : err instanceof Error ? err.message : String(err);
    throw new Error(`Discord login failed: ${why}`, { cause: err });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

export interface ShardFleetOptions {
  /** The entry point each shard runs (src/main.ts). */
  script: string;
  /** Node.js flags for the children: the parent's own, so they load TypeScript the same way. */
  execArgv: string[];
  token: string;
  totalShards: number;
  /** Which of the shards this process runs (all by default): split shards over several hosts. */
  shardIds?: number[];
  /** Pause between starting shards: Discord allows max_concurrency identifies per 5 seconds. */
  spawnDelayMs: number;
  /** How long a shard may take to become ready before the start fails. */
  readyTimeoutMs?: number;
  log: Logger;
}

export interface ShardFleet {
  ids: number[];
  count: number;
  /** True when every shard process is running and its gateway connection is ready. */
  connected(): boolean;
  /** Asks every shard for a value over IPC (see answerParent); shards that do not answer in time are left out. */
  ask(kind: string, timeoutMs?: number): Promise<unknown[]>;
  stop(): Promise<void>;
}

const MESSAGE = 'responsibot';

export async function startShardFleet(opts: ShardFleetOptions): Promise<ShardFleet> {
  const { log } = opts;
  const ids = opts.shardIds ?? [...Array(opts.totalShards).keys()];
  const manager = new ShardingManager(opts.script, { token: opts.token, totalShards: opts.totalShards, shardList: ids, mode: 'process', execArgv: opts.execArgv, respawn: true });
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    shard.on('death', () => {
      if (!stopping) log.warn({ shard: shard.id }, 'discord shard process exited; starting it again');
    });
    shard.on('ready', () => log.info({ shard: shard.id }, 'discord shard ready'));
    shard.on('disconnect', () => log.warn({ shard: shard.id }, 'discord shard disconnected'));
    // A respawn that fails emits 'error'; unheard, it would crash this process with a stack trace.
    shard.on('error', (err) => {
      if (!stopping) log.error({ shard: shard.id, err }, 'discord shard could not start again');
    });
  });

  const stop = async () => {
    stopping = true;
    // SIGTERM lets each shard finish in-flight work (main.ts's shutdown); the manager must not respawn it.
    const exits = [...manager.shards.values()].map((shard) => {
      const child = shard.process as ChildProcess | null;
      if (!child || child.exitCode !== null) return Promise.resolve();
      const exited = once(child, 'exit').then(() => undefined);
      shard.kill();
      return exited;
    });
    await Promise.all(exits);
  };

  try {
    await manager.spawn({ amount: opts.totalShards, delay: opts.spawnDelayMs, timeout: opts.readyTimeoutMs ?? 120_000 });
  } catch (err) {
    await stop();
    throw new Error(`Discord shards did not start: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  log.info({ shards: ids, of: opts.totalShards }, 'discord shards started');

  let asked = 0;
  return {
    ids,
    count: opts.totalShards,
    connected: () => !stopping && manager.shards.size === ids.length && [...manager.shards.values()].every((s) => s.ready && s.process?.exitCode === null),
    async ask(kind, timeoutMs = 2000) {
      const id = ++asked;
      const answers = await Promise.all([...manager.shards.values()].map((shard) => askShard(shard, kind, id, timeoutMs)));
      return answers.filter((a) => a !== undefined);
    },
    stop,
  };
}

function askShard(shard: Shard, kind: string, id: number, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve) => {
    const done = (value: unknown) => {
      clearTimeout(timer);
      shard.off('message', onMessage);
      resolve(value);
    };
    const onMessage = (message: unknown) => {
      const m = message as { [MESSAGE]?: string; id?: number; value?: unknown } | null;
      if (m?.[MESSAGE] === kind && m.id === id) done(m.value);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    shard.on('message', onMessage);
    shard.send({ [MESSAGE]: kind, id }).catch(() => done(undefined));
  });
}

/** In a shard process: answers the parent's ask(kind) with answer(); returns a function that stops it. */
export function answerParent(kind: string, answer: () => Promise<unknown>): () => void {
  const onMessage = (message: unknown) => {
    const m = message as { [MESSAGE]?: string; id?: number } | null;
    if (m?.[MESSAGE] !== kind) return;
    void answer().then(
      (value) => process.send?.({ [MESSAGE]: kind, id: m.id, value }),
      () => process.send?.({ [MESSAGE]: kind, id: m.id, value: undefined }),
    );
  };
  process.on('message', onMessage);
  return () => void process.off('message', onMessage);
}
