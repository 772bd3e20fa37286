// Composition root: read config, load knowledge, open the store, build the core, start the adapters
// whose tokens are set (the console when none are), run the quiz clock, and shut down cleanly.
import { pino } from 'pino';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.ts';
import { createCore, type Core } from './core/responsibot.ts';
import { loadPacksOrExit } from './cli/load.ts';
import { ConsoleAdapter } from './adapters/console/console-adapter.ts';
import { StoreOpenError, type QuizStore } from './core/quiz/store.ts';
import { openInstallations, openStore } from './open-store.ts';
import type { PrometheusMetrics } from './adapters/ops/prometheus.ts';
import type { ReadinessCheck, RunningOpsServer } from './adapters/ops/server.ts';

const TICK_MS = 1000;
const SHUTDOWN_GRACE_MS = 4000;

async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  // Logs go to stderr so the console adapter's stdout stays a clean conversation.
  const log = pino({ level: config.LOG_LEVEL }, pino.destination(2));
  const packs = await loadPacksOrExit(config.KNOWLEDGE_DIR);
  let store: QuizStore;
  try {
    store = await openStore(config, log);
  } catch (err) {
    if (err instanceof StoreOpenError) fail(err.message);
    throw err;
  }
  // Metrics are collected only when someone can read them (OPS_PORT set); otherwise prom-client is not even loaded.
  let metrics: PrometheusMetrics | undefined;
  if (config.OPS_PORT !== undefined) {
    const { PrometheusMetrics } = await import('./adapters/ops/prometheus.ts');
    metrics = new PrometheusMetrics({ defaultMetrics: true });
  }
  const core = createCore(packs, { log, store, ...(metrics ? { metrics } : {}) });
  log.debug({ packs: packs.map((p) => p.id), topics: core.engine.topicCount }, 'knowledge loaded');

  // Ready once every platform has started and while the store answers and every platform is connected.
  let started = false;
  const checks: ReadinessCheck[] = [
    { name: 'started', check: () => started },
    // ping(): a trivial query with a short timeout and no retries, so an outage shows at once.
    { name: 'store', check: async () => (await store.ping(), true) },
  ];
  let ops: RunningOpsServer | undefined;
  if (metrics && config.OPS_PORT !== undefined) {
    // Up before the platforms connect, so a liveness probe does not kill a slow start.
    const { startOpsServer } = await import('./adapters/ops/server.ts');
    const m = metrics;
    ops = await startOpsServer({ port: config.OPS_PORT, checks: () => checks, metrics: async () => ({ contentType: m.contentType, body: await m.exposition() }), log });
    log.info({ port: ops.port }, 'ops endpoints listening (/healthz, /readyz, /metrics)');
  }

  const stops: (() => Promise<void>)[] = [];
  const platforms = await startPlatforms(core, config, log, stops, checks, store);
  started = true;

  const timer = setInterval(() => void core.quiz?.tick(), TICK_MS);
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    // Finish in-flight work, but never hang: a post stuck on the network must not keep us alive.
    // Every answer is already committed, and both stores are safe to leave mid-transaction.
    setTimeout(() => process.exit(code), SHUTDOWN_GRACE_MS).unref();
    await core.quiz?.tick().catch(() => undefined);
    for (const stop of stops) await stop().catch((err: unknown) => log.warn({ err }, 'adapter did not stop cleanly'));
    await ops?.stop();
    await store.close();
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));

  if (platforms === 0) {
    const console = new ConsoleAdapter({ core, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    await core.quiz?.tick();
    await console.run();
    await shutdown(0);
  } else {
    log.info({ platforms }, 'Responsibot is running');
  }
}

/** Starts Slack and Discord when their tokens are set; returns how many started. */
async function startPlatforms(core: Core, config: Config, log: pino.Logger, stops: (() => Promise<void>)[], checks: ReadinessCheck[], store: QuizStore): Promise<number> {
  let started = 0;
  if (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) {
    const { startSlack } = await import('./adapters/slack/index.ts');
    const slack = await startSlack({
      core,
      ...(config.SLACK_BOT_TOKEN ? { botToken: config.SLACK_BOT_TOKEN } : { oauth: await slackOAuth(config, store) }),
      ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
      ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
      ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
      port: config.PORT,
      adminUsers: config.SLACK_ADMIN_USERS,
      log,
    });
    stops.push(slack.stop);
    checks.push({ name: 'slack', check: slack.connected });
    log.info({ mode: config.SLACK_APP_TOKEN ? 'socket' : 'http', workspaces: config.SLACK_CLIENT_ID ? 'oauth' : 'one', port: slack.port }, 'Slack adapter started');
    started++;
  }
  if (config.DISCORD_TOKEN && config.DISCORD_APP_ID) {
    const { startDiscord } = await import('./adapters/discord/index.ts');
    const discord = await startDiscord({
      core,
      token: config.DISCORD_TOKEN,
      appId: config.DISCORD_APP_ID,
      ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
      ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
      log,
    });
    stops.push(discord.stop);
    checks.push({ name: 'discord', check: discord.connected });
    log.info('Discord adapter started');
    started++;
  }
  return started;
}

/** Many Slack workspaces: their installations live in the bot's database, sealed with TOKEN_ENCRYPTION_KEY. */
async function slackOAuth(config: Config, store: QuizStore) {
  const { TokenCipher, KeyError } = await import('./adapters/slack/index.ts');
  let cipher;
  try {
    cipher = TokenCipher.fromSetting(config.TOKEN_ENCRYPTION_KEY ?? '');
  } catch (err) {
    if (err instanceof KeyError) fail(`Invalid configuration: ${err.message}`);
    throw err;
  }
  return {
    clientId: config.SLACK_CLIENT_ID!,
    clientSecret: config.SLACK_CLIENT_SECRET!,
    records: await openInstallations(store),
    cipher,
    ...(config.SLACK_REDIRECT_URI ? { redirectUri: config.SLACK_REDIRECT_URI } : {}),
  };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`Responsibot stopped: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
