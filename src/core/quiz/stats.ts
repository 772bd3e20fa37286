// Scores and progress: the leaderboard, a person's stats, and topic mastery (which practice uses too).
import type { CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { privateReply, type Reply } from '../reply/reply.ts';
import type { QuestionBank } from './bank.ts';
import { MINUTE, type QuizContext } from './context.ts';
import { leaderboardReply } from './present.ts';
import type { RecordedAnswer } from './store.ts';

export interface Mastery {
  answered: number;
  correct: number;
  /** Smoothed accuracy ((correct + 1) / (answered + 2)): few answers count cautiously. */
  score: number;
}

/** Per topic: answered, correct, and a smoothed score that treats few answers cautiously. */
export function topicMastery(bank: QuestionBank, answers: readonly RecordedAnswer[]): Map<string, Mastery> {
  const m = new Map<string, Mastery>();
  for (const a of answers) {
    const q = bank.get(a.questionId);
    for (const t of q?.topics ?? []) {
      const row = m.get(t) ?? { answered: 0, correct: 0, score: 0 };
      row.answered++;
      if (a.correct) row.correct++;
      row.score = (row.correct + 1) / (row.answered + 2);
      m.set(t, row);
    }
  }
  return m;
}

export class Stats {
  constructor(private readonly quiz: QuizContext) {}

  async leaderboard(ctx: CommandContext, period: 'week' | 'month' | 'all'): Promise<Reply[]> {
    const days = period === 'week' ? 7 : period === 'month' ? 30 : undefined;
    const since = days ? this.quiz.now() - days * 24 * 60 * MINUTE : 0;
    const rows = await this.quiz.store.leaderboard(ctx.platform as Platform, ctx.workspaceId, since);
    const label = period === 'week' ? 'last 7 days' : period === 'month' ? 'last 30 days' : 'all time';
    return [leaderboardReply(label, rows, ctx.user.id)];
  }

  async stats(ctx: CommandContext): Promise<Reply[]> {
    const { store, bank } = this.quiz;
    const answers = await store.answersByUser(ctx.platform as Platform, ctx.workspaceId, ctx.user.id);
    const streaks = await store.userStreaks(ctx.platform as Platform, ctx.workspaceId, ctx.user.id);
    if (answers.length === 0) {
      return [privateReply('You have not answered any questions yet. Try /quiz practice, or join the next /quiz start.')];
    }
    const correct = answers.filter((a) => a.correct).length;
    const mastery = [...topicMastery(bank, answers).entries()].filter(([, m]) => m.answered > 0);
    const titled = (id: string) => this.topicTitle(id);
    const weakest = [...mastery].sort((a, b) => a[1].score - b[1].score).slice(0, 3);
    const strongest = [...mastery].filter(([, m]) => m.correct > 0).sort((a, b) => b[1].score - a[1].score).slice(0, 3);
    const services = this.serviceMastery(answers);
    const fields = [
      { label: 'Answered', value: `${answers.length} (${Math.round((correct / answers.length) * 100)}% correct)` },
      { label: 'Daily streak', value: `current ${Math.max(0, ...streaks.map((s) => s.current))}, best ${Math.max(0, ...streaks.map((s) => s.best))}` },
      { label: 'Weakest topics', value: weakest.map(([t, m]) => `${titled(t)} (${m.correct}/${m.answered})`).join('\n') || 'none yet' },
      { label: 'Strongest topics', value: strongest.map(([t, m]) => `${titled(t)} (${m.correct}/${m.answered})`).join('\n') || 'none yet' },
    ];
    if (services.length) fields.push({ label: 'By service', value: services.map((s) => `${s.service.toUpperCase()} ${s.correct}/${s.answered}`).join(' · ') });
    return [
      {
        visibility: 'private',
        text: `You answered ${answers.length} questions, ${correct} correctly.`,
        blocks: [{ type: 'header', text: `Your quiz stats, ${ctx.user.name}` }, { type: 'fields', fields }, { type: 'context', text: '/quiz practice picks questions from your weakest topics.' }],
      },
    ];
  }

  private topicTitle(topicId: string): string {
    for (const p of this.quiz.bank.packs) {
      const t = p.topics.find((x) => x.id === topicId);
      if (t) return t.title;
    }
    return topicId;
  }

  private serviceMastery(answers: readonly RecordedAnswer[]): { service: string; answered: number; correct: number }[] {
    const m = new Map<string, { service: string; answered: number; correct: number }>();
    for (const a of answers) {
      for (const s of this.quiz.bank.get(a.questionId)?.services ?? []) {
        const row = m.get(s) ?? { service: s, answered: 0, correct: 0 };
        row.answered++;
        if (a.correct) row.correct++;
        m.set(s, row);
      }
    }
    return [...m.values()].sort((a, b) => b.answered - a.answered).slice(0, 6);
  }
}
