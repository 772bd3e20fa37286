// The mock exam: a private, timed run for one person. Questions are drawn across study domains by
// weight; answers, flags and the place in the exam live in the store as they are given, so a restart
// resumes it; nothing is revealed until it is submitted or its deadline passes (the clock tick closes
// it then, in whichever process gets there first) and then the result is kept for /quiz stats.
import { randomUUID } from 'node:crypto';
import { UsageError, type CommandContext } from '../commands/command.ts';
import type { Platform } from '../ports/messenger.ts';
import { inPlace, privateReply, type Reply } from '../reply/reply.ts';
import { isRightAnswer, type QuizQuestion } from './bank.ts';
import type { QuizContext } from './context.ts';
import { channelOf, MINUTE } from './context.ts';
import { enabledOnly } from './disabled.ts';
import { examDomains, examUsage, PASS_MARK, type ExamRequest, type ExamStep } from './exam-args.ts';
import { examResultReplies, examScreen, reviewScreen, verdict } from './exam-present.ts';
import { choiceProblem, parsePicks } from './answering.ts';
import type { ChannelKey, Exam, ExamResult } from './store.ts';

const START_OWN = 'Start your own with /quiz exam.';
const START_ONE = 'Start one with /quiz exam.';

export class Exams {
  constructor(private readonly quiz: QuizContext) {}

  // ---- typed: /quiz exam … -------------------------------------------------------------------

  async command(ctx: CommandContext, step: ExamStep): Promise<Reply[]> {
    if (step.kind === 'start') return this.start(ctx, step.request);
    if (step.kind === 'result') return this.lastResult(ctx);
    const exam = await this.quiz.store.activeExam(ctx.platform as Platform, ctx.workspaceId, ctx.user.id);
    if (!exam) return [privateReply(`You have no mock exam running. ${START_ONE}\n${examUsage(this.quiz.bank)}`)];
    const over = await this.closeIfLate(exam);
    if (over) return over;
    const at = exam.position;
    switch (step.kind) {
      case 'go': {
        const to = step.to === 'next' ? at + 1 : step.to === 'prev' ? at - 1 : step.to;
        if (to < 0 || to >= exam.questionIds.length) {
          const where = step.to === 'next' ? 'That was the last question: /quiz exam submit when you are ready.' : step.to === 'prev' ? 'This is the first question.' : `There are questions 1 to ${exam.questionIds.length}.`;
          return [this.screen(exam, at, where)];
        }
        return this.show(exam, to);
      }
      case 'flag':
        return this.flag(exam, at, step.flagged);
      case 'answer':
        return this.answer(exam, at, step.choices);
      case 'review':
        return [reviewScreen(exam, this.quiz.now(), at)];
      case 'submit':
        return this.end(exam, 'submitted');
    }
  }

  // ---- buttons --------------------------------------------------------------------------------

  /** Previous / Next / Go to, Flag, Review, Submit: "<exam id>:<op>:<position>". */
  async onButton(ctx: CommandContext, value: string): Promise<Reply[]> {
    const [id = '', op = '', pos = ''] = value.split(':');
    const loaded = await this.load(ctx, id);
    if (!('exam' in loaded)) return loaded.refusal;
    const { exam } = loaded;
    const position = Number(pos);
    if (!Number.isInteger(position) || position < 0 || position >= exam.questionIds.length) return [privateReply('That button is not part of this exam.')];
    // The exam is one card that changes in place. Submit's result takes the review's place too: it
    // carries no button that could replace it in turn, so it stays; its missed questions follow anew.
    switch (op) {
      case 'go':
      case 'back':
        return inPlace(await this.show(exam, position));
      case 'flag':
      case 'unflag':
        return inPlace(await this.flag(exam, position, op === 'flag'));
      case 'review':
        return inPlace([reviewScreen(exam, this.quiz.now(), position)]);
      case 'submit':
        return inPlace(await this.end(exam, 'submitted'));
      default:
        return [privateReply('That button is not part of this exam.')];
    }
  }

