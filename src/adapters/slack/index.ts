// The Slack adapter: a Bolt app that turns slash commands, buttons, mentions, DMs and App Home visits
// into core commands and renders the replies as Block Kit. Socket Mode with an app token, HTTP otherwise.
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports/logger.ts';
import type { Messenger } from '../../core/ports/messenger.ts';
import type { Core } from '../../core/responsibot.ts';
import { boltLogger, createApp, InFlight, postClientOptions, socketIsOpen } from './app.ts';
import { ChannelDirectory } from './channels.ts';
import { createContextFactory } from './context.ts';
import { registerActions, registerCommands, registerEvents } from './listeners.ts';
import { SlackMessenger } from './messenger.ts';

export { renderBlocks } from './render-blocks.ts';
export { homeView } from './home.ts';
export { SlackMessenger } from './messenger.ts';

export interface SlackAdapterOptions {
  core: Core;
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  port: number;
  host?: string;
  apiUrl?: string;
  adminUsers: string[];
  log: Logger;
}

export interface RunningSlack {
  messenger: Messenger;
  /** The bound HTTP port (the real one when asked for 0); 0 in Socket Mode, which listens on nothing. */
  port: number;
  /** Whether Slack can reach the bot: the Socket Mode connection is open, or the HTTP server listens. */
  connected(): boolean;
  stop(): Promise<void>;
}

export async function startSlack(opts: SlackAdapterOptions): Promise<RunningSlack> {
  const { core, log } = opts;
  const app = createApp({ botToken: opts.botToken, appToken: opts.appToken, signingSecret: opts.signingSecret, apiUrl: opts.apiUrl, log });
  await app.init();

  const postClient = new webApi.WebClient(opts.botToken, postClientOptions(opts.apiUrl, boltLogger(log)));
  // The app client waits out a 429 by itself (see app.ts); the messenger reports the waits it makes.
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => core.metrics.rateLimitWait({ platform: 'slack' }, seconds));
  const messenger = new SlackMessenger({ client: app.client, postClient, log, onRateLimitWait: (seconds) => core.metrics.rateLimitWait({ platform: 'slack' }, seconds) });
  const channels = new ChannelDirectory({ client: app.client, log });
  const contexts = createContextFactory({ client: app.client, adminUsers: opts.adminUsers, log, channels });
  const inFlight = new InFlight();
  const deps = { core, contexts, messenger, channels, track: <T>(work: () => Promise<T>) => inFlight.track(work) };
  registerCommands(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);
  app.error(async (err) => {
    core.metrics.error({ where: 'slack' });
    log.error({ err }, 'slack listener failed');
  });

  let port = 0;
  if (opts.appToken) {
    await app.start();
  } else {
    const server = await app.start({ port: opts.port, host: opts.host ?? '0.0.0.0' });
    port = (server.address() as AddressInfo).port;
  }
  core.messengers.set('slack', messenger);
  log.info({ mode: opts.appToken ? 'socket' : 'http', port }, 'slack adapter started');

  let stopped = false;
  return {
    messenger,
    port,
    connected: () => !stopped && (opts.appToken ? socketIsOpen(app) : true),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (core.messengers.get('slack') === messenger) core.messengers.delete('slack');
      await app.stop();
      await inFlight.drain();
    },
  };
}
