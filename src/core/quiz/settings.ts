// Channel and workspace settings changed from chat (/quiz threads, /quiz weekly-board, the admin
// channel and role): kept in the store and read each time they are used, so every bot process sees a
// change at once and nothing needs a restart.
import type { CommandContext } from '../commands/command.ts';
import { UsageError } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { clip, privateReply, type Reply } from '../reply/reply.ts';
import type { QuizContext } from './context.ts';
import type { ChannelKey, SettingScope } from './store.ts';

export const SETTING_THREADS = 'threads';
export const SETTING_WEEKLY_BOARD = 'weekly-board';

export const channelScope = (c: ChannelKey): SettingScope => ({ platform: c.platform, workspaceId: c.workspaceId, scopeId: c.channelId });
export const workspaceScope = (platform: Platform, workspaceId: string): SettingScope => ({ platform, workspaceId, scopeId: '' });

/** Whether /quiz start runs in a thread in this channel when the command does not say. */
export async function threadsByDefault(quiz: QuizContext, channel: ChannelKey): Promise<boolean> {
  return (await quiz.store.getSetting(channelScope(channel), SETTING_THREADS)) === 'on';
}

/** "on" / "off" (and a few spellings of them) from what was typed; undefined for nothing typed. */
export function onOff(word: string | undefined, usage: string): 'on' | 'off' | undefined {
  if (word === undefined || word === '') return undefined;
  const w = word.toLowerCase();
  if (['on', 'yes', 'true', 'enable'].includes(w)) return 'on';
  if (['off', 'no', 'false', 'disable'].includes(w)) return 'off';
  throw new UsageError(`"${clip(word, 21)}" is not on or off.`, usage);
}

export const THREADS_USAGE = '/quiz threads [on|off]';

/** /quiz threads [on|off]: shows, or (admins) sets, whether quizzes in this channel run in a thread. */
export async function threadsCommand(quiz: QuizContext, ctx: CommandContext, word: string | undefined): Promise<Reply[]> {
  const channel = { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
  const value = onOff(word, THREADS_USAGE);
  if (value === undefined) {
    const on = await threadsByDefault(quiz, channel);
    return [privateReply(on ? 'Quizzes in this channel run in a thread unless started with thread:false.' : 'Quizzes in this channel run in the channel unless started with "thread". An admin can change it: /quiz threads on')];
  }
  if (!(await ctx.isAdmin())) return [privateReply("Sorry, only admins can change this channel's quiz default. Ask an admin if you'd like it changed.")];
  await quiz.store.setSetting(channelScope(channel), SETTING_THREADS, value === 'on' ? 'on' : undefined, ctx.user.id, quiz.now());
  return [privateReply(value === 'on' ? 'Saved: quizzes in this channel now run in a thread (/quiz start thread:false keeps one in the channel).' : 'Saved: quizzes in this channel run in the channel again (/quiz start thread runs one in a thread).')];
}

export const WEEKLY_BOARD_USAGE = '/quiz weekly-board [on|off]';

/** /quiz weekly-board [on|off]: shows, or (admins) sets, whether this scheduled channel gets a weekly board. */
export async function weeklyBoardCommand(quiz: QuizContext, ctx: CommandContext, word: string | undefined): Promise<Reply[]> {
  const channel = { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
  const value = onOff(word, WEEKLY_BOARD_USAGE);
  const scheduled = Boolean(await quiz.store.getSchedule(channel));
  if (value === undefined) {
    const off = (await quiz.store.getSetting(channelScope(channel), SETTING_WEEKLY_BOARD)) === 'off';
    if (off) return [privateReply('The weekly leaderboard post is off in this channel. An admin can turn it on: /quiz weekly-board on')];
    return [privateReply(scheduled ? "Each Monday at the daily question's time, last week's leaderboard of this channel is posted here. An admin can turn it off: /quiz weekly-board off" : 'Channels with a daily question get a weekly leaderboard post each Monday; this channel has no schedule yet.')];
  }
  if (!(await ctx.isAdmin())) return [privateReply("Sorry, only admins can change this channel's weekly leaderboard post. Ask an admin if you'd like it changed.")];
  await quiz.store.setSetting(channelScope(channel), SETTING_WEEKLY_BOARD, value === 'off' ? 'off' : undefined, ctx.user.id, quiz.now());
  return [privateReply(value === 'off' ? 'Saved: no weekly leaderboard post in this channel.' : `Saved: the weekly leaderboard is posted here each Monday${scheduled ? '' : ' once the channel has a daily question'}.`)];
}