  /** An option button or a multi-select submit: "<exam id>:<position>:<picks>". */
  async onAnswer(ctx: CommandContext, value: string): Promise<Reply[]> {
    const { target, choices } = parsePicks(value);
    const [id = '', pos = ''] = target.split(':');
    const loaded = await this.load(ctx, id);
    if (!('exam' in loaded)) return loaded.refusal;
    const position = Number(pos);
    if (!Number.isInteger(position) || position < 0 || position >= loaded.exam.questionIds.length) return [privateReply('That answer is not part of this exam.')];
    return inPlace(await this.answer(loaded.exam, position, choices));
  }

  // ---- the clock ------------------------------------------------------------------------------

  /** Closes every exam whose time ran out and sends its owner the result (once, from one process). */
  async closeDue(now: number, owns: (channel: ChannelKey) => boolean): Promise<void> {
    for (const exam of (await this.quiz.store.examsDue(now)).filter(owns)) {
      const ended = await this.finish(exam, 'expired');
      if (!ended.won) continue;
      const messenger = this.quiz.messengers.get(exam.platform);
      if (!messenger) continue;
      try {
        for (const reply of examResultReplies(ended.exam, this.quiz.bank, 'Time is up: your mock exam closed itself and was scored as it stood.')) {
          await messenger.notifyUser(exam.workspaceId, exam.userId, reply);
        }
      } catch (err) {
        // The result is kept all the same: /quiz exam result and /quiz stats show it.
        this.quiz.log.warn({ err, exam: exam.id }, 'could not send a timed-out mock exam its result');
      }
    }
  }

  // ---- the steps --------------------------------------------------------------------------------

  private async start(ctx: CommandContext, request: ExamRequest): Promise<Reply[]> {
    const { store } = this.quiz;
    const platform = ctx.platform as Platform;
    const running = await store.activeExam(platform, ctx.workspaceId, ctx.user.id);
    if (running) {
      const over = await this.closeIfLate(running);
      if (!over) {
        const note = request.explicit ? 'You already have a mock exam running: here it is where you left it. Submit it (or let its time run out) before starting another.' : 'Welcome back: your mock exam, where you left it.';
        return [this.screen(running, running.position, note)];
      }
    }
    const questions = await this.draw(ctx, request);
    const now = this.quiz.now();
    const exam: Exam = {
      id: randomUUID().replace(/-/g, '').slice(0, 16),
      ...channelOf(ctx),
      userId: ctx.user.id,
      userName: ctx.user.name,
      questionIds: questions.map((q) => q.id),
      ...(request.domains ? { domains: request.domains } : {}),
      startedAt: now,
      deadline: now + request.minutes * MINUTE,
      position: 0,
      answers: questions.map(() => []),
      flagged: [],
      status: 'active',
    };
    if (!(await store.createExam(exam))) {
      // Another click started one a moment ago: show that one.
      const other = await store.activeExam(platform, ctx.workspaceId, ctx.user.id);
      return other ? [this.screen(other, other.position, 'Your mock exam is already running.')] : [privateReply('Could not start the exam. Please try again.')];
    }
    const where = request.domains ? `from ${request.domains.join(', ')}` : 'across every study domain by weight';
    const note = `${questions.length} questions ${where}, ${request.minutes} minutes, pass mark ${PASS_MARK}%. Only you see it; answers are revealed when you submit.`;
    return [this.screen(exam, 0, note)];
  }

  private async show(exam: Exam, position: number, note?: string): Promise<Reply[]> {
    if (position !== exam.position) await this.quiz.store.setExamPosition(exam.id, position);
    return [this.screen({ ...exam, position }, position, note)];
  }

  private async flag(exam: Exam, position: number, flagged: boolean): Promise<Reply[]> {
    if (!(await this.quiz.store.setExamFlag(exam.id, position, flagged))) return this.afterRefusedWrite(exam);
    const fresh = (await this.quiz.store.getExam(exam.id)) ?? exam;
    return this.show(fresh, position, flagged ? `Question ${position + 1} flagged for review.` : `Flag removed from question ${position + 1}.`);
  }

