// The Messenger port for Slack: posts, updates and DMs on the core's initiative, and the adapter's own
// public answers (mention threads, DMs). Posting retries itself, because the Web API client cannot
// tell "rate limited, nothing happened" from "timed out, maybe posted": a 429 is retried after its
// Retry-After, anything uncertain only after checking that the message isn't already there.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports/logger.ts';
import type { ChannelAddress, Messenger, PostedMessage, PostOptions as CorePostOptions } from '../../core/ports/messenger.ts';
import type { Reply } from '../../core/reply/reply.ts';
import { classifySlackError, toDeliveryError, type SlackFailure } from './errors.ts';
import { renderBlocks } from './render-blocks.ts';
import { tokenArg, type TokenFor } from './tokens.ts';

type WebClient = webApi.WebClient;

/** Message metadata type our posts carry, so a retry can find a post that did land. */
export const POST_EVENT_TYPE = 'responsibot_post';

export interface SlackMessengerOptions {
  /** The app's client (retries idempotent calls itself): updates, DMs opening, history look-ups. */
  client: WebClient;
  /** A client that never retries on its own (rejectRateLimitedCalls, no retries): posts only. */
  postClient: WebClient;
  log: Logger;
  /** Waits before each retry of an uncertain post; its length is the number of such retries. */
  retryDelaysMs?: readonly number[];
  /** Longest Retry-After we wait for inside one call; longer ones become a 'transient' failure. */
  maxRetryAfterSec?: number;
  maxRateLimitRetries?: number;
  /** Told about every Retry-After wait a post makes (for metrics). */
  onRateLimitWait?: (seconds: number) => void;
  /** Each workspace's bot token (OAuth installs); without it every call uses the clients' own token. */
  tokens?: TokenFor;
  /** Uploads a posted or updated reply's diagram (a quiz reveal's) into the message's thread. */
  images?: (replies: Reply[], to: { workspaceId: string; channelId: string; threadTs: string }) => Promise<void>;
}

export interface PostOptions {
  /** The Slack team the channel belongs to: whose token posts (with OAuth installs). */
  workspaceId?: string;
  threadTs?: string;
  /** Stable across retries of the same logical post; a random one is used when absent. */
  dedupeKey?: string;
  /**
   * Set when an earlier delivery of the same request may already have posted (Slack re-sending an
   * event): check for the key in messages since this Unix time before posting.
   */
  maybePostedSince?: number;
}

/** How far back a duplicate check looks before the first attempt (clock skew, slow requests). */
const LOOKBACK_SEC = 120;
const MAX_UNCERTAIN_KEYS = 1000;

