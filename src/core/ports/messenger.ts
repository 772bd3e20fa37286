// What the core needs from a chat platform to post on its own initiative (daily questions, quiz rounds,
// reveals) rather than in answer to a command. Each adapter implements it; the core never sees an SDK.
import type { Reply } from '../reply/reply.ts';

export type Platform = 'console' | 'slack' | 'discord';

export interface ChannelAddress {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

export interface PostedMessage {
  channel: ChannelAddress;
  /** Platform message id (Slack ts, Discord snowflake); stored so the message can be updated later. */
  messageId: string;
}

export type DeliveryFailure =
  /** The bot cannot post there: not a member, channel gone, or permissions missing. Retrying won't help. */
  | 'no_access'
  /** Rate limited or a 5xx/timeout: worth retrying later. */
  | 'transient'
  | 'other';

/** A failed delivery, classified so the core can decide between retrying and telling someone. */
export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface PostOptions {
  dedupeKey?: string;
  /**
   * Set when an earlier attempt with the same key may have reached the platform (epoch ms of the first
   * attempt), e.g. after a crash between "accepted" and "recorded": look for that message before posting.
   */
  mayExistSince?: number;
  /** Post as a reply in the thread of this message (its messageId), where `threadReplies` is true. */
  threadOf?: string;
}

export interface Messenger {
  readonly platform: Platform;
  /**
   * Posts a public message. `dedupeKey` is stable across retries of the same logical post: an adapter
   * that can (Discord's enforced nonce, Slack message metadata) uses it so a retry never posts twice.
   * Adapters honour rate limits (HTTP 429 Retry-After) themselves before giving up.
   */
  post(to: ChannelAddress, reply: Reply, opts?: PostOptions): Promise<PostedMessage>;
  /** Replaces the content of a message the bot posted earlier. */
  update(message: PostedMessage, reply: Reply): Promise<void>;
  /**
   * Opens a public thread for a study-group session so the channel stays quiet; the returned address
   * is where the session posts. Platforms without threads leave it out.
   */
  openThread?(from: ChannelAddress, title: string): Promise<ChannelAddress>;
  /**
   * True where a message can start a thread that later posts reply in (Slack): a session posts its
   * first round in the channel and the rest with `threadOf` that round's message.
   */
  readonly threadReplies?: boolean;
  /** Tells one user something privately (e.g. "I could not post the daily question in #x"). */
  notifyUser(workspaceId: string, userId: string, reply: Reply): Promise<void>;
}
