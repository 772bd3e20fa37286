// Starts the real Discord adapter (real discord.js Client) against a fresh FakeDiscord.
import { startDiscord, type DiscordAdapter } from '../../../src/adapters/discord/index.ts';
import type { Logger } from '../../../src/core/ports/logger.ts';
import type { Core } from '../../../src/core/responsibot.ts';
import { makeCore } from '../../support/core.ts';
import { FakeDiscord, IDS } from './fake-discord.ts';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

/** A Logger that keeps what it was told, so tests can assert on warnings. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: object, msg: string) => void lines.push({ level, obj, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface RunningBot {
  fake: FakeDiscord;
  core: Core;
  adapter: DiscordAdapter;
  log: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

export const TOKEN = 'fake-bot-token';

/**
 * Starts the adapter on `core`. Pass `fake` to connect to a FakeDiscord that is already running (a
 * restart: the messages posted before it are still there); close() then leaves that fake running.
 */
export async function startBot(core: Core = makeCore(), opts: { fake?: FakeDiscord } = {}): Promise<RunningBot> {
  const ownsFake = !opts.fake;
  const fake = opts.fake ?? (await FakeDiscord.start());
  const log = recordingLogger();
  try {
    const adapter = await startDiscord({ core, token: TOKEN, appId: IDS.app, apiUrl: fake.apiUrl, log });
    return {
      fake,
      core,
      adapter,
      log,
      async close() {
        // The client first (a closed gateway would make it reconnect), then the fake.
        await adapter.stop();
        if (ownsFake) await fake.close();
      },
    };
  } catch (err) {
    if (ownsFake) await fake.close();
    throw err;
  }
}
