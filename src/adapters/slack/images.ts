// Diagrams in Slack. The text answer always goes out first (in the acknowledgement itself for /who);
// the picture follows as a file upload through the Web API (files.uploadV2: getUploadURLExternal,
// the bytes, completeUploadExternal), shared where the answer is: in the channel or thread for a
// public answer, in the asker's DM with the bot for a private one — an ephemeral message cannot carry
// a file. The PNG comes from the core's cache, so a repeated answer costs one upload and no render.
import type { webApi } from '@slack/bolt';
import type { Core } from '../../core/responsibot.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { Reply } from '../../core/reply/reply.ts';
import { tokenArg, type TokenFor } from './tokens.ts';

export interface ImageTarget {
  workspaceId: string;
  /** Where a public answer went (and its thread). */
  channelId?: string;
  threadTs?: string;
  /** Who asked: private answers' pictures go to their DM. */
  userId?: string;
}

/** Slack's limit on a file's alt text. */
const ALT_MAX = 1000;

export class SlackImages {
  constructor(
    private readonly core: Core,
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    private readonly tokens?: TokenFor,
  ) {}

  /** Uploads the diagram of every reply that has one. Never throws: the text answers are already out. */
  async send(replies: readonly Reply[], to: ImageTarget): Promise<void> {
    const images = this.core.images;
    if (!images) return;
    for (const reply of replies) {
      if (!reply.image) continue;
      const image = await images.safeImage(reply.image);
      if (!image) continue;
      try {
        const token = await tokenArg(this.tokens, to.workspaceId);
        const publicly = reply.visibility === 'public' && to.channelId;
        const channel = publicly ? to.channelId : await this.dm(to, token);
        if (!channel) continue;
        const file = { ...token, file: Buffer.from(image.png), filename: image.filename, title: image.title, alt_text: image.alt.length > ALT_MAX ? `${image.alt.slice(0, ALT_MAX - 1)}…` : image.alt };
        const thread = publicly ? to.threadTs : undefined;
        await this.client.files.uploadV2(thread ? { ...file, channel_id: channel, thread_ts: thread } : { ...file, channel_id: channel });
      } catch (err) {
        this.log.warn({ err, image: image.key }, 'could not upload a diagram to Slack; the answer went out without it');
      }
    }
  }

  private async dm(to: ImageTarget, token: { token?: string }): Promise<string | undefined> {
    if (!to.userId) return undefined;
    const opened = await this.client.conversations.open({ ...token, users: to.userId });
    return opened.channel?.id;
  }
}
