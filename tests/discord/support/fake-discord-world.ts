// What the fake Discord holds (messages, servers, channels, threads, DM channels, registered commands)
// and how it makes ids: the state its gateway, interactions and REST routes share.
import { BOT_USER, IDS, messageFields, type Json } from './fake-discord-model.ts';

export class FakeDiscordWorld {
  /** Every message the fake holds: channel posts, interaction responses, follow-ups. */
  readonly messages = new Map<string, Json>();
  readonly commands = { global: [] as Json[], guild: new Map<string, Json[]>() };
  private readonly dmChannels = new Map<string, string>();
  protected readonly knownChannels = new Set<string>([IDS.channel]);
  /** The servers the bot is in, each with one text channel. */
  readonly guilds = new Map<string, { channelId: string; name: string }>([[IDS.guild, { channelId: IDS.channel, name: 'Cloud Study Group' }]]);
  /** Threads opened through the API, by id. */
  readonly threads = new Map<string, Json>();
  private lastId = 1_000_000n;

  /** Adds a server with one text channel; a client identifying afterwards receives it. */
  addGuild(guildId: string, channelId: string, name = `Server ${guildId}`): void {
    this.guilds.set(guildId, { channelId, name });
    this.knownChannels.add(channelId);
  }

  /** Adds a message to the fake as if the bot had posted it. */
  makeMessage(channelId: string, body: Json, extra: Json = {}): Json {
    const message = {
      id: this.snowflake(),
      channel_id: channelId,
      type: 0,
      author: BOT_USER,
      content: '',
      embeds: [],
      components: [],
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      ...messageFields(body),
      ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...extra,
    };
    this.messages.set(message.id, message);
    return message;
  }

  /** Channels the fake knows: the guild's text channel, and DM channels and threads opened through the API. */
  addChannel(id: string): void {
    this.knownChannels.add(id);
  }

  protected dmChannel(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = this.snowflake();
      this.dmChannels.set(userId, id);
      this.knownChannels.add(id);
    }
    return id;
  }

  protected saveCommands(appId: string, guildId: string | undefined, body: Json[]): Json[] {
    return body.map((c) => ({ ...c, id: this.snowflake(), application_id: appId, ...(guildId ? { guild_id: guildId } : {}), version: this.snowflake(), default_member_permissions: null }));
  }

  protected snowflake(): string {
    this.lastId += 1n;
    return (this.lastId << 22n).toString();
  }
}
