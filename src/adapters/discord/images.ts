// Diagrams in Discord: the PNG rides along as an attachment and the embed shows it
// (image.url = attachment://<name>); its description carries the alt text for screen readers.
import type { APIEmbed } from 'discord.js';
import type { Core } from '../../core/responsibot.ts';
import type { Reply } from '../../core/reply/reply.ts';
import { clip } from '../../core/reply/reply.ts';

/** Discord's limit on an attachment's description. */
const DESCRIPTION_MAX = 1024;

export interface ImageAttachment {
  attachment: Buffer;
  name: string;
  description: string;
}

/**
 * The message with the reply's diagram attached and shown in its first embed, or the message as it
 * was when the reply has none or it cannot be drawn (the core logs that once).
 */
export async function withDiagram<T extends { embeds: APIEmbed[] }>(core: Core, reply: Reply, message: T): Promise<T & { files?: ImageAttachment[] }> {
  if (!reply.image || !core.images) return message;
  const image = await core.images.safeImage(reply.image);
  if (!image) return message;
  const [first = {}, ...rest] = message.embeds;
  return {
    ...message,
    embeds: [{ ...first, image: { url: `attachment://${image.filename}` } }, ...rest],
    files: [{ attachment: Buffer.from(image.png), name: image.filename, description: clip(image.alt, DESCRIPTION_MAX) }],
  };
}
