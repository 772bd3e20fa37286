// Bolt App construction: which receiver (Socket Mode with an app token, HTTP otherwise), how the Web API
// client retries, and Bolt's logs routed into ours.
import { App, LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports/logger.ts';

export interface AppConfig {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  apiUrl?: string;
  log: Logger;
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
  const logger = boltLogger(config.log);
  const common = {
    token: config.botToken,
    logger,
    clientOptions: appClientOptions(config.apiUrl, logger),
    // init() is awaited in startSlack, so a bad token fails the start instead of the first request.
    deferInitialization: true,
    // Bolt's conversation store (per-conversation state for listeners) is unused here; it would cost
    // a lookup on every request.
    convoStore: false as const,
  };
  if (config.appToken) {
    // The Socket Mode client gets its own options (no retryConfig), keeping its default of retrying
    // apps.connections.open for a long time, so the bot reconnects after an outage.
    const socketClientOptions = { ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}), logger };
    return new App({ ...common, appToken: config.appToken, socketMode: true, installerOptions: { clientOptions: socketClientOptions } });
  }
  if (!config.signingSecret) throw new Error('Slack needs an app token (Socket Mode) or a signing secret (HTTP mode).');
  // Bolt's default path, /slack/events, serves commands, interactivity and events alike.
  return new App({ ...common, signingSecret: config.signingSecret });
}

/** Bolt and the Web API client log through @slack/logger; forward to our logger, which filters levels. */
export function boltLogger(log: Logger): BoltLogger {
  // Bolt logs several debug lines per request; when our logger would drop them anyway (pino says so
  // through isLevelEnabled), don't build them at all: it is a measurable share of a /who round trip.
  const debugOn = log.isLevelEnabled?.('debug') ?? true;
  let level = debugOn ? LogLevel.DEBUG : LogLevel.INFO;
  const forward = (fn: (obj: object, msg: string) => void) => (...msgs: unknown[]) => {
    const err = msgs.find((m): m is Error => m instanceof Error);
    fn.call(log, { source: 'slack', ...(err ? { err } : {}) }, msgs.filter((m) => m !== err).map(String).join(' '));
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
