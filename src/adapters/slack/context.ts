// Builds the core's CommandContext from a Slack request. "Admin" means listed in SLACK_ADMIN_USERS or
// a workspace admin/owner per users.info; the answer is cached a few minutes so a burst of admin
// commands costs one API call, and a failed look-up denies (and is not cached). Whether the bot can
// post in the channel (a member, channel not archived) comes from the ChannelDirectory.
import type { webApi } from '@slack/bolt';
import type { CommandContext } from '../../core/commands/command.ts';
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

  return (caller) => ({
    platform: 'slack',
    commandNames: SLACK_COMMAND_NAMES,
    user: { id: caller.userId, name: caller.userName || caller.userId },
    workspaceId: caller.teamId,
    channelId: caller.channelId,
    isAdmin: async () => admins.has(caller.userId) || isWorkspaceAdmin(caller.userId, caller.teamId),
    ...(channels ? { missingPostingPermissions: async () => channels.missingToPost(caller.channelId, caller.teamId) } : {}),
  });
}
