// The configurable admin group (/quiz admin-role): members of one Slack user group or Discord role
// count as admins besides those the platform already makes admins (workspace admins, Manage Server).
// It is a workspace setting in the store, read on every admin check, so a change reaches every bot
// process at once without a restart. Whether someone is in the group is the adapter's to answer.
import { UsageError, type AdminGroup, type CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { clip, privateReply, type Reply } from '../reply/reply.ts';
import { workspaceScope } from './settings.ts';
import type { QuizStore } from './store.ts';

export const SETTING_ADMIN_ROLE = 'admin-role';
export const ADMIN_ROLE_USAGE = '/quiz admin-role [@group|@role|off]';

const encode = (g: AdminGroup): string => (g.label ? `${g.id}|${g.label}` : g.id);
function decode(value: string | undefined): AdminGroup | undefined {
  if (!value) return undefined;
  const bar = value.indexOf('|');
  return bar < 0 ? { id: value } : { id: value.slice(0, bar), label: value.slice(bar + 1) };
}

/** How the group reads in a reply: its @name when known, else its id — never a live mention. */
const shown = (g: AdminGroup): string => g.label ?? g.id;

export async function adminGroup(store: QuizStore, platform: string, workspaceId: string): Promise<AdminGroup | undefined> {
  return decode(await store.getSetting(workspaceScope(platform as Platform, workspaceId), SETTING_ADMIN_ROLE));
}

/**
 * The caller's context with an isAdmin that also asks the adapter whether the caller is in the
 * configured group. The platform's own answer comes first: a workspace admin needs no group look-up.
 */
export function withAdminGroup(ctx: CommandContext, store: QuizStore): CommandContext {
  const groups = ctx.groups;
  if (!groups) return ctx;
  let answer: Promise<boolean> | undefined;
  const isAdmin = async () => {
    if (await ctx.isAdmin()) return true;
    const group = await adminGroup(store, ctx.platform, ctx.workspaceId);
    return group ? groups.has(group.id) : false;
  };
  // One command may ask more than once; the answer holds for the whole command.
  return { ...ctx, isAdmin: () => (answer ??= isAdmin()) };
}

/** /quiz admin-role [@group|@role|off]: shows, or (admins) sets, the group whose members are admins. */
export async function adminRoleCommand(store: QuizStore, now: number, ctx: CommandContext, typed: string | undefined): Promise<Reply[]> {
  const scope = workspaceScope(ctx.platform as Platform, ctx.workspaceId);
  const kind = ctx.platform === 'discord' ? 'role' : 'user group';
  if (!ctx.groups) return [privateReply(`Admin groups exist on Slack (a user group) and Discord (a role); here, ${ctx.platform === 'console' ? 'you are the admin' : 'admins are set by the platform'}.`)];
  const word = typed?.trim() ?? '';
  if (word === '') {
    const group = await adminGroup(store, ctx.platform, ctx.workspaceId);
    const native = ctx.platform === 'discord' ? 'members with Manage Server' : 'workspace admins and owners';
    return [privateReply(group ? `Admins here are ${native} and the members of ${shown(group)}. An admin can change it: ${ADMIN_ROLE_USAGE}` : `Admins here are ${native}. An admin can add a ${kind}: ${ADMIN_ROLE_USAGE}`)];
  }
  const off = /^(off|none|clear)$/i.test(word);
  if (!(await ctx.isAdmin())) return [privateReply("Sorry, only admins can choose the admin group. Ask an admin if you'd like it changed.")];
  const group = off ? undefined : await ctx.groups.find(word);
  if (!off && !group) throw new UsageError(`I can't find the ${kind} "${clip(word, 40).replace(/[<>]/g, '')}". Mention it (type @ and pick the ${kind}), or say off.`, ADMIN_ROLE_USAGE);
  await store.setSetting(scope, SETTING_ADMIN_ROLE, group ? encode(group) : undefined, ctx.user.id, now);
  return [privateReply(group ? `Saved: members of ${shown(group)} are now admins of Responsibot here.` : `Saved: no ${kind} makes admins any more; the platform's admins still are.`)];
}