export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;
  readonly threadReplies = true;
  private readonly retryDelaysMs: readonly number[];
  /** Keys whose last post ended uncertain: a later post with the same key checks before posting. */
  private readonly uncertain = new Map<string, number>();
  /**
   * Slack's Retry-After applies to the whole workspace, not to the one post that got the 429: every
   * post to that workspace (several go out at once during a daily fan-out) waits until then.
   */
  private readonly pausedUntil = new Map<string, number>();

  constructor(private readonly opts: SlackMessengerOptions) {
    this.retryDelaysMs = opts.retryDelaysMs ?? [250, 1000];
  }

  async post(to: ChannelAddress, reply: Reply, opts: CorePostOptions = {}): Promise<PostedMessage> {
    const ts = await this.postTo(to.channelId, reply, {
      workspaceId: to.workspaceId,
      ...(opts.dedupeKey ? { dedupeKey: opts.dedupeKey } : {}),
      ...(opts.mayExistSince !== undefined ? { maybePostedSince: opts.mayExistSince / 1000 } : {}),
      ...(opts.threadOf ? { threadTs: opts.threadOf } : {}),
    });
    return { channel: to, messageId: ts };
  }

  async update(message: PostedMessage, reply: Reply): Promise<void> {
    const { text, blocks } = renderBlocks(reply);
    const token = await tokenArg(this.opts.tokens, message.channel.workspaceId);
    try {
      await this.opts.client.chat.update({ ...token, channel: message.channel.channelId, ts: message.messageId, text, blocks });
    } catch (err) {
      throw this.fail(err, 'chat.update');
    }
    // A message cannot gain a file by an edit: a revealed question's diagram goes into its thread.
    if (reply.image) await this.opts.images?.([reply], { workspaceId: message.channel.workspaceId, channelId: message.channel.channelId, threadTs: message.messageId });
  }

  async notifyUser(workspaceId: string, userId: string, reply: Reply): Promise<void> {
    let channel: string | undefined;
    const token = await tokenArg(this.opts.tokens, workspaceId);
    try {
      const opened = await this.opts.client.conversations.open({ ...token, users: userId });
      channel = opened.channel?.id;
    } catch (err) {
      throw this.fail(err, 'conversations.open');
    }
    if (!channel) throw toDeliveryError({ kind: 'other', detail: 'conversations.open returned no channel' });
    await this.post({ platform: 'slack', workspaceId, channelId: channel }, reply);
  }

  /** Posts a public message (optionally in a thread) and returns its ts. Never posts it twice. */
  async postTo(channel: string, reply: Reply, opts: PostOptions = {}): Promise<string> {
    const key = opts.dedupeKey ?? randomUUID();
    const since = this.uncertain.get(key) ?? opts.maybePostedSince ?? Date.now() / 1000 - LOOKBACK_SEC;
    let mayHavePosted = this.uncertain.has(key) || opts.maybePostedSince !== undefined;
    let uncertainRetries = 0;
    let rateLimitRetries = 0;
    const { text, blocks } = renderBlocks(reply);
    const token = await tokenArg(this.opts.tokens, opts.workspaceId);
    const workspace = opts.workspaceId ?? '';
    for (;;) {
      if (mayHavePosted) {
        const found = await this.findPosted(channel, key, since, token, opts.threadTs);
        if (found) {
          this.uncertain.delete(key);
          return found;
        }
      }
      const pause = (this.pausedUntil.get(workspace) ?? 0) - Date.now();
      if (pause > 0) await sleep(pause);
      try {
        const res = await this.opts.postClient.chat.postMessage({
          ...token,
          channel,
          text,
          blocks,
          ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
          link_names: false,
          metadata: { event_type: POST_EVENT_TYPE, event_payload: { dedupe_key: key } },
        });
        this.uncertain.delete(key);
        return res.ts ?? '';
      } catch (err) {
        const failure = classifySlackError(err);
        const maxWait = this.opts.maxRetryAfterSec ?? 30;
        if (failure.kind === 'rate_limited' && rateLimitRetries < (this.opts.maxRateLimitRetries ?? 3) && failure.retryAfterSec <= maxWait) {
          rateLimitRetries++;
          this.pausedUntil.set(workspace, Math.max(this.pausedUntil.get(workspace) ?? 0, Date.now() + failure.retryAfterSec * 1000));
          this.opts.log.info({ channel, retryAfterSec: failure.retryAfterSec }, 'slack rate limited a post; waiting as asked');
          this.opts.onRateLimitWait?.(failure.retryAfterSec);
          continue;
        }
        if (failure.kind === 'uncertain') {
          mayHavePosted = true;
          const delay = this.retryDelaysMs[uncertainRetries++];
          if (delay !== undefined) {
            this.opts.log.warn({ channel, detail: failure.detail }, 'slack post may have failed; checking before retrying');
            await sleep(delay);
            continue;
          }
          this.remember(key, since);
        }
        throw this.fail(failure, 'chat.postMessage');
      }
    }
  }

  /** Looks for a message of ours carrying `key` (in the thread when there is one). */
  private async findPosted(channel: string, key: string, since: number, token: { token?: string }, threadTs?: string): Promise<string | undefined> {
    try {
      const res = threadTs
        ? await this.opts.client.conversations.replies({ ...token, channel, ts: threadTs, include_all_metadata: true, limit: 200 })
        : await this.opts.client.conversations.history({ ...token, channel, oldest: since.toFixed(6), include_all_metadata: true, limit: 100 });
      const match = (res.messages ?? []).find((m) => m.metadata?.event_type === POST_EVENT_TYPE && (m.metadata.event_payload as Record<string, unknown> | undefined)?.['dedupe_key'] === key);
      return match?.ts;
    } catch (err) {
      // Without the look-up we cannot know whether the first attempt landed; don't risk a duplicate.
      this.remember(key, since);
      throw this.fail(err, 'duplicate check');
    }
  }

  private remember(key: string, since: number): void {
    if (this.uncertain.size >= MAX_UNCERTAIN_KEYS) this.uncertain.delete(this.uncertain.keys().next().value!);
    this.uncertain.set(key, since);
  }

  private fail(errOrFailure: unknown, where: string) {
    const failure = isFailure(errOrFailure) ? errOrFailure : classifySlackError(errOrFailure);
    this.opts.log.warn({ where, failure }, 'slack delivery failed');
    return toDeliveryError(failure);
  }
}

function isFailure(value: unknown): value is SlackFailure {
  return typeof value === 'object' && value !== null && 'kind' in value && !(value instanceof Error);
}
