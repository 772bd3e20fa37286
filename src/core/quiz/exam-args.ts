// What "/quiz exam …" asks for: a new exam (questions, minutes, domains) or a step in the running one
// (next, prev, go 5, flag, an answer in letters, submit). Mistakes become a usage message that lists
// the limits and the valid study domains; nothing typed is echoed beyond a short, plain quote.
import { UsageError } from '../commands/command.ts';
import { clip } from '../reply/reply.ts';
import type { QuestionBank } from './bank.ts';

export const EXAM_DEFAULTS = { questions: 20, minutes: 30 };
export const EXAM_LIMITS = { questions: { min: 1, max: 65 }, minutes: { min: 1, max: 180 } };
/** Percent of questions right needed to pass, as on the real exam's scaled 700 of 1000. */
export const PASS_MARK = 70;

export interface ExamRequest {
  questions: number;
  minutes: number;
  /** Study domain ids to draw from; undefined draws from all. */
  domains?: string[];
  /** Whether anything was asked for (numbers or domains), or just "/quiz exam". */
  explicit: boolean;
}

export type ExamStep =
  | { kind: 'start'; request: ExamRequest }
  | { kind: 'go'; to: 'next' | 'prev' | number }
  | { kind: 'flag'; flagged: boolean }
  | { kind: 'answer'; choices: number[] }
  | { kind: 'review' }
  | { kind: 'submit' }
  | { kind: 'result' };

const LETTERS = 'abcdef';

export function examUsage(bank: QuestionBank): string {
  const { questions, minutes } = EXAM_LIMITS;
  return [
    `/quiz exam [questions ${questions.min}-${questions.max}] [minutes ${minutes.min}-${minutes.max}] [domains, comma-separated]: a private, timed mock exam (default ${EXAM_DEFAULTS.questions} questions in ${EXAM_DEFAULTS.minutes} minutes; pass mark ${PASS_MARK}%)`,
    'While it runs: /quiz exam next | prev | go 5 | flag | unflag | b (or a,c for "choose TWO") | submit | submit now; /quiz exam result shows your last result',
    `Domains: ${examDomains(bank).join(', ')}`,
  ].join('\n');
}

/** Study domains that have questions, in the packs' order. */
export function examDomains(bank: QuestionBank): string[] {
  const withQuestions = new Set(bank.questions.map((q) => q.domain));
  return bank.domainIds().filter((d) => withQuestions.has(d));
}

/** The words after "/quiz exam" → what to do. */
export function parseExamStep(words: string[], named: Record<string, string>, bank: QuestionBank): ExamStep {
  const [first = '', second] = words.map((w) => w.toLowerCase());
  const only = words.length === 1;
  if (!named.questions && !named.minutes && !named.domains) {
    if (only && ['next', 'n', 'forward'].includes(first)) return { kind: 'go', to: 'next' };
    if (only && ['prev', 'previous', 'p', 'back'].includes(first)) return { kind: 'go', to: 'prev' };
    if (only && (first === 'flag' || first === 'unflag')) return { kind: 'flag', flagged: first === 'flag' };
    if (only && (first === 'review' || first === 'submit')) return { kind: 'review' };
    if (words.length === 2 && first === 'submit' && (second === 'now' || second === 'confirm')) return { kind: 'submit' };
    if (only && (first === 'result' || first === 'results' || first === 'last')) return { kind: 'result' };
    if (first === 'go' || first === 'goto') {
      const n = Number(second);
      if (words.length !== 2 || !/^\d+$/.test(second ?? '') || n < 1) throw new UsageError('Say which question to go to, e.g. /quiz exam go 5.', examUsage(bank));
      return { kind: 'go', to: n - 1 };
    }
    const answer = first === 'answer' ? words.slice(1).join('') : words.join('');
    if (words.length && (first === 'answer' || words.length <= 3) && /^[a-f](,?[a-f])*$/i.test(answer)) {
      return { kind: 'answer', choices: [...answer.toLowerCase().replace(/,/g, '')].map((c) => LETTERS.indexOf(c)) };
    }
    if (first === 'answer') throw new UsageError('Answer with the letters of your choice, e.g. /quiz exam answer b, or a,c for "choose TWO".', examUsage(bank));
  }
  return { kind: 'start', request: parseExamRequest(words, named, bank) };
}

/** ` called "x"`: what was typed, quoted back only when it is a plain word (never a mention or markup). */
function quoted(typed: string, max: number, lead: string): string {
  return /^[\w.,+-]+$/.test(typed) ? `${lead} "${clip(typed, max)}"` : '';
}

function parseExamRequest(words: string[], named: Record<string, string>, bank: QuestionBank): ExamRequest {
  const usage = examUsage(bank);
  const numbers: string[] = [];
  const rest: string[] = [];
  for (const w of words) (/^[-+]?\d+([.,]\d+)?$/.test(w) ? numbers : rest).push(w);
  if (numbers.length > 2) throw new UsageError('Give at most two numbers: how many questions, then how many minutes.', usage);
  const questionsRaw = named.questions ?? numbers[0];
  const minutesRaw = named.minutes ?? numbers[named.questions ? 0 : 1];
  const { questions: ql, minutes: ml } = EXAM_LIMITS;
  const problems: string[] = [];
  const whole = (raw: string | undefined, fallback: number, min: number, max: number, what: string): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max) problems.push(`${what} must be a whole number from ${min} to ${max}${quoted(raw, 12, ', not')}.`);
    return n;
  };
  const questions = whole(questionsRaw, EXAM_DEFAULTS.questions, ql.min, ql.max, 'Questions');
  const minutes = whole(minutesRaw, EXAM_DEFAULTS.minutes, ml.min, ml.max, 'Minutes');
  const domainWords = (named.domains ?? rest.join(','))
    .split(/[,\s]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const valid = examDomains(bank);
  const unknown = domainWords.filter((d) => !valid.includes(d));
  if (unknown.length) problems.push(`I have no study domain${quoted(unknown[0]!, 30, ' called') || ' by that name'}.`);
  if (problems.length) throw new UsageError(problems.join(' '), usage);
  const domains = [...new Set(domainWords)];
  return { questions, minutes, ...(domains.length ? { domains } : {}), explicit: words.length > 0 || Object.keys(named).length > 0 };
}

/**
 * Text platforms let a person at an exam type just "next", "prev", "flag" or "submit": the command line
 * such a word stands for, or undefined for anything else. (Letters answer through the options shown.)
 */
export function examShortcut(line: string): string | undefined {
  const t = line.trim().toLowerCase();
  if (/^(next|prev|previous|back|flag|unflag|review|submit|submit now)$/.test(t) || /^go\s+\d{1,3}$/.test(t)) return `/quiz exam ${t}`;
  return undefined;
}
