// The Slack adapter: a Bolt app that turns slash commands, buttons, mentions, DMs and App Home visits
// into core commands and renders the replies as Block Kit. Socket Mode with an app token, HTTP otherwise.
// One workspace with a bot token, or many installed through OAuth ("Add to Slack" on /slack/install).
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { defaultCallbackFailure, defaultCallbackSuccess } from '@slack/oauth';
import type { InstallationRecords } from '../../core/ports/installations.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { Messenger } from '../../core/ports/messenger.ts';
import type { Core } from '../../core/responsibot.ts';
import { boltLogger, createApp, InFlight, installServerPort, postClientOptions, socketIsOpen, type OAuthAppConfig } from './app.ts';
import { ChannelDirectory } from './channels.ts';
import { createContextFactory } from './context.ts';
import { registerForms } from './forms.ts';
import { registerActions, registerCommands, registerEvents } from './listeners.ts';
import { SlackMessenger } from './messenger.ts';
import { SlackImages } from './images.ts';
import type { TokenCipher } from './oauth/cipher.ts';
import { SlackInstallations } from './oauth/installations.ts';
import { OAuthStates } from './oauth/states.ts';
import { registerInstallationEvents } from './oauth/uninstall.ts';
import type { TokenFor } from './tokens.ts';

export { TokenCipher, KeyError } from './oauth/cipher.ts';
export { renderBlocks } from './render-blocks.ts';
export { homeView } from './home.ts';
export { SlackMessenger } from './messenger.ts';

/** Distribution to many workspaces: each installs through OAuth and gets a token of its own. */
export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Where installations and OAuth states are kept (the bot's database). */
  records: InstallationRecords;
  /** Seals installations before they reach the database (TOKEN_ENCRYPTION_KEY). */
  cipher: TokenCipher;
  /** The public URL of /slack/oauth_redirect, when Slack must be told which one. */
  redirectUri?: string;
}

export interface SlackAdapterOptions {
  core: Core;
  /** One workspace: its bot token. Either this or `oauth`. */
  botToken?: string;
  oauth?: SlackOAuthOptions;
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
  /**
   * The bound HTTP port (the real one when asked for 0): events in HTTP mode, the install pages with
   * OAuth. 0 in Socket Mode with a bot token, which listens on nothing.
   */
  port: number;
  /** The installations (OAuth mode only). */
  installations?: SlackInstallations;
  /** Whether Slack can reach the bot: the Socket Mode connection is open, or the HTTP server listens. */
  connected(): boolean;
  stop(): Promise<void>;
}

export async function startSlack(opts: SlackAdapterOptions): Promise<RunningSlack> {
  const { core, log } = opts;
  const secrets = [opts.oauth?.clientSecret, opts.signingSecret, opts.botToken, opts.appToken].filter((s): s is string => Boolean(s));
  const installations = opts.oauth && new SlackInstallations({ records: opts.oauth.records, cipher: opts.oauth.cipher, log });
  const oauth: OAuthAppConfig | undefined = opts.oauth && installations && {
    clientId: opts.oauth.clientId,
    clientSecret: opts.oauth.clientSecret,
    installationStore: installations,
    stateStore: new OAuthStates(opts.oauth.records),
    ...(opts.oauth.redirectUri ? { redirectUri: opts.oauth.redirectUri } : {}),
    installPort: opts.port,
    callbackOptions: {
      success: defaultCallbackSuccess,
      failure: (error, installOptions, req, res) => {
        // A refused state (forged, replayed, expired, another browser's) lands here too.
        core.metrics.error({ where: 'slack_oauth' });
        log.warn({ reason: (error as { code?: string }).code ?? error.name }, 'slack: an install was refused or failed');
        defaultCallbackFailure(error, installOptions, req, res);
      },
    },
  };
  const app = createApp({ ...(opts.botToken ? { botToken: opts.botToken } : {}), ...(oauth ? { oauth } : {}), appToken: opts.appToken, signingSecret: opts.signingSecret, apiUrl: opts.apiUrl, log, secrets });
  await app.init();

  // Each workspace's own token with OAuth; the clients' own token otherwise.
  const tokens: TokenFor | undefined = installations && ((teamId) => installations.botToken(teamId));
  const postClient = new webApi.WebClient(opts.botToken, postClientOptions(opts.apiUrl, boltLogger(log, secrets)));
  // The app client waits out a 429 by itself (see app.ts); the messenger reports the waits it makes.
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => core.metrics.rateLimitWait({ platform: 'slack' }, seconds));
  const images = new SlackImages(core, app.client, log, tokens);
  const messenger = new SlackMessenger({ client: app.client, postClient, log, images: (replies, to) => images.send(replies, to), ...(tokens ? { tokens } : {}), onRateLimitWait: (seconds) => core.metrics.rateLimitWait({ platform: 'slack' }, seconds) });
  const channels = new ChannelDirectory({ client: app.client, log, ...(tokens ? { tokens } : {}) });
  const contexts = createContextFactory({ client: app.client, adminUsers: opts.adminUsers, log, channels, ...(tokens ? { tokens } : {}) });
  const inFlight = new InFlight();
  const deps = { core, contexts, messenger, channels, images, track: <T>(work: () => Promise<T>) => inFlight.track(work) };
  registerCommands(app, deps);
  registerActions(app, deps);
  registerForms(app, deps);
  registerEvents(app, deps);
  if (installations) registerInstallationEvents(app, { core, installations });
  app.error(async (err) => {
    core.metrics.error({ where: 'slack' });
    log.error({ err }, 'slack listener failed');
  });

  let port = 0;
  if (opts.appToken) {
    await app.start();
    if (installations) port = installServerPort(app);
  } else {
    const server = await app.start({ port: opts.port, host: opts.host ?? '0.0.0.0' });
    port = (server.address() as AddressInfo).port;
  }
  core.messengers.set('slack', messenger);
  log.info({ mode: opts.appToken ? 'socket' : 'http', workspaces: installations ? 'oauth' : 'one', port }, 'slack adapter started');

  let stopped = false;
  return {
    messenger,
    port,
    ...(installations ? { installations } : {}),
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
