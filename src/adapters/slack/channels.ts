// What the bot knows about a channel, for two questions the core and the App Home ask: "can I post
// there?" (before starting a quiz or saving a daily schedule) and "may this user see that channel's
// schedule?" (public channels: everyone; private ones and group DMs: only their members).
// Visibility answers (App Home, opened often) use conversations.info cached for a few minutes; posting
// checks ask afresh, so inviting the bot and retrying works at once. A failed look-up is never "yes".
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports/logger.ts';
import { tokenArg, type TokenFor } from './tokens.ts';

export interface ChannelInfo {
  isPrivate: boolean;
  isIm: boolean;
  isArchived: boolean;
  /** Whether the bot itself is a member (undefined for DMs, where Slack does not say). */
  botIsMember: boolean | undefined;
}

/** 'not_found': Slack says the bot cannot see it (deleted, or private and the bot is not in it). */
export type ChannelLookup = ChannelInfo | 'not_found' | 'unknown';

export interface ChannelDirectoryOptions {
  client: webApi.WebClient;
  log: Logger;
  /** Each workspace's bot token (OAuth installs); without it, the client's own. */
  tokens?: TokenFor;
  cacheMs?: number;
  now?: () => number;
}

/** Slack ids: C (channel), G (old private channel / group DM), D (DM). Anything else is not put in a link. */
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

const MAX_MEMBER_PAGES = 10;

export class ChannelDirectory {
  private readonly cache = new Map<string, { info: ChannelLookup; until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: ChannelDirectoryOptions) {
    this.cacheMs = opts.cacheMs ?? 5 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  async info(channelId: string, opts: { fresh?: boolean; teamId?: string } = {}): Promise<ChannelLookup> {
    const cacheKey = `${opts.teamId ?? ''}:${channelId}`;
    const hit = this.cache.get(cacheKey);
    if (!opts.fresh && hit && hit.until > this.now()) return hit.info;
    let info: ChannelLookup;
    try {
      const { channel } = await this.opts.client.conversations.info({ ...(await tokenArg(this.opts.tokens, opts.teamId)), channel: channelId });
      if (!channel) return 'unknown';
      info = {
        isPrivate: Boolean(channel.is_private || channel.is_mpim || channel.is_im),
        isIm: Boolean(channel.is_im),
        isArchived: Boolean(channel.is_archived),
        botIsMember: typeof channel.is_member === 'boolean' ? channel.is_member : undefined,
      };
    } catch (err) {
      const error = (err as { data?: { error?: string } }).data?.error;
      if (error !== 'channel_not_found') {
        // Missing scope (an install from an older manifest), rate limits, outages: we cannot tell.
        this.opts.log.warn({ err, channelId }, 'conversations.info failed');
        return 'unknown';
      }
      info = 'not_found';
    }
    this.cache.set(cacheKey, { info, until: this.now() + this.cacheMs });
    return info;
  }

  /**
   * What the bot lacks to post in a channel, in words that fit the core's "I'm missing …" sentence.
   * Empty when it can post, or when Slack would not tell us (the post itself then reports the problem).
   */
  async missingToPost(channelId: string, teamId?: string): Promise<string[]> {
    const info = await this.info(channelId, { fresh: true, ...(teamId ? { teamId } : {}) });
    if (info === 'unknown') return [];
    if (info === 'not_found') {
      return channelId.startsWith('D')
        ? ['access to this conversation (it is a direct message between other people; use a channel instead)']
        : ['an invitation to this channel (anyone in it can type /invite @Responsibot)'];
    }
    if (info.isArchived) return ['an unarchived channel (this one is archived)'];
    if (info.botIsMember === false) return ['an invitation to this channel (anyone in it can type /invite @Responsibot)'];
    return [];
  }

  /** Whether `userId` may see that a channel exists and what it schedules. Fails closed. */
  async visibleTo(channelId: string, userId: string, teamId?: string): Promise<boolean> {
    const info = await this.info(channelId, teamId ? { teamId } : {});
    if (info === 'unknown' || info === 'not_found') return false;
    if (!info.isPrivate) return true;
    try {
      const token = await tokenArg(this.opts.tokens, teamId);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
        const res = await this.opts.client.conversations.members({ ...token, channel: channelId, limit: 1000, ...(cursor ? { cursor } : {}) });
        if (res.members?.includes(userId)) return true;
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) return false;
      }
      return false;
    } catch (err) {
      this.opts.log.warn({ err, channelId }, 'conversations.members failed');
      return false;
    }
  }
}
