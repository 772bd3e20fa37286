// Composition root: read config, load knowledge, build the core, start the adapters whose tokens are set.
import { pino } from 'pino';
import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { createCore } from './core/responsibot.ts';
import { loadPacksOrExit } from './cli/load.ts';
import { ConsoleAdapter } from './adapters/console/console-adapter.ts';

async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // Logs go to stderr so the console adapter's stdout stays a clean conversation.
  const log = pino({ level: config.LOG_LEVEL }, pino.destination(2));
  const packs = loadPacksOrExit(config.KNOWLEDGE_DIR);
  const core = createCore(packs, log);
  log.debug({ packs: packs.map((p) => p.id), topics: core.engine.topicCount }, 'knowledge loaded');

  const console = new ConsoleAdapter({ core, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
  await console.run();
}

main().catch((err: unknown) => {
  process.stderr.write(`Responsibot stopped: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
