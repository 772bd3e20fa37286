// Neutral replies of the mock exam: a question screen (nothing revealed), the review screen before
// submitting, and the result (score, pass or fail, per domain, every missed question explained).
// Names stay plain text here; adapters escape them.
import { clip, type Block, type Button, type Reply } from '../reply/reply.ts';
import { isRightAnswer, type QuestionBank, type QuizQuestion } from './bank.ts';
import { answerControls, choiceWhys, letters, optionLine } from './present.ts';
import type { Exam, ExamResult } from './store.ts';

export const ACTION_EXAM = 'quiz.exam';
export const ACTION_EXAM_ANSWER = 'quiz.exam.answer';

const EXAM_COLOR = '#2c3e8f';
const PASS_COLOR = '#27ae60';
const FAIL_COLOR = '#c0392b';
/** Missed questions per result message: each is several fields, and platforms limit a message's size. */
const MISSED_PER_REPLY = 4;
/** Jump buttons on the review screen (unanswered, then flagged). */
const REVIEW_JUMPS = 10;

/**
 * A navigation button of an exam: the value says which exam, what to do and at which question ('back'
 * goes there too, so it never shares an id with a review screen's jump to the same question).
 */
export function examButton(exam: Exam, op: 'go' | 'back' | 'flag' | 'unflag' | 'review' | 'submit', position: number, label: string, style?: Button['style']): Button {
  return { action: ACTION_EXAM, value: `${exam.id}:${op}:${position}`, label, ...(style ? { style } : {}) };
}

/** "24 min left (until 08:10 UTC)". */
export function timeLeft(exam: Exam, now: number): string {
  const ms = exam.deadline - now;
  const until = new Date(exam.deadline).toISOString().slice(11, 16);
  const left = ms < 60_000 ? 'under a minute' : `${Math.ceil(ms / 60_000)} min`;
  return `${left} left (until ${until} UTC)`;
}

function answeredCount(exam: Exam): number {
  return exam.answers.filter((a) => a.length > 0).length;
}

function numbers(positions: readonly number[]): string {
  return positions.map((p) => p + 1).join(', ');
}

/** One question of a running exam: the options to pick, where you are, and nothing about the answer. */
export function examScreen(exam: Exam, q: QuizQuestion, position: number, now: number, note?: string): Reply {
  const n = exam.questionIds.length;
  const picked = exam.answers[position] ?? [];
  const flagged = exam.flagged.includes(position);
  const status = [timeLeft(exam, now), `${answeredCount(exam)} of ${n} answered`, exam.flagged.length ? `flagged: ${numbers(exam.flagged)}` : undefined].filter(Boolean).join(' · ');
  const nav: Button[] = [];
  if (position > 0) nav.push(examButton(exam, 'go', position - 1, 'Previous'));
  if (position < n - 1) nav.push(examButton(exam, 'go', position + 1, 'Next', 'primary'));
  nav.push(flagged ? examButton(exam, 'unflag', position, 'Remove flag') : examButton(exam, 'flag', position, 'Flag for review'));
  nav.push(examButton(exam, 'review', position, 'Review and submit'));
  const blocks: Block[] = [
    { type: 'header', text: `Mock exam: question ${position + 1} of ${n}${flagged ? ' (flagged)' : ''}` },
    ...(note ? [{ type: 'context' as const, text: note }] : []),
    { type: 'section', text: q.text },
    { type: 'section', text: q.options.map((_, i) => optionLine(q, i)).join('\n') },
    { type: 'context', text: picked.length ? `Your answer: ${letters(picked)}. You can change it until you submit.` : 'Not answered yet.' },
    ...answerControls(q, `${exam.id}:${position}`, ACTION_EXAM_ANSWER),
    { type: 'actions', buttons: nav },
    { type: 'context', text: `${status}. Typed: /quiz exam next, prev, go 5, flag, b (or a,c), submit.` },
  ];
  return { visibility: 'private', text: `Mock exam, question ${position + 1} of ${n}: ${q.text}`, blocks, color: EXAM_COLOR };
}

/** Before submitting: what is unanswered or flagged, a way back to each, and the final submit. */
export function reviewScreen(exam: Exam, now: number, position: number): Reply {
  const n = exam.questionIds.length;
  const unanswered = exam.questionIds.flatMap((_, i) => ((exam.answers[i] ?? []).length ? [] : [i]));
  const jumps = [...new Set([...unanswered, ...exam.flagged])].slice(0, REVIEW_JUMPS);
  const fields = [
    { label: 'Answered', value: `${n - unanswered.length} of ${n}` },
    { label: 'Not answered', value: unanswered.length ? numbers(unanswered) : 'none' },
    { label: 'Flagged for review', value: exam.flagged.length ? numbers(exam.flagged) : 'none' },
    { label: 'Time', value: timeLeft(exam, now) },
  ];
  const warning = unanswered.length ? `An unanswered question counts as wrong. ` : '';
  return {
    visibility: 'private',
    text: `Mock exam review: ${n - unanswered.length} of ${n} answered. Submit when you are ready.`,
    color: EXAM_COLOR,
    blocks: [
      { type: 'header', text: 'Mock exam: review before you submit' },
      { type: 'fields', fields },
      { type: 'section', text: `${warning}Nothing can be changed after you submit. Typed: /quiz exam submit now.` },
      ...(jumps.length ? [{ type: 'actions' as const, buttons: jumps.map((p) => examButton(exam, 'go', p, `Go to ${p + 1}${exam.flagged.includes(p) ? ' (flagged)' : ''}`)) }] : []),
      { type: 'actions', buttons: [examButton(exam, 'back', position, `Back to question ${position + 1}`), examButton(exam, 'submit', position, 'Submit the exam', 'danger')] },
    ],
  };
}

