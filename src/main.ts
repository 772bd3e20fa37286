// Composition root: read config, load knowledge, open the store, build the core, start the adapters
// whose tokens are set (the console when none are), serve the ops endpoints, run the quiz clock, and
// shut down cleanly. The same program runs as a Discord shard when a ShardingManager starts it
// (src/compose/discord.ts); a shard runs only its Discord gateway shard and posts only for its guilds.
import { join } from 'node:path';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.ts';
import { createCore } from './core/responsibot.ts';
import { loadPacksOrExit } from './cli/load.ts';
import { ConsoleAdapter } from './adapters/console/console-adapter.ts';
import { ResvgRenderer } from './adapters/images/resvg-renderer.ts';
import { shardFromEnv } from './adapters/discord/shard-env.ts';
import { StoreOpenError, type QuizStore } from './core/quiz/store.ts';
import { openInstallations, openStore } from './open-store.ts';
import type { PrometheusMetrics } from './adapters/ops/prometheus.ts';
import type { ReadinessCheck, RunningOpsServer } from './adapters/ops/server.ts';
import { ownedChannels, planDiscord, startDiscordPlatform } from './compose/discord.ts';
import type { RunningPlatform } from './compose/platform.ts';
import { createLog } from './compose/log-stream.ts';
import { StartFailure } from './compose/start-failure.ts';

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
  const shard = shardFromEnv();
  // Logs go to stderr so the console adapter's stdout stays a clean conversation. A shard's lines say which shard.
  // JSON lines for a collector; readable lines when a person watches the terminal (log-stream.ts).
  const log = createLog({ level: config.LOG_LEVEL, ...(shard ? { base: { pid: process.pid, shard: shard.id } } : {}) });
  const packs = await loadPacksOrExit(config.KNOWLEDGE_DIR);
  let store: QuizStore;
  try {
    store = await openStore(config, log);
  } catch (err) {
    if (err instanceof StoreOpenError) fail(err.message);
    throw err;
  }
  const discordPlan = await planDiscord(config, log, shard);
  // Metrics are collected only when someone can read them (OPS_PORT set); otherwise prom-client is not even loaded.
  let metrics: PrometheusMetrics | undefined;
  if (config.OPS_PORT !== undefined) {
    const { PrometheusMetrics } = await import('./adapters/ops/prometheus.ts');
    // A shard's figures reach /metrics through its parent, labelled with the shard.
    metrics = new PrometheusMetrics(shard ? { labels: { shard: String(shard.id) } } : { defaultMetrics: true });
  }
  const owns = ownedChannels(discordPlan);
  const reportAlertChannels = { ...(config.SLACK_REPORT_ALERTS_CHANNEL ? { slack: config.SLACK_REPORT_ALERTS_CHANNEL } : {}), ...(config.DISCORD_REPORT_ALERTS_CHANNEL ? { discord: config.DISCORD_REPORT_ALERTS_CHANNEL } : {}) };
  // Answers carry the responsibility diagram, drawn by resvg with the packaged font (system fonts off).
  const core = createCore(packs, { log, store, renderer: new ResvgRenderer(), ...(metrics ? { metrics } : {}), quiz: { reportAlertChannels, ...(owns ? { owns } : {}) } });
  log.debug({ packs: packs.map((p) => p.id), topics: core.engine.topicCount }, 'knowledge loaded');

  const platforms: RunningPlatform[] = [];
  // Ready once every platform has started and while the store answers and every platform is connected.
  let started = false;
  const checks = (): ReadinessCheck[] => [
    { name: 'started', check: () => started },
    // ping(): a trivial query with a short timeout and no retries, so an outage shows at once.
    { name: 'store', check: async () => (await store.ping(), true) },
    ...platforms.map((p) => ({ name: p.name, check: p.connected })),
  ];
  let ops: RunningOpsServer | undefined;
  if (metrics && config.OPS_PORT !== undefined && !shard) {
    // Up before the platforms connect, so a liveness probe does not kill a slow start.
    const { startOpsServer } = await import('./adapters/ops/server.ts');
    const m = metrics;
    const exposition = async () => m.exposition((await Promise.all(platforms.map((p) => p.childMetrics?.() ?? []))).flat() as Parameters<typeof m.exposition>[0]);
    ops = await startOpsServer({ port: config.OPS_PORT, checks, metrics: async () => ({ contentType: m.contentType, body: await exposition() }), log });
    log.info({ port: ops.port }, 'ops endpoints listening (/healthz, /readyz, /metrics)');
  }

  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    // Finish in-flight work, but never hang: a post stuck on the network must not keep us alive.
    // Every answer is already committed, and both stores are safe to leave mid-transaction.
    setTimeout(() => process.exit(code), SHUTDOWN_GRACE_MS).unref();
    await core.quiz?.tick().catch(() => undefined);
    for (const p of platforms) await p.stop().catch((err: unknown) => log.warn({ err }, 'adapter did not stop cleanly'));
    await ops?.stop();
    await store.close();
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));

  if (shard) {
    // A shard lives as long as its parent: when the parent goes, so does it.
    process.on('disconnect', () => void shutdown(0));
    if (metrics) {
      const { answerParent } = await import('./adapters/discord/sharding.ts');
      const m = metrics;
      answerParent('metrics', () => m.snapshot());
    }
  } else if (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) {
    const { startSlackPlatform } = await import('./compose/slack.ts');
    platforms.push(await startSlackPlatform(core, config, log, () => openInstallations(store)));
  }
  const discord = await startDiscordPlatform(discordPlan, core, config, log);
  if (discord) platforms.push(discord);
  started = true;

  timer = setInterval(() => void core.quiz?.tick(), TICK_MS);
  if (platforms.length === 0) {
    const console = new ConsoleAdapter({ core, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY), diagramsDir: join(config.DATA_DIR, 'diagrams') });
    await core.quiz?.tick();
    await console.run();
    await shutdown(0);
  } else {
    log.info({ platforms: platforms.length }, 'Responsibot is running');
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof StartFailure) fail(err.message);
  process.stderr.write(`Responsibot stopped: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
