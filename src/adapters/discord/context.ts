// The CommandContext for one Discord interaction. Discord sends the caller's and the bot's effective
// permissions in that channel with every interaction, so both checks are answered without an API call;
// likewise the member's roles, for the admin role chosen with /quiz admin-role.
import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import type { AdminGroup, CommandContext } from '../../core/commands/command.ts';

export type ContextSource = Pick<BaseInteraction, 'user' | 'guildId' | 'channelId' | 'memberPermissions' | 'appPermissions'> & Partial<Pick<BaseInteraction, 'member' | 'guild'>>;

/** What the bot needs to post an answer or a quiz in a channel, with the names Discord's UI shows. */
const POSTING: [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

/** Opening a thread for a round, and posting in it. */
const THREADS: [bigint, string][] = [
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
];

/** Every permission the bot asks for when invited: the `permissions` integer of the invite URL (docs/discord.md). */
export const INVITE_PERMISSIONS: bigint = [...POSTING, ...THREADS].reduce((all, [flag]) => all | flag, 0n);

export function discordContext(interaction: ContextSource): CommandContext {
  const { user } = interaction;
  const caller = { id: user.id, name: user.globalName ?? user.username };
  return {
    platform: 'discord',
    user: caller,
    // DMs have no guild; scores made there stay with that one user.
    workspaceId: interaction.guildId ?? `dm:${caller.id}`,
    channelId: interaction.channelId ?? `dm:${caller.id}`,
    // Manage Server is what Discord itself asks for to manage a server's bots; Administrator implies it.
    isAdmin: async () => interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    groups: {
      find: async (typed) => findRole(interaction, typed),
      has: async (roleId) => {
        const roles = interaction.member?.roles;
        if (!roles) return false;
        // A cached member has a role manager; an uncached one arrives as the raw list of role ids.
        return Array.isArray(roles) ? roles.includes(roleId) : roles.cache.has(roleId);
      },
    },
    missingPostingPermissions: async ({ thread } = {}) => {
      const needed = thread ? [...POSTING, ...THREADS] : POSTING;
      return needed.filter(([flag]) => !interaction.appPermissions.has(flag)).map(([, name]) => name);
    },
  };
}

/** A role of the server as typed: its mention (<@&id>, what Discord sends when one is picked), @name or name. */
function findRole(interaction: ContextSource, typed: string): AdminGroup | undefined {
  const mention = /^<@&(\d+)>$/.exec(typed.trim())?.[1];
  const roles = interaction.guild?.roles.cache;
  const wanted = typed.trim().replace(/^@/, '').toLowerCase();
  const role = mention ? roles?.get(mention) : roles?.find((r) => r.name.toLowerCase() === wanted);
  if (role) return role.id === interaction.guildId ? undefined : { id: role.id, label: `@${role.name}` };
  // A server the bot does not cache: the id of a mention is all there is to go on.
  return mention && mention !== interaction.guildId ? { id: mention } : undefined;
}
