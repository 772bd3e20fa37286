// Bolt App construction: which receiver (Socket Mode with an app token, HTTP otherwise), how the Web API
// client retries, and Bolt's logs routed into ours.
import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi, type InstallationStore, type Logger as BoltLogger, type StateStore } from '@slack/bolt';
import type { CallbackOptions } from '@slack/oauth';
import type { Logger } from '../../core/ports/logger.ts';
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from './scopes.ts';

/** Many workspaces: "Add to Slack" on /slack/install, each workspace's token from its installation. */
export interface OAuthAppConfig {
  clientId: string;
  clientSecret: string;
  installationStore: InstallationStore;
  stateStore: StateStore;
  /** The public URL of /slack/oauth_redirect; needed when the app lists several redirect URLs. */
  redirectUri?: string;
  /** Socket Mode: the port of the install pages (HTTP mode serves them on its own port). */
  installPort?: number;
  callbackOptions?: CallbackOptions;
}

export interface AppConfig {
  /** One workspace: its bot token. Either this or `oauth`. */
  botToken?: string;
  oauth?: OAuthAppConfig;
  appToken?: string;
  signingSecret?: string;
  apiUrl?: string;
  log: Logger;
  /** Values never to appear in a log line (client secret, signing secret, …). */
  secrets?: readonly string[];
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The app's client, used for calls that are safe to repeat (views.publish, users.info, chat.update,
 * conversations.*). It waits out a 429's Retry-After and retries (rejectRateLimitedCalls: false), and
 * retries 5xx/timeouts a few times with backoff. Posts use postClientOptions instead (see messenger.ts).
 */
export function appClientOptions(apiUrl: string | undefined, logger: BoltLogger): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    logger,
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 4000, randomize: true },
    timeout: REQUEST_TIMEOUT_MS,
  };
}

/** For chat.postMessage: no hidden retries, so the messenger can check for duplicates before retrying. */
export function postClientOptions(apiUrl: string | undefined, logger: BoltLogger): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    logger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: REQUEST_TIMEOUT_MS,
  };
}

export function createApp(config: AppConfig): App {
  const logger = boltLogger(config.log, config.secrets);
  if (Boolean(config.botToken) === Boolean(config.oauth)) throw new Error('Slack needs either a bot token (one workspace) or OAuth settings (many workspaces).');
  const apiUrlOption = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  const common = {
    ...(config.botToken ? { token: config.botToken } : {}),
    ...(config.oauth ? oauthOptions(config.oauth) : {}),
    logger,
    clientOptions: appClientOptions(config.apiUrl, logger),
    // init() is awaited in startSlack, so a bad token fails the start instead of the first request.
    deferInitialization: true,
    // Bolt's conversation store (per-conversation state for listeners) is unused here; it would cost
    // a lookup on every request.
    convoStore: false as const,
  };
  // The installer's client (oauth.v2.access, auth.test of a new install) and, in Socket Mode, the
  // socket client: no retryConfig, keeping the default of retrying apps.connections.open for a long
  // time, so the bot reconnects after an outage.
  const installerClient = { clientOptions: { ...apiUrlOption, logger } };
  const installer = config.oauth ? { ...common.installerOptions, ...installerClient } : installerClient;
  if (config.appToken) {
    const port = config.oauth?.installPort;
    return new App({ ...common, appToken: config.appToken, socketMode: true, installerOptions: { ...installer, ...(port !== undefined ? { port } : {}) } });
  }
  if (!config.signingSecret) throw new Error('Slack needs an app token (Socket Mode) or a signing secret (HTTP mode).');
  // Bolt's default path, /slack/events, serves commands, interactivity and events alike; with OAuth
  // the same server serves /slack/install and /slack/oauth_redirect.
  return new App({ ...common, signingSecret: config.signingSecret, ...(config.oauth ? { installerOptions: installer } : {}) });
}

function oauthOptions(oauth: OAuthAppConfig) {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    scopes: [...BOT_SCOPES],
    installationStore: oauth.installationStore,
    ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
    installerOptions: {
      stateStore: oauth.stateStore,
      // /slack/install goes straight to Slack's consent screen: one link to share, nothing to click twice.
      directInstall: true,
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      ...(oauth.callbackOptions ? { callbackOptions: oauth.callbackOptions } : {}),
    },
  };
}

/**
 * Bolt and the Web API client log through @slack/logger; forward to our logger, which filters levels.
 * Their debug lines include request bodies (an OAuth exchange carries the client secret and the code)
 * and install URLs (with the state): every line is scrubbed of tokens, those fields and `secrets`.
 */
export function boltLogger(log: Logger, secrets: readonly string[] = []): BoltLogger {
  // Bolt logs several debug lines per request; when our logger would drop them anyway (pino says so
  // through isLevelEnabled), don't build them at all: it is a measurable share of a /who round trip.
  const debugOn = log.isLevelEnabled?.('debug') ?? true;
  let level = debugOn ? LogLevel.DEBUG : LogLevel.INFO;
  const forward = (fn: (obj: object, msg: string) => void) => (...msgs: unknown[]) => {
    const err = msgs.find((m): m is Error => m instanceof Error);
    fn.call(log, { source: 'slack', ...(err ? { err } : {}) }, scrub(msgs.filter((m) => m !== err).map(String).join(' '), secrets));
  };
  return {
    debug: debugOn ? forward(log.debug) : () => {},
    info: forward(log.info),
    warn: forward(log.warn),
    error: forward(log.error),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  [/"(client_secret|code|state|token|access_token|refresh_token|bot_token)"\s*:\s*"[^"]*"/g, '"$1":"[redacted]"'],
  [/([?&](?:code|state|client_secret)=)[^&\s"'<>]+/g, '$1[redacted]'],
];

/** A log line with tokens, OAuth secrets and the given values blanked out. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}

/** Where the install pages listen in Socket Mode (Bolt keeps that server private; 0 if not found). */
export function installServerPort(app: App): number {
  const server = (app as unknown as { receiver?: { httpServer?: { address(): AddressInfo | string | null } } }).receiver?.httpServer;
  const address = server?.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Work still running after an ack; stop() waits for it so nothing posts after shutdown. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: () => Promise<T>): Promise<T> {
    const p = work();
    this.running.add(p);
    const forget = () => void this.running.delete(p);
    p.then(forget, forget);
    return p;
  }

  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}

/**
 * Whether the Socket Mode WebSocket is open right now. Bolt keeps its receiver private; this reads it
 * in one place, and says "not open" if a Bolt upgrade ever moves it.
 */
export function socketIsOpen(app: App): boolean {
  const receiver = (app as unknown as { receiver?: { client?: { websocket?: { isActive(): boolean } } } }).receiver;
  try {
    return receiver?.client?.websocket?.isActive() ?? false;
  } catch {
    return false;
  }
}
