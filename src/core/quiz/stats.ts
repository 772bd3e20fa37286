// Scores and progress: the leaderboard, and a person's stats: mastery per study domain and per topic
// (answered, accuracy, reviews due; mock exam answers included), the trend over recent weeks, weakest and strongest topics, and a
// "Practice now" button. The Slack App Home shows the same reply.
import type { CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import type { Block, Reply } from '../reply/reply.ts';
import type { QuizContext } from './context.ts';
import { domainMastery, topicMastery, weakestAndStrongest, weeklyTrend, type Attempt, type Mastery } from './mastery.ts';
import { examHistoryLines, lastExamField } from './exam-present.ts';
import { masteryChart } from './pictures.ts';
import { ACTION_PRACTICE } from './present.ts';
import { attemptsOf } from './attempts.ts';

const TREND_WEEKS = 4;
const LISTED_TOPICS = 6;
const LISTED_EXAMS = 3;

export class Stats {
  constructor(
    private readonly quiz: QuizContext,
    /** Attach a bar chart of mastery per study domain to /quiz stats. */
    private readonly chart = false,
  ) {}

  /** Question ids of the caller's practice reviews that are due now. */
  async dueReviews(ctx: CommandContext): Promise<string[]> {
    const now = this.quiz.now();
    const cards = await this.quiz.store.practiceCards(ctx.platform as Platform, ctx.user.id);
    return cards.filter((c) => c.due <= now && this.quiz.bank.get(c.questionId)).map((c) => c.questionId);
  }

  async stats(ctx: CommandContext): Promise<Reply[]> {
    const { store, bank } = this.quiz;
    // Mock exam answers count too: an exam is where mastery per domain matters most.
    const attempts = await attemptsOf(this.quiz, { platform: ctx.platform as Platform, workspaceId: ctx.workspaceId, userId: ctx.user.id });
    const due = await this.dueReviews(ctx);
    const practice = practiceButton(due.length);
    const history = await store.examHistory(ctx.platform as Platform, ctx.workspaceId, ctx.user.id, LISTED_EXAMS);
    // The last exam goes near the top (the App Home and Discord's embed show it first); earlier ones at the end.
    const last = history[0] && lastExamField(history[0], bank);
    const lastBlock: Block[] = last ? [{ type: 'fields', fields: [last] }] : [];
    const earlier = examHistoryLines(history.slice(1));
    const examBlock: Block[] = earlier ? [{ type: 'fields', fields: [{ label: 'Earlier mock exams', value: earlier }] }] : [];
    if (attempts.length === 0) {
      const text = 'You have not answered any questions yet. Try /quiz practice, or join the next /quiz start.';
      return [{ visibility: 'private', text, blocks: [{ type: 'section', text }, ...lastBlock, ...examBlock, { type: 'actions', buttons: [practice] }] }];
    }
    const streaks = await store.userStreaks(ctx.platform as Platform, ctx.workspaceId, ctx.user.id);
    const correct = attempts.filter((a) => a.correct).length;
    const topics = topicMastery(bank, attempts, due);
    const { weakest, strongest } = weakestAndStrongest(topics, 3);
    const topicLine = ([t, m]: [string, Mastery]) => `${this.topicTitle(t)}: ${masteryLine(m)}`;
    const mostAnswered = [...topics.entries()].filter(([, m]) => m.answered > 0).sort((a, b) => b[1].answered - a[1].answered || a[0].localeCompare(b[0]));
    const blocks: Block[] = [
      { type: 'header', text: `Your quiz stats, ${ctx.user.name}` },
      ...lastBlock,
      {
        type: 'fields',
        fields: [
          { label: 'Answered', value: `${attempts.length} (${percent(correct, attempts.length)} correct)` },
          { label: 'Reviews due', value: due.length ? `${due.length} now` : 'none now' },
          { label: 'Daily streak', value: `current ${Math.max(0, ...streaks.map((s) => s.current))}, best ${Math.max(0, ...streaks.map((s) => s.best))}` },
          { label: `Last ${TREND_WEEKS} weeks`, value: trendLines(attempts, this.quiz.now()) },
        ],
      },
      { type: 'fields', fields: [{ label: 'By study domain', value: this.domainLines(attempts, due) }] },
      {
        type: 'fields',
        fields: [
          { label: 'Topics you answered most', value: mostAnswered.slice(0, LISTED_TOPICS).map(topicLine).join('\n') },
          { label: 'Weakest topics', value: weakest.map(topicLine).join('\n') || 'none yet' },
          { label: 'Strongest topics', value: strongest.map(topicLine).join('\n') || 'none yet (a topic needs at least two answers, three in four right)' },
        ],
      },
    ];
    blocks.push(...examBlock);
    const services = this.serviceMastery(attempts);
    if (services.length) blocks.push({ type: 'fields', fields: [{ label: 'By service', value: services.map((s) => `${s.service.toUpperCase()} ${s.correct}/${s.answered}`).join(' · ') }] });
    blocks.push({ type: 'context', text: '/quiz practice picks questions from your due reviews and weakest topics; /quiz exam runs a timed mock exam.' });
    blocks.push({ type: 'actions', buttons: [practice] });
    const image = this.chart ? masteryChart(bank, domainMastery(bank, attempts, due), ctx.user.name) : undefined;
    return [{ visibility: 'private', text: `You answered ${attempts.length} questions, ${correct} correctly. ${due.length} review${due.length === 1 ? '' : 's'} due.`, blocks, ...(image ? { image } : {}) }];
  }

  /** One line per study domain that has answers or reviews due, then the domains not practised yet. */
  private domainLines(attempts: readonly Attempt[], due: readonly string[]): string {
    const mastery = domainMastery(this.quiz.bank, attempts, due);
    const declared = this.quiz.bank.packs.flatMap((p) => p.domains);
    const known = new Map(declared.map((d) => [d.id, d.name]));
    const ids = [...new Set([...declared.map((d) => d.id), ...mastery.keys()])];
    const lines = ids.filter((id) => mastery.has(id)).map((id) => `${known.get(id) ?? id}: ${masteryLine(mastery.get(id)!)}`);
    const untouched = ids.filter((id) => !mastery.has(id)).map((id) => known.get(id) ?? id);
    if (untouched.length) lines.push(`Not practised yet: ${untouched.join(', ')}`);
    return lines.join('\n');
  }

  private topicTitle(topicId: string): string {
    return this.quiz.bank.topicTitle(topicId) ?? topicId;
  }

  private serviceMastery(attempts: readonly Attempt[]): { service: string; answered: number; correct: number }[] {
    const m = new Map<string, { service: string; answered: number; correct: number }>();
    for (const a of attempts) {
      for (const s of this.quiz.bank.known(a.questionId)?.services ?? []) {
        const row = m.get(s) ?? { service: s, answered: 0, correct: 0 };
        row.answered++;
        if (a.correct) row.correct++;
        m.set(s, row);
      }
    }
    return [...m.values()].sort((a, b) => b.answered - a.answered).slice(0, 6);
  }
}

/** "Practice now · 3 reviews due": a round of the due reviews (or of weak spots when none is due). */
export function practiceButton(due: number): { action: string; value: string; label: string; style: 'primary' } {
  return { action: ACTION_PRACTICE, value: 'now', label: due ? `Practice now · ${due} review${due === 1 ? '' : 's'} due` : 'Practice now', style: 'primary' };
}

function masteryLine(m: Mastery): string {
  const parts = m.answered ? [`${m.answered} answered`, `${percent(m.correct, m.answered)} right`] : ['not answered yet'];
  if (m.due) parts.push(`${m.due} due`);
  return parts.join(', ');
}

function trendLines(attempts: readonly Attempt[], now: number): string {
  const label = (ago: number) => (ago === 0 ? 'this week' : ago === 1 ? 'last week' : `${ago} weeks ago`);
  return weeklyTrend(attempts, now, TREND_WEEKS)
    .map((w) => `${label(w.weeksAgo)}: ${w.answered ? `${percent(w.correct, w.answered)} of ${w.answered}` : '–'}`)
    .join('\n');
}

function percent(part: number, whole: number): string {
  return `${whole ? Math.round((part / whole) * 100) : 0}%`;
}
