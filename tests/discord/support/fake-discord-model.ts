// The fake Discord's vocabulary: ids, users, permission bits, the recorded-request shape, and helpers
// tests use to read what reached Discord. Shared by the fake's parts and by the tests.
import type { UploadedPart } from '../../support/multipart.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON payloads in a test double */
export type Json = any;

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. "/channels/1/messages". */
  path: string;
  query: URLSearchParams;
  body: Json;
  /** The Authorization header ("Bot <token>"), absent on interaction callbacks and webhooks. */
  authorization?: string;
  /** Attachments of a multipart request (the JSON part is `body`, as Discord reads payload_json). */
  files?: UploadedPart[];
  /** What the fake answered (set once it has answered), e.g. the created message of a POST. */
  response?: FakeResponse;
}

export interface FakeResponse {
  status: number;
  body?: Json;
  /** Hold the answer back this long: a slow Discord (the request has already taken effect). */
  delayMs?: number;
}

export const IDS = {
  app: '900000000000000002',
  guild: '900000000000000003',
  channel: '900000000000000004',
  bot: '900000000000000002', // a bot user's id is its application's id
  user: '900000000000000010',
  /** A role every fake server has (no permissions of its own), for the admin role of /quiz admin-role. */
  cloudAdmins: '900000000000000031',
} as const;

export const BOT_USER = { id: IDS.bot, username: 'Responsibot', global_name: null, discriminator: '0', avatar: null, bot: true };
export const DEFAULT_USER = { id: IDS.user, username: 'priya', global_name: 'Priya', discriminator: '0', avatar: null };

/** Permission bits as Discord sends them (decimal strings). */
export const PERMS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  manageGuild: 1n << 5n,
  administrator: 1n << 3n,
  createPublicThreads: 1n << 35n,
  sendMessagesInThreads: 1n << 38n,
} as const;

export const perms = (...bits: bigint[]): string => bits.reduce((a, b) => a | b, 0n).toString();

/** What a freshly invited bot usually has in a text channel. */
export const BOT_PERMS = perms(PERMS.viewChannel, PERMS.sendMessages, PERMS.embedLinks, PERMS.createPublicThreads, PERMS.sendMessagesInThreads);
export const MEMBER_PERMS = perms(PERMS.viewChannel, PERMS.sendMessages);

export interface InteractionOptions {
  user?: Json;
  /** The server it happens in (IDS.guild by default); it reaches the gateway shard of that server. */
  guildId?: string;
  /** The member's permissions in the channel; ignored in a DM. */
  memberPermissions?: string;
  /** The member's roles (ids); none by default. */
  roles?: string[];
  appPermissions?: string;
  /** false: the interaction comes from a DM with the bot. */
  inGuild?: boolean;
  channelId?: string;
}

export interface SentInteraction {
  id: string;
  token: string;
}

export function messageFields(body: Json): Json {
  const out: Json = {};
  for (const k of ['content', 'embeds', 'components', 'flags'] as const) if (body?.[k] !== undefined) out[k] = body[k];
  return out;
}

export function unknown(code: number, message: string): FakeResponse {
  return { status: 404, body: { code, message } };
}

/** Request bodies that carry a message (everything that could mention someone). */
export function messageBodies(requests: readonly RecordedRequest[]): Json[] {
  return requests
    .map((r) => (r.path.endsWith('/callback') ? r.body?.data : r.body))
    .filter((b): b is Json => Boolean(b) && (b.content !== undefined || b.embeds !== undefined || b.components !== undefined));
}

/** Discord's rule for which shard receives a server's events. */
export function shardFor(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}
