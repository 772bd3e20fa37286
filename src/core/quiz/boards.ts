// Boards: points this week (from Monday) or this month in the channel's schedule timezone, or all time;
// for one channel (a study group) or the whole workspace or server; anyone's rank; a "Post to channel"
// button; and the weekly board a scheduled channel gets each Monday, exactly once however many bot
// processes run (a claim row per channel and week, like the daily post's).
import { UsageError, type CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { clip, privateReply, type Block, type Reply } from '../reply/reply.ts';
import type { QuizContext } from './context.ts';
import { addDays, mondayOf, periodBounds, shortDate, zonedTime, type BoardPeriod, type PeriodBounds } from './periods.ts';
import { channelScope, SETTING_WEEKLY_BOARD } from './settings.ts';
import type { ChannelKey, LeaderboardRow, Schedule } from './store.ts';

export type BoardScope = 'channel' | 'workspace';
export const ACTION_POST_BOARD = 'quiz.board';
export const BOARD_USAGE = '/quiz leaderboard [week|month|all] [channel|workspace]';
export const RANK_USAGE = '/quiz rank @someone [week|month|all] [channel|workspace]';
const QUIZ_COLOR = '#16a085';
const SHOWN = 10;

export interface BoardRequest {
  period: BoardPeriod;
  scope: BoardScope;
}

export class Boards {
  /** Weekly boards this process already saw claimed (by anyone): no claim query on every tick. */
  private readonly weeklyDone = new Set<string>();

  constructor(private readonly quiz: QuizContext) {}

  async show(ctx: CommandContext, req: BoardRequest): Promise<Reply[]> {
    const { rows, bounds, streaks, tz } = await this.board(ctx, req);
    return [boardReply(req, bounds, tz, rows, streaks, { callerId: ctx.user.id })];
  }

  /** "Post to channel": the same board, public, saying who shared it. */
  async post(ctx: CommandContext, value: string): Promise<Reply[]> {
    const [period, scope] = value.split('|');
    if (!isPeriod(period) || (scope !== 'channel' && scope !== 'workspace')) throw new UsageError('That board button is not one I know.', BOARD_USAGE);
    const req = { period, scope } as BoardRequest;
    const { rows, bounds, streaks, tz } = await this.board(ctx, req);
    return [boardReply(req, bounds, tz, rows, streaks, { sharedBy: ctx.user.name })];
  }

  async rank(ctx: CommandContext, who: string, req: BoardRequest): Promise<Reply[]> {
    const { rows, bounds, streaks } = await this.board(ctx, req);
    const target = whoIs(who);
    const i = rows.findIndex((r) => r.userId === target || r.userName.toLowerCase() === target.toLowerCase());
    const where = `${periodLabel(bounds)} ${req.scope === 'channel' ? 'in this channel' : 'in this workspace'}`;
    if (i < 0) return [privateReply(`${clip(who, 60)} has no scored answers ${where}.`)];
    const r = rows[i]!;
    const streak = streaks.get(r.userId) ? `, daily streak ${streaks.get(r.userId)}` : '';
    return [privateReply(`${r.userName} is #${i + 1} of ${rows.length} ${where}: ${r.points} points, ${r.correct}/${r.answered} right${streak}.`)];
  }

  /** Each Monday at the schedule's time, last week's board of a scheduled channel, once (unless turned off). */
  async weekly(schedule: Schedule, now: number): Promise<void> {
    const monday = mondayOf(now, schedule.timezone);
    const key = `${schedule.platform}|${schedule.workspaceId}|${schedule.channelId}|${monday}`;
    if (this.weeklyDone.has(key) || now < zonedTime(monday, schedule.time, schedule.timezone)) return;
    const { store } = this.quiz;
    if ((await store.getSetting(channelScope(schedule), SETTING_WEEKLY_BOARD)) === 'off') return;
    const lastMonday = addDays(monday, -7);
    const won = await store.claim('weekly-board', schedule, lastMonday, now);
    this.remember(key);
    if (!won) return;
    const bounds: PeriodBounds = { period: 'week', since: zonedTime(lastMonday, '00:00', schedule.timezone), until: zonedTime(monday, '00:00', schedule.timezone), startDate: lastMonday, resetDate: monday };
    const rows = await store.leaderboard(schedule.platform, schedule.workspaceId, bounds.since, { until: bounds.until!, channelId: schedule.channelId });
    if (rows.length === 0) return; // a quiet week: no board to show
    const messenger = this.quiz.messengers.get(schedule.platform);
    if (!messenger) return;
    const streaks = await this.streaks(schedule, 'channel');
    try {
      await messenger.post(schedule, boardReply({ period: 'week', scope: 'channel' }, bounds, schedule.timezone, rows, streaks, { weekly: true }), { dedupeKey: `board-${lastMonday}` });
      this.quiz.metrics.posted({ platform: schedule.platform, kind: 'board', outcome: 'ok' });
    } catch (err) {
      this.quiz.metrics.posted({ platform: schedule.platform, kind: 'board', outcome: 'failed' });
      this.quiz.log.warn({ err, channel: schedule.channelId }, 'could not post the weekly board');
    }
  }

  private remember(key: string): void {
    if (this.weeklyDone.size > 50_000) this.weeklyDone.clear();
    this.weeklyDone.add(key);
  }

  private async board(ctx: CommandContext, req: BoardRequest) {
    const channel: ChannelKey = { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, channelId: ctx.channelId };
    const tz = (await this.quiz.store.getSchedule(channel))?.timezone ?? 'UTC';
    const bounds = periodBounds(req.period, this.quiz.now(), tz);
    const rows = await this.quiz.store.leaderboard(channel.platform, channel.workspaceId, bounds.since, {
      ...(bounds.until !== undefined ? { until: bounds.until } : {}),
      ...(req.scope === 'channel' ? { channelId: channel.channelId } : {}),
    });
    return { rows, bounds, tz, streaks: await this.streaks(channel, req.scope) };
  }

  /** Each person's longest current daily streak, in the channel or across the workspace. */
  private async streaks(channel: ChannelKey, scope: BoardScope): Promise<Map<string, number>> {
    const best = new Map<string, number>();
    const all = await this.quiz.store.streaksIn(channel.platform, channel.workspaceId, scope === 'channel' ? channel.channelId : undefined);
    for (const s of all) best.set(s.userId, Math.max(best.get(s.userId) ?? 0, s.current));
    return best;
  }
}

export function isPeriod(w: string | undefined): w is BoardPeriod {
  return w === 'week' || w === 'month' || w === 'all';
}

/** Parses "[week|month|all] [channel|workspace|server]" in any order; the rest is returned. */
export function parseBoard(words: string[], named: Record<string, string>, usage: string): BoardRequest & { rest: string[] } {
  let period = named.period?.toLowerCase();
  let scope = named.scope?.toLowerCase();
  const rest: string[] = [];
  for (const w of words) {
    const l = w.toLowerCase();
    if (!period && isPeriod(l)) period = l;
    else if (!scope && ['channel', 'workspace', 'server'].includes(l)) scope = l;
    else rest.push(w);
  }
  if (period !== undefined && !isPeriod(period)) throw new UsageError(`"${clip(period, 21)}" is not a period (week, month or all).`, usage);
  if (scope !== undefined && !['channel', 'workspace', 'server'].includes(scope)) throw new UsageError(`"${clip(scope, 21)}" is not channel or workspace.`, usage);
  return { period: (period as BoardPeriod | undefined) ?? 'week', scope: scope === undefined || scope === 'channel' ? 'channel' : 'workspace', rest };
}

/** A user as typed: a Slack or Discord mention (<@U123>, <@U123|name>, <@!123>), @name, or a name. */
export function whoIs(typed: string): string {
  const mention = /^<@!?([^|>]+)(\|[^>]*)?>$/.exec(typed.trim());
  if (mention) return mention[1]!;
  return typed.trim().replace(/^@/, '');
}

function periodLabel(b: PeriodBounds): string {
  return b.period === 'week' ? 'this week' : b.period === 'month' ? 'this month' : 'of all time';
}

function boardReply(req: BoardRequest, b: PeriodBounds, tz: string, rows: LeaderboardRow[], streaks: ReadonlyMap<string, number>, opts: { callerId?: string; sharedBy?: string; weekly?: boolean }): Reply {
  const where = req.scope === 'channel' ? 'this channel' : 'this workspace';
  const title = opts.weekly ? `Last week's leaderboard in ${where}` : `Leaderboard: ${periodLabel(b)}, ${where}`;
  const streak = (id: string) => (streaks.get(id) ? ` · daily streak ${streaks.get(id)}` : '');
  const lines = rows.slice(0, SHOWN).map((r, i) => `${i + 1}. ${r.userName}: ${r.points} pts · ${r.answered ? Math.round((r.correct / r.answered) * 100) : 0}% of ${r.answered}${streak(r.userId)}`);
  const blocks: Block[] = [{ type: 'header', text: title }];
  blocks.push({ type: 'section', text: lines.length ? lines.join('\n') : 'No answers in this period yet. Start one with /quiz start.' });
  if (b.startDate && b.resetDate) {
    const span = opts.weekly ? `Week of ${shortDate(b.startDate)} (${tz}). A new week started today.` : `Since ${shortDate(b.startDate)} (${tz}) · resets ${shortDate(b.resetDate)}`;
    blocks.push({ type: 'context', text: span });
  }
  if (opts.callerId !== undefined) {
    const rank = rows.findIndex((r) => r.userId === opts.callerId);
    const me = rows[rank];
    blocks.push({ type: 'context', text: me ? `You are #${rank + 1} with ${me.points} points (${me.correct}/${me.answered} correct).` : 'You have no scored answers in this period yet.' });
    blocks.push({ type: 'actions', buttons: [{ action: ACTION_POST_BOARD, value: `${req.period}|${req.scope}`, label: 'Post to channel' }] });
  }
  if (opts.sharedBy) blocks.push({ type: 'context', text: `Shared by ${opts.sharedBy}` });
  const visibility = opts.callerId !== undefined ? 'private' : 'public';
  return { visibility, text: `${title}: ${lines.join('; ') || 'no answers yet'}`, color: QUIZ_COLOR, blocks };
}
