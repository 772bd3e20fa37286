// Reports of wrong or unclear questions, and their life: open → resolved or dismissed by an admin with
// a note, the reporter told; admins hear of new reports (in an admin channel or a DM, set with
// /quiz report-alerts); /quiz reports groups the open ones per question with counts.
import { UsageError, type CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { clip, privateReply, safeSlice, type Block, type Reply } from '../reply/reply.ts';
import type { QuizContext } from './context.ts';
import { workspaceScope } from './settings.ts';
import type { Report } from './store.ts';

export const SETTING_REPORT_ALERTS = 'report-alerts';
export const CLOSE_USAGE = '/quiz resolve NUMBER [note] · /quiz dismiss NUMBER [note] (the report numbers are in /quiz reports)';
export const ALERTS_USAGE = '/quiz report-alerts [here|dm|off]';
const LISTED = 10;

export class Reports {
  constructor(
    private readonly quiz: QuizContext,
    /** Admin channels from the configuration, per platform: used until an admin chooses with /quiz report-alerts. */
    private readonly configured: Partial<Record<Platform, string>> = {},
  ) {}

  /** Where alerts of this workspace go: channel:ID, user:ID, off, or undefined for nowhere yet. */
  private async where(platform: Platform, workspaceId: string): Promise<string | undefined> {
    const chosen = await this.quiz.store.getSetting(workspaceScope(platform, workspaceId), SETTING_REPORT_ALERTS);
    const configured = this.configured[platform];
    return chosen ?? (configured ? `channel:${configured}` : undefined);
  }

  async report(ctx: CommandContext, questionId: string, note: string): Promise<Reply[]> {
    const q = this.quiz.bank.known(questionId);
    if (!q) throw new UsageError(`There is no question "${clip(questionId, 60)}". Use the "Report this question" button on the question itself.`);
    const report = {
      platform: ctx.platform as Platform,
      workspaceId: ctx.workspaceId,
      questionId,
      userId: ctx.user.id,
      userName: ctx.user.name,
      note: safeSlice(note, 1000),
      createdAt: this.quiz.now(),
    };
    // A button press and then /quiz report with what is wrong (or a second press) is one report.
    const added = await this.quiz.store.addToReport({ ...report });
    if (added !== undefined) {
      return [privateReply(report.note ? `Thanks, your note is added to your report #${added} on this question.` : `You already reported this question (report #${added}). To add what is wrong, use /quiz report ${questionId} <your note>.`)];
    }
    const id = await this.quiz.store.addReport(report);
    await this.alertAdmins({ ...report, id, status: 'open' });
    const follow = note ? '' : ` To add what is wrong, use /quiz report ${questionId} <your note>.`;
    return [privateReply(`Thanks, report #${id} is saved for the admins.${follow}`)];
  }

  /** Open reports grouped per question, the most reported first, with counts. */
  async list(ctx: CommandContext): Promise<Reply[]> {
    const open = (await this.quiz.store.openReports(ctx.platform as Platform, ctx.workspaceId)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    if (open.length === 0) return [privateReply('No open question reports.')];
    const groups = new Map<string, Report[]>();
    for (const r of open) groups.set(r.questionId, [...(groups.get(r.questionId) ?? []), r]);
    const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || b[1][0]!.createdAt - a[1][0]!.createdAt);
    const fields = sorted.slice(0, LISTED).map(([questionId, reports]) => ({
      label: `${reports.length} report${reports.length === 1 ? '' : 's'} · ${questionId}`,
      value: [
        this.prompt(questionId),
        ...reports.slice(0, 3).map((r) => `#${r.id} ${r.userName} on ${new Date(r.createdAt).toISOString().slice(0, 10)}: ${clip(r.note || '(no note)', 200)}`),
        ...(reports.length > 3 ? [`… and ${reports.length - 3} more`] : []),
      ].join('\n'),
    }));
    const blocks: Block[] = [
      { type: 'header', text: `Open question reports: ${open.length} on ${groups.size} question${groups.size === 1 ? '' : 's'}` },
      { type: 'fields', fields },
      { type: 'context', text: `${sorted.length > LISTED ? `The ${LISTED} most reported questions are shown. ` : ''}Close one: /quiz resolve NUMBER [note] or /quiz dismiss NUMBER [note]. Take a question out of every quiz: /quiz disable QUESTION-ID.` },
    ];
    return [{ visibility: 'private', text: `${open.length} open question report(s) on ${groups.size} question(s).`, blocks }];
  }

  /** /quiz resolve|dismiss <n> [note] (admins): closes the report and tells the reporter. */
  async close(ctx: CommandContext, resolution: 'resolved' | 'dismissed', idText: string | undefined, note: string): Promise<Reply[]> {
    if (!idText || !/^#?\d{1,12}$/.test(idText.trim())) throw new UsageError(idText ? `"${clip(idText, 21)}" is not a report number.` : 'Say which report: its number from /quiz reports.', CLOSE_USAGE);
    const id = Number(idText.trim().replace('#', ''));
    const outcome = { resolution, by: ctx.user.name, note: safeSlice(note.trim(), 1000), at: this.quiz.now() };
    const result = await this.quiz.store.closeReport(ctx.platform as Platform, ctx.workspaceId, id, outcome);
    if (result === 'missing') return [privateReply(`There is no report #${id} here. /quiz reports lists the open ones.`)];
    if (result === 'closed') return [privateReply(`Report #${id} is already closed.`)];
    const told = await this.tellReporter(result, outcome);
    return [privateReply(`Report #${id} ${resolution}${outcome.note ? ` with your note` : ''}. ${told ? `${result.userName} was told.` : `I could not tell ${result.userName}.`}`)];
  }

  /** /quiz report-alerts [here|dm|off]: where admins hear about new reports (admins change it). */
  async alerts(ctx: CommandContext, word: string | undefined): Promise<Reply[]> {
    const scope = workspaceScope(ctx.platform as Platform, ctx.workspaceId);
    const current = await this.where(ctx.platform as Platform, ctx.workspaceId);
    if (word === undefined || word === '') {
      const where = current === `channel:${ctx.channelId}` ? 'in this channel' : current?.startsWith('channel:') ? 'in an admin channel' : current?.startsWith('user:') ? 'as a direct message to the admin who chose it' : current === 'off' ? 'nowhere (turned off)' : 'nowhere yet';
      return [privateReply(`New question reports are announced ${where}. An admin can choose: ${ALERTS_USAGE}`)];
    }
    const w = word.toLowerCase();
    if (!['here', 'dm', 'me', 'off'].includes(w)) throw new UsageError(`"${clip(word, 21)}" is not here, dm or off.`, ALERTS_USAGE);
    if (!(await ctx.isAdmin())) return [privateReply("Sorry, only admins can choose where reports are announced. Ask an admin if you'd like it changed.")];
    // "off" is stored, not cleared: it also silences an admin channel from the configuration.
    const value = w === 'here' ? `channel:${ctx.channelId}` : w === 'dm' || w === 'me' ? `user:${ctx.user.id}` : 'off';
    await this.quiz.store.setSetting(scope, SETTING_REPORT_ALERTS, value, ctx.user.id, this.quiz.now());
    return [privateReply(value === 'off' ? 'Saved: new reports are no longer announced.' : value.startsWith('channel:') ? 'Saved: new question reports are announced in this channel.' : 'Saved: new question reports come to you as a direct message.')];
  }

  private prompt(questionId: string): string {
    const q = this.quiz.bank.known(questionId);
    return q ? clip(q.text, 120) : '(no longer in the bank)';
  }

  private async alertAdmins(report: Report): Promise<void> {
    const where = await this.where(report.platform, report.workspaceId);
    const messenger = this.quiz.messengers.get(report.platform);
    if (!where || where === 'off' || !messenger) return;
    const text = `New report #${report.id} on ${report.questionId} from ${report.userName}: ${clip(report.note || '(no note)', 300)}`;
    const reply: Reply = {
      visibility: 'public',
      text,
      blocks: [
        { type: 'header', text: `Question report #${report.id}` },
        { type: 'section', text },
        { type: 'context', text: `${this.prompt(report.questionId)}\nClose it: /quiz resolve ${report.id} [note] or /quiz dismiss ${report.id} [note]. Open reports: /quiz reports.` },
      ],
    };
    try {
      if (where.startsWith('channel:')) await messenger.post({ platform: report.platform, workspaceId: report.workspaceId, channelId: where.slice(8) }, reply, { dedupeKey: `report-${report.id}` });
      else await messenger.notifyUser(report.workspaceId, where.slice(5), { ...reply, visibility: 'private' });
    } catch (err) {
      this.quiz.log.warn({ err, report: report.id }, 'could not tell the admins about a report');
    }
  }

  private async tellReporter(report: Report, o: { resolution: string; by: string; note: string }): Promise<boolean> {
    const messenger = this.quiz.messengers.get(report.platform);
    if (!messenger) return false;
    const what = o.resolution === 'resolved' ? 'resolved' : 'dismissed';
    const text = `Your report #${report.id} on the question "${this.prompt(report.questionId)}" was ${what} by ${o.by}${o.note ? `: ${o.note}` : '.'}`;
    try {
      await messenger.notifyUser(report.workspaceId, report.userId, privateReply(text));
      return true;
    } catch (err) {
      this.quiz.log.warn({ err, report: report.id }, 'could not tell the reporter');
      return false;
    }
  }
}
