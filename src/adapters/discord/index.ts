// The Discord adapter: log in, answer interactions through the core, and give the core a Messenger so
// it can post on its own. Command registration is separate (npm run discord:register), as Discord
// recommends: it is a deploy step, not something to redo on every start.
import { once } from 'node:events';
import { Events, Status, type Client } from 'discord.js';
import type { Logger } from '../../core/ports/logger.ts';
import type { Messenger } from '../../core/ports/messenger.ts';
import type { Core } from '../../core/responsibot.ts';
import { createDiscordClient } from './client.ts';
import { Drafts } from './forms.ts';
import { handleInteraction } from './interactions.ts';
import { DiscordMessenger } from './messenger.ts';

export { registerDiscordCommands, type RegisterOptions, type Registered } from './register.ts';
export { buildCommandsJson } from './commands-json.ts';
export { renderDiscord } from './render.ts';
export { DiscordMessenger } from './messenger.ts';

export interface DiscordAdapterOptions {
  core: Core;
  token: string;
  appId: string;
  /** The development guild commands are registered in (only logged here; see discord:register). */
  guildId?: string;
  /** REST base without the version, e.g. "http://127.0.0.1:3000/api"; discord.js appends /v10. */
  apiUrl?: string;
  log: Logger;
}

export interface DiscordAdapter {
  messenger: Messenger;
  client: Client;
  /** Whether every gateway shard of this client is connected and ready. */
  connected(): boolean;
  stop(): Promise<void>;
}

/** How long login may take before we give up rather than hang the process start. */
const READY_TIMEOUT_MS = 60_000;

export async function startDiscord(opts: DiscordAdapterOptions): Promise<DiscordAdapter> {
  const { core, log } = opts;
  const client = createDiscordClient(opts.apiUrl);
  // Refused forms' texts, for their "Edit again" button.
  const drafts = new Drafts();
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction({ core, log, drafts }, interaction));
  client.on(Events.Error, (err) => {
    core.metrics.error({ where: 'discord' });
    log.error({ err }, 'discord client error');
  });
  // discord.js waits out every 429 itself; count the waits.
  client.rest.on('rateLimited', (info) => core.metrics.rateLimitWait({ platform: 'discord' }, info.retryAfter / 1000));
  client.on(Events.Warn, (message) => log.warn({}, `discord: ${message}`));
  // discord.js reconnects by itself; these lines explain a gap in answers afterwards.
  client.on(Events.ShardDisconnect, (event) => log.warn({ code: event.code }, 'discord gateway disconnected'));
  client.on(Events.ShardReconnecting, () => log.info({}, 'discord gateway reconnecting'));

  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
  ready.catch(() => {}); // awaited below; this only stops an early rejection from going unhandled
  try {
    await client.login(opts.token);
    await ready;
  } catch (err) {
    await client.destroy();
    const why = err instanceof Error && err.name === 'AbortError' ? `not ready after ${READY_TIMEOUT_MS / 1000} s` : err instanceof Error ? err.message : String(err);
    throw new Error(`Discord login failed: ${why}`, { cause: err });
  }
  if (client.application?.id !== opts.appId) {
    log.warn({ expected: opts.appId, actual: client.application?.id }, 'DISCORD_APP_ID does not match the application of DISCORD_TOKEN');
  }

  const messenger = new DiscordMessenger(client.rest, log, async (reply) => (reply.image && core.images ? core.images.safeImage(reply.image) : undefined));
  core.messengers.set('discord', messenger);
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, devGuild: opts.guildId }, 'discord connected');

  let stopped = false;
  return {
    messenger,
    client,
    connected: () => !stopped && client.ws.shards.size > 0 && client.ws.shards.every((s) => s.status === Status.Ready),
    async stop() {
      stopped = true;
      if (core.messengers.get('discord') === messenger) core.messengers.delete('discord');
      await client.destroy();
    },
  };
}
