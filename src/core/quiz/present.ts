// Neutral replies for everything the quiz shows: question posts, private results, reveals, scoreboards,
// stats. Names and notes come from users, so they stay plain text here and adapters escape them.
import { DEFAULT_COLOR, clip, type Block, type Button, type Moment, type Reply } from '../reply/reply.ts';
import { countWord, isMultiSelect, type QuizQuestion } from './bank.ts';
import type { RecordedAnswer, Schedule } from './store.ts';
import { describeDays, localTime } from './schedule.ts';

export const ACTION_ANSWER = 'quiz.answer';
export const ACTION_REPORT = 'quiz.report';
export const ACTION_PRACTICE = 'quiz.practice';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
const QUIZ_COLOR = '#16a085';
const RIGHT_COLOR = '#27ae60';
const WRONG_COLOR = '#c0392b';

export function letter(i: number): string {
  return LETTERS[i] ?? String(i + 1);
}

/** "A", "A and C", "A, B and D". */
export function letters(indexes: readonly number[]): string {
  const all = indexes.map(letter);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

/** "B. The customer, because …" */
export function optionLine(q: QuizQuestion, i: number): string {
  return `${letter(i)}. ${q.options[i]?.text ?? ''}`;
}

/** The right answer as a line: the option itself, or the letters of a multi-select answer. */
export function rightAnswer(q: QuizQuestion): string {
  return isMultiSelect(q) ? letters(q.correct) : optionLine(q, q.correct[0]!);
}

export interface QuestionPostInfo {
  postId: string;
  title: string;
  /** Shown as "N answers so far" on public posts; left out on private ones. */
  answerCount?: number;
  /** e.g. "closes Mon 24 Nov, 08:55 Europe/Berlin" or "30 seconds to answer". */
  closing?: string;
  /** The closing time inside `closing`, for renderers that show it in each reader's timezone. */
  closesAt?: Moment;
}

export function questionPost(q: QuizQuestion, info: QuestionPostInfo, visibility: Reply['visibility'] = 'public'): Reply {
  const options = q.options.map((_, i) => optionLine(q, i));
  const meta = [capitalise(q.difficulty), q.services.length ? q.services.join(', ').toUpperCase() : undefined, info.answerCount === undefined ? undefined : answersLine(info.answerCount), info.closing]
    .filter(Boolean)
    .join(' · ');
  return {
    visibility,
    text: `${info.title}: ${q.text}`,
    color: QUIZ_COLOR,
    blocks: [
      { type: 'header', text: info.title },
      { type: 'section', text: q.text },
      { type: 'section', text: options.join('\n') },
      { type: 'context', text: meta, ...(info.closesAt ? { moment: info.closesAt } : {}) },
      ...answerControls(q, info.postId, ACTION_ANSWER),
      { type: 'actions', buttons: [{ action: ACTION_REPORT, value: q.id, label: 'Report this question' }] },
    ],
  };
}

/**
 * How to answer: a button per option, or (multi-select) options to tick and submit. Either way the
 * action runs with "<value>:<option indexes>", so one handler scores both.
 */
export function answerControls(q: QuizQuestion, value: string, action: string): Block[] {
  if (!isMultiSelect(q)) {
    return [{ type: 'actions', buttons: q.options.map((_, i) => ({ action, value: `${value}:${i}`, label: clip(optionLine(q, i), 75) })) }];
  }
  const n = q.correct.length;
  return [
    {
      type: 'choices',
      action,
      value,
      options: q.options.map((_, i) => ({ label: clip(optionLine(q, i), 75), value: String(i) })),
      min: n,
      max: n,
      prompt: `Choose ${countWord(n)}`,
      submitLabel: 'Submit answer',
    },
  ];
}

export function answersLine(n: number): string {
  return n === 1 ? '1 answer so far' : `${n} answers so far`;
}

/** `withQuestion`: the result takes the question card's place (practice), so it says the question again. */
export function answerResult(q: QuizQuestion, answer: RecordedAnswer, extra: { repeated: boolean; lines?: string[]; buttons?: Button[]; withQuestion?: boolean }): Reply {
  const right = answer.correct;
  const chose = letters(answer.choices);
  const head = extra.repeated
    ? `You already answered ${chose}: ${right ? 'right' : 'not quite'}`
    : right
      ? `Right: ${rightAnswer(q)}`
      : `Not quite. You chose ${chose}; the answer is ${rightAnswer(q)}`;
  const whys = choiceWhys(q, answer.choices);
  const blocks: Block[] = [{ type: 'header', text: clip(head, 150) }];
  if (extra.withQuestion) blocks.push({ type: 'section', text: q.text });
  if (whys.length) blocks.push({ type: 'fields', fields: whys });
  blocks.push({ type: 'section', text: q.explanation });
  if (answer.points > 0 && !extra.repeated) blocks.push({ type: 'context', text: `+${answer.points} points` });
  for (const line of extra.lines ?? []) blocks.push({ type: 'context', text: line });
  if (extra.buttons?.length) blocks.push({ type: 'actions', buttons: extra.buttons });
  const summary = [head, ...whys.map((w) => `${w.label}: ${w.value}`), q.explanation].join('. ');
  return { visibility: 'private', text: summary, blocks, color: right ? RIGHT_COLOR : WRONG_COLOR };
}

/**
 * Why each picked option is right or wrong, then why each right option the person missed is right:
 * what they chose first, then the answer.
 */
export function choiceWhys(q: QuizQuestion, choices: readonly number[]): { label: string; value: string }[] {
  const picked = q.options.flatMap((_, i) => (choices.includes(i) ? [i] : []));
  const missed = q.correct.filter((i) => !choices.includes(i));
  const field = (i: number, who: string) => ({
    label: `${q.correct.includes(i) ? '✓' : '✗'} ${who}: ${optionLine(q, i)}`,
    value: q.options[i]?.why ?? (q.correct.includes(i) ? 'This one is right.' : 'This one is not right.'),
  });
  return [...picked.map((i) => field(i, 'Your choice')), ...missed.map((i) => field(i, isMultiSelect(q) ? 'Also right' : 'The answer'))];
}

/** Every option with why it is right or wrong, for reveals (left out when the question explains none). */
export function allWhys(q: QuizQuestion): { label: string; value: string }[] {
  if (!q.options.some((o) => o.why)) return [];
  return q.options.map((o, i) => ({ label: `${q.correct.includes(i) ? '✓' : '✗'} ${optionLine(q, i)}`, value: o.why ?? ' ' }));
}

export interface RevealStats {
  total: number;
  correct: number;
  firstCorrect: string[];
}

export function revealStats(answers: RecordedAnswer[]): RevealStats {
  const correct = answers.filter((a) => a.correct);
  return { total: answers.length, correct: correct.length, firstCorrect: correct.slice(0, 3).map((a) => a.userName) };
}

/** The closed question: correct answer, explanation, how the channel did. Replaces the question post. */
export function reveal(q: QuizQuestion, title: string, stats: RevealStats, extraBlocks: Block[] = [], visibility: Reply['visibility'] = 'public'): Reply {
  const pct = stats.total ? Math.round((stats.correct / stats.total) * 100) : 0;
  const summary =
    stats.total === 0
      ? 'Nobody answered this one.'
      : `${stats.correct} of ${stats.total} got it right (${pct}%).${stats.firstCorrect.length ? ` First correct: ${stats.firstCorrect.join(', ')}.` : ''}`;
  const answer = q.correct.map((i) => optionLine(q, i)).join('\n');
  const whys = allWhys(q);
  return {
    visibility,
    text: `${title} closed. Answer: ${rightAnswer(q)}. ${summary}`,
    color: QUIZ_COLOR,
    blocks: [
      { type: 'header', text: `${title}: closed` },
      { type: 'section', text: q.text },
      { type: 'fields', fields: [{ label: 'Answer', value: answer }, { label: 'Results', value: summary }] },
      ...(whys.length ? [{ type: 'fields' as const, fields: whys }] : []),
      { type: 'section', text: q.explanation },
      ...extraBlocks,
      { type: 'actions', buttons: [{ action: ACTION_REPORT, value: q.id, label: 'Report this question' }] },
    ],
  };
}

export interface ScoreRow {
  name: string;
  points: number;
  correct: number;
}

export function scoreboardBlocks(title: string, rows: ScoreRow[]): Block[] {
  if (rows.length === 0) return [{ type: 'context', text: `${title}: no answers yet.` }];
  const lines = rows.slice(0, 10).map((r, i) => `${i + 1}. ${r.name}: ${r.points} pts (${r.correct} correct)`);
  return [{ type: 'fields', fields: [{ label: title, value: lines.join('\n') }] }];
}

/** How a quiz ended: all its rounds played, stopped by someone, or stopped on its own after rounds nobody answered. */
export type QuizEnding = 'finished' | 'stopped' | 'idle';

/** Rounds in a row nobody answers before a quiz stops on its own. */
export const IDLE_ROUNDS = 2;

export function finalScoreboard(rows: ScoreRow[], rounds: number, ending: QuizEnding): Reply {
  const winner = rows[0];
  const head =
    ending === 'stopped' ? 'Quiz stopped: final scores'
    : ending === 'idle' ? `Quiz stopped: nobody answered the last ${IDLE_ROUNDS} rounds`
    : `Quiz over after ${rounds} round${rounds === 1 ? '' : 's'}`;
  const blocks: Block[] = [{ type: 'header', text: head }];
  // A table whose top has no points has no winner to name.
  const summary = !winner ? 'Nobody answered this quiz.' : winner.points > 0 ? `Top of the table: ${winner.name} with ${winner.points} points.` : 'Nobody scored: no right answers this time.';
  blocks.push({ type: 'section', text: summary });
  if (rows.length) blocks.push(...scoreboardBlocks('Final scoreboard', rows));
  blocks.push({ type: 'context', text: 'Scores count towards /quiz leaderboard. Start another round with /quiz start.' });
  const table = rows.map((r, i) => `${i + 1}. ${r.name} ${r.points}`).join(', ');
  return { visibility: 'public', text: `${head}. ${table || summary}`, color: QUIZ_COLOR, blocks };
}

export function scheduleReply(s: Schedule | undefined, next: Date | undefined): Reply {
  if (!s) return { visibility: 'private', text: 'No daily question is scheduled in this channel.', color: DEFAULT_COLOR, blocks: [
    { type: 'section', text: 'No daily question is scheduled in this channel.' },
    { type: 'context', text: 'An admin can set one: /quiz schedule 09:00 Europe/Berlin mon-fri' },
  ] };
  const filter = [s.topic && `topic: ${s.topic}`, s.difficulty && `difficulty: ${s.difficulty}`].filter(Boolean).join(', ');
  const fields = [
    { label: 'When', value: `${s.time} ${s.timezone}, ${describeDays(s.days)}` },
    { label: 'Next post', value: next ? `${localTime(next, s.timezone)} (${next.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : 'none' },
    { label: 'Questions', value: filter || 'the whole bank' },
    { label: 'Open for', value: s.windowMinutes ? `${s.windowMinutes} minutes` : 'until shortly before the next post' },
  ];
  return {
    visibility: 'private',
    text: `Daily question at ${s.time} ${s.timezone}, ${describeDays(s.days)}.`,
    color: QUIZ_COLOR,
    blocks: [{ type: 'header', text: 'Daily question schedule' }, { type: 'fields', fields }],
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
