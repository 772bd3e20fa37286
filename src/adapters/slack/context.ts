// Builds the core's CommandContext from a Slack request. "Admin" means listed in SLACK_ADMIN_USERS or
// a workspace admin/owner per users.info (or, decided in the core, a member of the user group chosen
// with /quiz admin-role, per usergroups.users.list); answers are cached a few minutes so a burst of
// admin commands costs one API call, and a failed look-up denies (and is not cached). Whether the bot can
// post in the channel (a member, channel not archived) comes from the ChannelDirectory.
import type { webApi } from '@slack/bolt';
import type { AdminGroup, CommandContext } from '../../core/commands/command.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { ChannelDirectory } from './channels.ts';
import { tokenArg, type TokenFor } from './tokens.ts';
import { SLACK_COMMAND_NAMES } from './command-names.ts';

export interface SlackCaller {
  userId: string;
  /** user_name / username when Slack sends one; events only carry the id. */
  userName?: string;
  teamId: string;
  channelId: string;
}

export interface ContextFactoryOptions {
  client: webApi.WebClient;
  adminUsers: readonly string[];
  log: Logger;
  /** Answers missingPostingPermissions; without it the core is told nothing is missing. */
  channels?: ChannelDirectory;
  cacheMs?: number;
  now?: () => number;
  /** Each workspace's bot token (OAuth installs); without it, the client's own. */
  tokens?: TokenFor;
}

export type ContextFactory = (caller: SlackCaller) => CommandContext;

export function createContextFactory(opts: ContextFactoryOptions): ContextFactory {
  const admins = new Set(opts.adminUsers);
  const channels = opts.channels;
  const cacheMs = opts.cacheMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { admin: boolean; until: number }>();

  async function isWorkspaceAdmin(userId: string, teamId: string): Promise<boolean> {
    const key = `${teamId}:${userId}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.admin;
    try {
      const { user } = await opts.client.users.info({ ...(await tokenArg(opts.tokens, teamId)), user: userId });
      const admin = Boolean(user?.is_admin || user?.is_owner);
      cache.set(key, { admin, until: now() + cacheMs });
      return admin;
    } catch (err) {
      opts.log.warn({ err, userId }, 'users.info failed; treating the user as not an admin');
      return false;
    }
  }

  const members = new Map<string, { users: Set<string>; until: number }>();
  async function inGroup(userId: string, teamId: string, groupId: string): Promise<boolean> {
    const key = `${teamId}:${groupId}`;
    let hit = members.get(key);
    if (!hit || hit.until <= now()) {
      try {
        const { users } = await opts.client.usergroups.users.list({ ...(await tokenArg(opts.tokens, teamId)), usergroup: groupId });
        members.set(key, (hit = { users: new Set(users ?? []), until: now() + cacheMs }));
      } catch (err) {
        opts.log.warn({ err, groupId }, 'usergroups.users.list failed; treating the user as not in the admin group');
        return false;
      }
    }
    return hit.users.has(userId);
  }

  /** A user group as typed: its mention (<!subteam^S…|@handle>), @handle, handle or name. */
  async function findGroup(typed: string, teamId: string): Promise<AdminGroup | undefined> {
    const mention = /^<!subteam\^([A-Z0-9]+)(?:\|@?([^>]*))?>$/.exec(typed.trim());
    const wanted = typed.trim().replace(/^@/, '').toLowerCase();
    try {
      const { usergroups } = await opts.client.usergroups.list({ ...(await tokenArg(opts.tokens, teamId)) });
      const found = (usergroups ?? []).find((g) => (mention ? g.id === mention[1] : g.handle?.toLowerCase() === wanted || g.name?.toLowerCase() === wanted));
      return found?.id ? { id: found.id, label: `@${found.handle ?? found.name ?? found.id}` } : undefined;
    } catch (err) {
      opts.log.warn({ err }, 'usergroups.list failed');
      return undefined;
    }
  }

  return (caller) => ({
    platform: 'slack',
    commandNames: SLACK_COMMAND_NAMES,
    user: { id: caller.userId, name: caller.userName || caller.userId },
    workspaceId: caller.teamId,
    channelId: caller.channelId,
    isAdmin: async () => admins.has(caller.userId) || isWorkspaceAdmin(caller.userId, caller.teamId),
    groups: { find: (typed) => findGroup(typed, caller.teamId), has: (groupId) => inGroup(caller.userId, caller.teamId, groupId) },
    ...(channels ? { missingPostingPermissions: async () => channels.missingToPost(caller.channelId, caller.teamId) } : {}),
  });
}