  /** Saves the picks of one question, then shows the next question (or the review after the last). */
  private async answer(exam: Exam, position: number, choices: readonly number[]): Promise<Reply[]> {
    const q = this.quiz.bank.get(exam.questionIds[position] ?? '');
    if (!q) return [privateReply('That question is no longer in the bank; skip it with Next.')];
    const problem = choiceProblem(q, choices);
    if (problem) return [this.screen(exam, position, problem)];
    const picks = [...choices].sort((a, b) => a - b);
    if (!(await this.quiz.store.saveExamAnswer(exam.id, position, picks, this.quiz.now()))) return this.afterRefusedWrite(exam);
    const fresh = (await this.quiz.store.getExam(exam.id)) ?? exam;
    const saved = `Saved your answer to question ${position + 1}.`;
    if (position + 1 < fresh.questionIds.length) return this.show(fresh, position + 1, saved);
    return [reviewScreen(fresh, this.quiz.now(), position)];
  }

  /** A write the store refused: the exam ended meanwhile (submitted elsewhere, or its time ran out). */
  private async afterRefusedWrite(exam: Exam): Promise<Reply[]> {
    const now = (await this.quiz.store.getExam(exam.id)) ?? exam;
    return (await this.closeIfLate(now)) ?? this.ended(now);
  }

  private async end(exam: Exam, status: 'submitted' | 'expired'): Promise<Reply[]> {
    const { exam: ended, won } = await this.finish(exam, status);
    if (!won) return this.ended(ended);
    return examResultReplies(ended, this.quiz.bank, status === 'expired' ? 'Time is up: your mock exam was scored as it stood.' : undefined);
  }

  private async lastResult(ctx: CommandContext): Promise<Reply[]> {
    const [last] = await this.quiz.store.examHistory(ctx.platform as Platform, ctx.workspaceId, ctx.user.id, 1);
    if (!last) return [privateReply(`You have not finished a mock exam yet. ${START_ONE}`)];
    return examResultReplies(last, this.quiz.bank);
  }

  // ---- shared ---------------------------------------------------------------------------------

  /** The caller's running exam by id, or the polite refusal to show instead. */
  private async load(ctx: CommandContext, id: string): Promise<{ exam: Exam } | { refusal: Reply[] }> {
    const exam = id ? await this.quiz.store.getExam(id) : undefined;
    if (!exam || exam.platform !== ctx.platform || exam.workspaceId !== ctx.workspaceId) return { refusal: [privateReply(`That mock exam is no longer available. ${START_ONE}`)] };
    if (exam.userId !== ctx.user.id) return { refusal: [privateReply(`Sorry, that mock exam belongs to someone else, so only they can answer it. ${START_OWN}`)] };
    if (exam.status !== 'active') return { refusal: this.ended(exam) };
    const over = await this.closeIfLate(exam);
    return over ? { refusal: over } : { exam };
  }

  /** An exam past its deadline is closed now (if no tick got there first) and its result shown. */
  private async closeIfLate(exam: Exam): Promise<Reply[] | undefined> {
    if (exam.status !== 'active' || exam.deadline > this.quiz.now()) return undefined;
    return this.end(exam, 'expired');
  }

  private ended(exam: Exam): Reply[] {
    const when = new Date(exam.endedAt ?? exam.deadline).toISOString().slice(11, 16);
    const how = exam.status === 'expired' ? `its time ran out at ${when} UTC` : `it was submitted at ${when} UTC`;
    const score = exam.result ? ` Result: ${verdict(exam.result)}.` : '';
    return [privateReply(`Sorry, that mock exam is over (${how}), so it takes no more answers.${score} /quiz exam result shows it again; /quiz exam starts a new one.`)];
  }

  private screen(exam: Exam, position: number, note?: string): Reply {
    const q = this.quiz.bank.get(exam.questionIds[position] ?? '');
    if (!q) return privateReply(`Question ${position + 1} is no longer in the bank. Use Next or Previous to go on.`);
    return examScreen(exam, q, position, this.quiz.now(), note);
  }

  /** Scores and ends the exam; `won` is false when another click or process ended it first. */
  private async finish(exam: Exam, status: 'submitted' | 'expired'): Promise<{ exam: Exam; won: boolean }> {
    const { store } = this.quiz;
    // Score what the store holds: a pick saved by another process a moment ago counts.
    const latest = (await store.getExam(exam.id)) ?? exam;
    const now = this.quiz.now();
    const result = scoreExam(latest, (id) => this.quiz.bank.get(id), PASS_MARK);
    const won = await store.finishExam(exam.id, status, now, result);
    const ended = won ? { ...latest, status, endedAt: now, result } : ((await store.getExam(exam.id)) ?? latest);
    return { exam: ended, won };
  }