function domainNames(bank: QuestionBank): Map<string, string> {
  return new Map(bank.packs.flatMap((p) => p.domains.map((d) => [d.id, d.name] as const)));
}

function percent(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 100) : 0;
}

/** "15 of 20 (75%): passed" — the one-line verdict, also used by stats. */
export function verdict(result: ExamResult): string {
  return `${result.correct} of ${result.total} (${percent(result.correct, result.total)}%): ${result.passed ? 'passed' : 'not passed'}`;
}

/**
 * The result of an ended exam: the score against the pass mark and per domain, then every missed
 * question (wrong or unanswered) with why the pick was wrong and why the answer is right, a few per
 * message so no platform has to cut them.
 */
export function examResultReplies(exam: Exam, bank: QuestionBank, head?: string): Reply[] {
  const result = exam.result;
  if (!result) return [];
  const names = domainNames(bank);
  const pct = percent(result.correct, result.total);
  const title = result.passed ? 'Mock exam result: passed' : 'Mock exam result: not passed yet';
  const byDomain = Object.entries(result.byDomain)
    .sort((a, b) => a[1].correct / a[1].total - b[1].correct / b[1].total || a[0].localeCompare(b[0]))
    .map(([id, d]) => `${names.get(id) ?? id}: ${d.correct} of ${d.total} (${percent(d.correct, d.total)}%)`);
  const missed = exam.questionIds.flatMap((id, i) => {
    const q = bank.get(id);
    const picks = exam.answers[i] ?? [];
    return q && !isRightAnswer(q, picks) ? [{ q, i, picks }] : [];
  });
  const summary = `You scored ${result.correct} of ${result.total} (${pct}%). The pass mark is ${result.passMark}%, so you ${result.passed ? 'passed' : 'did not pass this time'}.`;
  const first: Reply = {
    visibility: 'private',
    text: `${head ? `${head} ` : ''}${summary}`,
    color: result.passed ? PASS_COLOR : FAIL_COLOR,
    blocks: [
      { type: 'header', text: title },
      ...(head ? [{ type: 'context' as const, text: head }] : []),
      { type: 'section', text: summary },
      { type: 'fields', fields: [{ label: 'Score per domain (weakest first)', value: byDomain.join('\n') || 'no questions' }] },
      {
        type: 'context',
        text: missed.length ? `${missed.length} question${missed.length === 1 ? '' : 's'} missed: explained below. /quiz practice drills your weakest topics; /quiz stats keeps your exam results.` : 'No question missed. /quiz stats keeps your exam results.',
      },
    ],
  };
  const rest: Reply[] = [];
  for (let at = 0; at < missed.length; at += MISSED_PER_REPLY) {
    const part = missed.slice(at, at + MISSED_PER_REPLY);
    const blocks: Block[] = part.map(({ q, i, picks }) => ({
      type: 'fields',
      fields: [{ label: `✗ Question ${i + 1} · ${names.get(q.domain) ?? q.domain}`, value: `${q.text}${picks.length ? '' : '\n(not answered)'}` }, ...choiceWhys(q, picks)],
    }));
    const range = part.length === 1 ? `question ${part[0]!.i + 1}` : `questions ${part[0]!.i + 1} to ${part.at(-1)!.i + 1}`;
    rest.push({ visibility: 'private', text: `Missed in the mock exam: ${range}`, color: FAIL_COLOR, blocks: [{ type: 'header', text: clip(`Missed: ${range}`, 150) }, ...blocks] });
  }
  return [first, ...rest];
}

function endedWhen(e: Exam): string {
  return `${new Date(e.endedAt ?? e.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The latest results for /quiz stats: "2026-12-03 08:10 UTC: 15 of 20 (75%): passed". */
export function examHistoryLines(exams: readonly Exam[]): string {
  return exams
    .filter((e) => e.result)
    .map((e) => `${endedWhen(e)}: ${verdict(e.result!)}${e.status === 'expired' ? ' (time ran out)' : ''}`)
    .join('\n');
}

/**
 * The last exam at a glance, for the top of /quiz stats (and so the App Home and Discord's stats
 * embed): "15 of 20 (75%): passed · 2026-12-03 08:10 UTC · weakest domain: Identity, 2 of 5".
 */
export function lastExamField(exam: Exam, bank: QuestionBank): { label: string; value: string } | undefined {
  const result = exam.result;
  if (!result) return undefined;
  const weakest = Object.entries(result.byDomain)
    .filter(([, d]) => d.correct < d.total)
    .sort((a, b) => a[1].correct / a[1].total - b[1].correct / b[1].total || a[0].localeCompare(b[0]))[0];
  const parts = [verdict(result), `${endedWhen(exam)}${exam.status === 'expired' ? ' (time ran out)' : ''}`];
  if (weakest) parts.push(`weakest domain: ${domainNames(bank).get(weakest[0]) ?? weakest[0]}, ${weakest[1].correct} of ${weakest[1].total}`);
  return { label: 'Last mock exam', value: parts.join(' · ') };
}
