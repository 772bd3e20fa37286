// A platform that cannot start stops the process with one line naming the platform and the likely
// cause (a refused token, no network, a busy port), instead of a library's message or a stack trace.

/** Thrown by the composition when a platform's start fails; its message is the whole report. */
export class StartFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartFailure';
  }
}

type Platform = 'Slack' | 'Discord';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
/** Slack's answers to a token it does not accept. */
const SLACK_AUTH = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type', 'invalid_token']);

export function startFailure(platform: Platform, err: unknown, hints: { port?: number } = {}): StartFailure {
  return new StartFailure(`${platform} could not start: ${cause(platform, err, hints)}`, { cause: err });
}

function cause(platform: Platform, err: unknown, hints: { port?: number }): string {
  const chain = errorChain(err);
  const codes = chain.map((e) => String((e as { code?: unknown }).code ?? ''));
  const messages = chain.map((e) => (e instanceof Error ? e.message : String(e)));
  const slackError = chain.map((e) => (e as { data?: { error?: unknown } }).data?.error).find((x): x is string => typeof x === 'string');
  if (platform === 'Slack' && slackError && SLACK_AUTH.has(slackError)) {
    return `Slack refused the token (${slackError}); copy SLACK_BOT_TOKEN (xoxb-…) again from OAuth & Permissions, and SLACK_APP_TOKEN (xapp-…, with connections:write) for Socket Mode.`;
  }
  if (platform === 'Discord' && (codes.includes('TokenInvalid') || messages.some((m) => /invalid token|401/i.test(m)))) {
    return 'Discord refused DISCORD_TOKEN (401); copy the bot token again from the developer portal (Bot → Reset Token).';
  }
  if (platform === 'Discord' && (codes.includes('DisallowedIntents') || messages.some((m) => /disallowed intents|4014/i.test(m)))) {
    return 'Discord refused the gateway intents the bot asks for; turn on the Message Content intent under Bot in the developer portal.';
  }
  // A sharded start: the shard process printed its own cause; the parent only sees that it died.
  if (codes.includes('ShardingReadyDied')) {
    return 'a shard process exited before it was ready (its own line above says why; most often a refused DISCORD_TOKEN or no network to Discord).';
  }
  if (codes.includes('ShardingReadyTimeout') || codes.includes('ShardingReadyDisconnected')) {
    return "no answer from Discord's gateway in time for a shard; check the network connection and try again.";
  }
  if (codes.includes('EADDRINUSE')) return `port ${hints.port ?? '(PORT)'} is already in use; stop what listens there or set PORT to a free one.`;
  const network = codes.find((c) => NETWORK_CODES.has(c));
  if (network || messages.some((m) => /fetch failed|getaddrinfo|socket hang up|network/i.test(m))) {
    return `cannot reach ${platform} (${network ?? 'network error'}); check the network connection, a proxy or firewall${platform === 'Slack' ? ' (and SLACK_API_URL if set)' : ' (and DISCORD_API_URL if set)'}.`;
  }
  if (messages.some((m) => /not ready after/i.test(m))) return `no answer from ${platform}'s gateway in time; check the network connection and try again.`;
  if (slackError) return `Slack answered "${slackError}".`;
  return `${(messages[0] ?? 'unknown error').split('\n')[0]}`;
}

/** The error and its causes (cause, original, AggregateError's errors), outermost first. */
function errorChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [err];
  while (queue.length && out.length < 10) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    if (typeof e === 'object') {
      const o = e as { cause?: unknown; original?: unknown; errors?: unknown };
      queue.push(o.cause, o.original);
      if (Array.isArray(o.errors)) queue.push(...o.errors);
    }
  }
  return out;
}
