// Sorts Web API failures into what the caller can do about them. The important split is between
// "Slack certainly did not act" (rate limited, refused) and "it may have" (5xx, timeout, network):
// only the second needs a duplicate check before a post is retried.
import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../core/ports/messenger.ts';

export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterSec: number }
  /** 5xx, timeout or network error: the request may have reached Slack and taken effect. */
  | { kind: 'uncertain'; detail: string }
  | { kind: 'no_access'; message: string }
  | { kind: 'other'; detail: string };

/** Errors meaning the bot cannot post there; retrying will not help, a person must act. */
const NO_ACCESS: Record<string, string> = {
  not_in_channel: 'I am not a member of that channel; anyone in it can add me by typing /invite @Responsibot there.',
  channel_not_found: 'I cannot find that channel: it was deleted, or it is private and I am not in it (a member can add me with /invite @Responsibot).',
  is_archived: 'That channel is archived, so nobody can post in it. Pick another channel.',
  missing_scope: 'The Slack app is missing a permission it needs. Reinstall it from manifest.json so it gets every scope.',
  restricted_action: 'This workspace does not let me post in that channel (posting is restricted). Ask a workspace admin to allow it.',
};

/** Platform errors Slack uses for its own trouble; like a 5xx, the call may or may not have happened. */
const UNCERTAIN = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function classifySlackError(err: unknown): SlackFailure {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === webApi.ErrorCode.RateLimitedError) {
    return { kind: 'rate_limited', retryAfterSec: (err as webApi.WebAPIRateLimitedError).retryAfter };
  }
  if (code === webApi.ErrorCode.PlatformError) {
    const data = (err as webApi.WebAPIPlatformError).data as { error?: string; needed?: unknown };
    const error = String(data.error ?? 'unknown_error');
    if (error === 'ratelimited') return { kind: 'rate_limited', retryAfterSec: 1 };
    if (UNCERTAIN.has(error)) return { kind: 'uncertain', detail: error };
    const message = NO_ACCESS[error];
    if (message) {
      const needed = typeof data.needed === 'string' ? ` (missing: ${data.needed})` : '';
      return { kind: 'no_access', message: `${message}${error === 'missing_scope' ? needed : ''}` };
    }
    return { kind: 'other', detail: error };
  }
  if (code === webApi.ErrorCode.HTTPError) {
    const status = (err as webApi.WebAPIHTTPError).statusCode;
    return status >= 500 ? { kind: 'uncertain', detail: `HTTP ${status}` } : { kind: 'other', detail: `HTTP ${status}` };
  }
  // Request errors: timeouts, resets, refused connections, and rate limits the client's own retries gave up on.
  if (code === webApi.ErrorCode.RequestError) return { kind: 'uncertain', detail: errorMessage(err) };
  return { kind: 'other', detail: errorMessage(err) };
}

export function toDeliveryError(failure: SlackFailure): DeliveryError {
  switch (failure.kind) {
    case 'no_access':
      return new DeliveryError('no_access', failure.message);
    case 'rate_limited':
      return new DeliveryError('transient', `Slack is rate limiting me (retry after ${failure.retryAfterSec}s). I will try again later.`);
    case 'uncertain':
      return new DeliveryError('transient', `Slack did not answer in time (${failure.detail}). I will try again later.`);
    case 'other':
      return new DeliveryError('other', `Slack refused the message (${failure.detail}).`);
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
