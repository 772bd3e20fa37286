// The Messenger port for Discord: posts the core starts on its own (daily question, quiz rounds).
// Raw REST rather than channel objects, so it works for channels that are not in the cache.
// discord.js's REST already waits out 429s and retries 5xx/timeouts; what still fails is classified
// here so the core can tell "retry later" from "a human must fix a permission".
import { createHash } from 'node:crypto';
import { ChannelType, DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes, Routes, type APIMessage, type REST } from 'discord.js';
import type { Logger } from '../../core/ports/logger.ts';
import { DeliveryError, type ChannelAddress, type Messenger, type PostedMessage } from '../../core/ports/messenger.ts';
import { clip, type Reply } from '../../core/reply/reply.ts';
import { neutraliseMentions, NO_MENTIONS_REST } from './mentions.ts';
import { renderDiscord } from './render.ts';
import type { DiagramImage } from '../../core/diagram/images.ts';

/** Discord limits a message nonce to 25 characters, and a thread name to 100. */
const MAX_NONCE = 25;
const MAX_THREAD_NAME = 100;

export class DiscordMessenger implements Messenger {
  readonly platform = 'discord' as const;

  constructor(
    private readonly rest: REST,
    private readonly log: Logger,
    /** The PNG of a reply's diagram (a quiz reveal's), or undefined: the message then goes without it. */
    private readonly images: (reply: Reply) => Promise<DiagramImage | undefined> = async () => undefined,
  ) {}

  async post(to: ChannelAddress, reply: Reply, opts: { dedupeKey?: string } = {}): Promise<PostedMessage> {
    // With enforce_nonce Discord returns the first message again for a repeated nonce (for a few
    // minutes), so a retry after a lost response never posts twice.
    const dedupe = opts.dedupeKey ? { nonce: nonceFor(opts.dedupeKey), enforce_nonce: true } : {};
    const { body, files } = await this.message(reply);
    const message = (await this.send(() => this.rest.post(Routes.channelMessages(to.channelId), { body: { ...body, ...dedupe }, ...files }), 'post')) as APIMessage;
    return { channel: to, messageId: message.id };
  }

  async update(message: PostedMessage, reply: Reply): Promise<void> {
    // content: '' so the edit replaces the whole message, not only its embed.
    const { body, files } = await this.message(reply);
    await this.send(() => this.rest.patch(Routes.channelMessage(message.channel.channelId, message.messageId), { body: { content: '', ...body }, ...files }), 'update');
  }

  async openThread(from: ChannelAddress, title: string): Promise<ChannelAddress> {
    // A public thread without a starter message; a day of inactivity archives it on its own. The title
    // carries a display name ("Quiz started by …"): defused like every other text we send.
    const body = { name: clip(neutraliseMentions(title), MAX_THREAD_NAME) || 'Quiz', type: ChannelType.PublicThread, auto_archive_duration: 1440 };
    const thread = (await this.send(() => this.rest.post(Routes.threads(from.channelId), { body }), 'open thread')) as { id: string };
    return { ...from, channelId: thread.id };
  }

  async notifyUser(_workspaceId: string, userId: string, reply: Reply): Promise<void> {
    // Discord users are global: the DM channel is the same whichever server the notice is about.
    const dm = (await this.send(() => this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }), 'open DM')) as { id: string };
    await this.send(() => this.rest.post(Routes.channelMessages(dm.id), { body: this.body(reply) }), 'DM');
  }

  /** The message body, with the reply's diagram attached and shown in the embed when it has one. */
  private async message(reply: Reply) {
    const body = this.body(reply);
    const image = reply.image ? await this.images(reply) : undefined;
    if (!image) return { body, files: {} };
    const [first = {}, ...rest] = body.embeds;
    return {
      body: { ...body, embeds: [{ ...first, image: { url: `attachment://${image.filename}` } }, ...rest], attachments: [{ id: 0, filename: image.filename, description: clip(image.alt, 1024) }] },
      files: { files: [{ name: image.filename, data: Buffer.from(image.png), contentType: 'image/png' }] },
    };
  }

  private body(reply: Reply) {
    const { embeds, components, dropped } = renderDiscord(reply);
    for (const d of dropped) this.log.warn({ action: d.button.action, reason: d.reason }, 'discord button left out');
    return { embeds, components, ...NO_MENTIONS_REST };
  }

  private async send(call: () => Promise<unknown>, what: string): Promise<unknown> {
    try {
      return await call();
    } catch (err) {
      const classified = toDeliveryError(err);
      this.log.warn({ err, failure: classified.failure }, `discord ${what} failed`);
      throw classified;
    }
  }
}

/** Dedupe keys may be long ("daily:guild:channel:2025-01-31"); a hash keeps them unique within 25 chars. */
export function nonceFor(key: string): string {
  return key.length <= MAX_NONCE ? key : createHash('sha256').update(key).digest('base64url').slice(0, MAX_NONCE);
}

const NO_ACCESS: Partial<Record<number, string>> = {
  [RESTJSONErrorCodes.MissingAccess]: 'I cannot see that channel. Add me to it (View Channel) and try again.',
  [RESTJSONErrorCodes.MissingPermissions]: 'I am missing permissions in that channel: I need View Channel, Send Messages and Embed Links (and Create Public Threads for quiz threads).',
  [RESTJSONErrorCodes.UnknownChannel]: 'That channel no longer exists, or I cannot see it.',
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: 'That person does not accept direct messages from me.',
  [RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType]: 'I cannot do that in this kind of channel (threads need a text channel).',
};

const NETWORK_CODES = /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_)/;

export function toDeliveryError(err: unknown): DeliveryError {
  const result = classify(err);
  return Object.assign(result, { cause: err });
}

function classify(err: unknown): DeliveryError {
  if (err instanceof DiscordAPIError) {
    const known = typeof err.code === 'number' ? NO_ACCESS[err.code] : undefined;
    if (known) return new DeliveryError('no_access', known);
    if (err.status === 403) return new DeliveryError('no_access', `Discord refused: ${err.message}`);
    if (err.status === 429 || err.status >= 500) return new DeliveryError('transient', `Discord is busy (${err.status}); try again later.`);
    return new DeliveryError('other', `Discord rejected the message: ${err.message}`);
  }
  if (err instanceof HTTPError) {
    return err.status >= 500 || err.status === 429 ? new DeliveryError('transient', `Discord had a server error (${err.status}); try again later.`) : new DeliveryError('other', `Discord answered ${err.status}.`);
  }
  if (err instanceof RateLimitError) return new DeliveryError('transient', 'Discord rate-limited me; try again later.');
  if (err instanceof Error) {
    const code = String((err as { code?: unknown }).code ?? (err.cause as { code?: unknown } | undefined)?.code ?? '');
    if (err.name === 'AbortError' || err.name === 'TimeoutError' || NETWORK_CODES.test(code)) {
      return new DeliveryError('transient', 'Discord did not answer in time; try again later.');
    }
    return new DeliveryError('other', err.message);
  }
  return new DeliveryError('other', String(err));
}