  /** The questions of a new exam: per domain as many as its weight earns, then shuffled together. */
  private async draw(ctx: CommandContext, request: ExamRequest): Promise<QuizQuestion[]> {
    const { bank } = this.quiz;
    const domains = request.domains ?? examDomains(bank);
    const all = await enabledOnly(this.quiz, ctx.platform as Platform, ctx.workspaceId, bank.questions.filter((q) => domains.includes(q.domain)));
    const written = all.filter((q) => !q.generated);
    // Generated "who is responsible for …" questions only fill in when the hand-written ones run out.
    const pool = written.length >= request.questions ? written : all;
    if (pool.length < request.questions) {
      throw new UsageError(`There are only ${pool.length} questions in ${request.domains ? 'those domains' : 'the bank'}: ask for at most ${pool.length}.`, examUsage(bank));
    }
    const byDomain = new Map<string, QuizQuestion[]>();
    for (const q of this.quiz.shuffle(pool)) byDomain.set(q.domain, [...(byDomain.get(q.domain) ?? []), q]);
    const declared = new Map(bank.packs.flatMap((p) => p.domains.map((d) => [d.id, d.weight] as const)));
    const everyWeighted = [...byDomain.keys()].every((d) => declared.has(d));
    const weights = new Map([...byDomain].map(([d, qs]) => [d, everyWeighted ? declared.get(d)! : qs.length]));
    const counts = allocate(request.questions, weights, new Map([...byDomain].map(([d, qs]) => [d, qs.length])));
    return this.quiz.shuffle([...byDomain].flatMap(([d, qs]) => qs.slice(0, counts.get(d) ?? 0)));
  }
}

/**
 * Splits `total` across domains in proportion to their weights (largest remainder first), never
 * more than a domain has; what a small domain cannot take goes to the others by the same rule.
 */
export function allocate(total: number, weights: ReadonlyMap<string, number>, available: ReadonlyMap<string, number>): Map<string, number> {
  const counts = new Map([...weights.keys()].map((d) => [d, 0]));
  let left = total;
  while (left > 0) {
    const open = [...weights].filter(([d, w]) => w > 0 && counts.get(d)! < (available.get(d) ?? 0));
    if (open.length === 0) break;
    const sum = open.reduce((s, [, w]) => s + w, 0);
    const shares = open.map(([d, w]) => ({ d, exact: (left * w) / sum }));
    let given = 0;
    for (const s of shares) {
      const room = available.get(s.d)! - counts.get(s.d)!;
      const n = Math.min(room, Math.floor(s.exact));
      counts.set(s.d, counts.get(s.d)! + n);
      given += n;
    }
    // The remainders, biggest first, one each while questions are left.
    for (const s of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1) || a.d.localeCompare(b.d))) {
      if (given >= left) break;
      if (counts.get(s.d)! < available.get(s.d)!) {
        counts.set(s.d, counts.get(s.d)! + 1);
        given++;
      }
    }
    left -= given;
    if (given === 0) break;
  }
  return counts;
}

/** Right answers, all or nothing on multi-select; an unanswered question counts as wrong. */
export function scoreExam(exam: Exam, question: (id: string) => QuizQuestion | undefined, passMark: number): ExamResult {
  const byDomain: ExamResult['byDomain'] = {};
  let correct = 0;
  let total = 0;
  exam.questionIds.forEach((id, i) => {
    const q = question(id);
    if (!q) return; // gone from the bank since: not scored either way
    const right = isRightAnswer(q, exam.answers[i] ?? []);
    const d = (byDomain[q.domain] ??= { correct: 0, total: 0 });
    d.total++;
    total++;
    if (right) {
      d.correct++;
      correct++;
    }
  });
  return { correct, total, passMark, passed: total > 0 && (correct / total) * 100 >= passMark, byDomain };
}
