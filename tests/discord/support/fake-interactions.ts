// Interactions as Discord delivers them: INTERACTION_CREATE on the gateway shard of the server it
// happens in, as a slash command, autocomplete, button click, select or modal submit by a member or in a DM.
import { BOT_PERMS, DEFAULT_USER, IDS, MEMBER_PERMS, type InteractionOptions, type Json, type SentInteraction } from './fake-discord-model.ts';
import { FakeGateway } from './fake-gateway.ts';

export class FakeInteractions extends FakeGateway {
  /** Interaction token → the INTERACTION_CREATE payload, for the metadata on its messages. */
  protected readonly interactions = new Map<string, Json>();


  /** Dispatches INTERACTION_CREATE and returns its id and token, for waiting on the answer. */
  sendInteraction(type: 2 | 3 | 4 | 5, data: Json, opts: InteractionOptions = {}, extra: Json = {}): SentInteraction {
    const id = this.snowflake();
    const token = `token-${id}`;
    const user = opts.user ?? DEFAULT_USER;
    const inGuild = opts.inGuild ?? true;
    const guildId = opts.guildId ?? IDS.guild;
    const channelId = opts.channelId ?? (inGuild ? (this.guilds.get(guildId)?.channelId ?? IDS.channel) : this.dmChannel(user.id));
    const thread = this.threads.get(channelId);
    // A thread opened through the API arrives as the thread it is (type 11, with its parent).
    const channel = thread
      ? { id: channelId, type: thread.type, guild_id: guildId, name: thread.name, parent_id: thread.parent_id, owner_id: thread.owner_id, thread_metadata: thread.thread_metadata }
      : { id: channelId, type: 0, guild_id: guildId, name: 'aws-study' };
    const where = inGuild
      ? {
          guild_id: guildId,
          channel_id: channelId,
          channel,
          member: { user, roles: opts.roles ?? [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: opts.memberPermissions ?? MEMBER_PERMS },
          guild_locale: 'en-US',
          context: 0,
          authorizing_integration_owners: { '0': guildId },
        }
      : { channel_id: channelId, channel: { id: channelId, type: 1, recipients: [user] }, user, context: 1, authorizing_integration_owners: { '0': guildId } };
    const payload = {
      id,
      application_id: IDS.app,
      type,
      token,
      version: 1,
      data,
      app_permissions: opts.appPermissions ?? BOT_PERMS,
      locale: 'en-GB',
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...where,
      ...extra,
    };
    this.interactions.set(token, payload);
    this.dispatchTo(inGuild ? guildId : undefined, 'INTERACTION_CREATE', payload);
    return { id, token };
  }

  /** A slash command, e.g. chatInput('who', [{ name: 'question', type: 3, value: '…' }]). */
  chatInput(name: string, options: Json[] = [], opts?: InteractionOptions): SentInteraction {
    return this.sendInteraction(2, { id: `cmd-${name}`, name, type: 1, options }, opts);
  }

  /** Autocomplete while typing: the option being typed carries `focused: true`. */
  autocomplete(name: string, options: Json[], opts?: InteractionOptions): SentInteraction {
    return this.sendInteraction(4, { id: `cmd-${name}`, name, type: 1, options }, opts);
  }

  /** A click on a button with this custom_id, on `message` (by default an ephemeral bot message). */
  click(customId: string, opts?: InteractionOptions, message?: Json): SentInteraction {
    const channelId = opts?.channelId ?? IDS.channel;
    const on = message ?? this.makeMessage(channelId, { content: '', flags: 64 });
    return this.sendInteraction(3, { custom_id: customId, component_type: 2 }, opts, { message: on });
  }

  /** Options picked in a string select menu (component_type 3) with this custom_id, on `message`. */
  select(customId: string, values: string[], opts?: InteractionOptions, message?: Json): SentInteraction {
    const channelId = opts?.channelId ?? IDS.channel;
    const on = message ?? this.makeMessage(channelId, { content: '', flags: 64 });
    return this.sendInteraction(3, { custom_id: customId, component_type: 3, values }, opts, { message: on });
  }

  /** A submitted modal (MODAL_SUBMIT): each label's text input with the text typed into it. */
  submitModal(customId: string, typed: Record<string, string>, opts?: InteractionOptions): SentInteraction {
    const components = Object.entries(typed).map(([id, value], i) => ({ type: 18, id: i + 1, component: { type: 4, id: i + 10, custom_id: id, value } }));
    return this.sendInteraction(5, { custom_id: customId, components }, opts);
  }
}
