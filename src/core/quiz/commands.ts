// /quiz and its buttons: parse what the user typed (or what Discord sent as options), check who may
// do it, and hand over to the QuizService. Parsing mistakes become usage messages that change nothing.
import { parseArgs } from '../commands/args.ts';
import { UsageError, type ActionDefinition, type CommandContext, type CommandDefinition, type Suggestion } from '../commands/command.ts';
import { clip, privateReply, type Reply } from '../reply/reply.ts';
import { DIFFICULTIES, isDifficulty, looksLikeDifficulty, type Difficulty, type QuestionBank, type QuestionFilter } from './bank.ts';
import { ACTION_ANSWER, ACTION_PRACTICE, ACTION_REPORT } from './present.ts';
import { parseScheduleSpec, SCHEDULE_USAGE } from './schedule.ts';
import { parsePicks } from './answering.ts';
import type { PracticeRequest } from './practice.ts';
import type { QuizService } from './service.ts';
import { ADMIN_ROLE_USAGE } from './admin-role.ts';
import { ACTION_FORGET } from './privacy.ts';
import { EXAM_DEFAULTS, EXAM_LIMITS, examDomains, parseExamStep, PASS_MARK } from './exam-args.ts';
import { ACTION_EXAM, ACTION_EXAM_ANSWER } from './exam-present.ts';
import { ACTION_POST_BOARD, BOARD_USAGE, parseBoard, RANK_USAGE } from './boards.ts';

const KEYS = ['rounds', 'seconds', 'topic', 'difficulty', 'thread', 'time', 'timezone', 'tz', 'days', 'window', 'period', 'action', 'id', 'note', 'questions', 'scope', 'user', 'group', 'minutes', 'domains'];

const USAGE = [
  '/quiz start [rounds] [seconds] [topic,topic…] [easy|medium|hard] [thread]: a study-group quiz in this channel',
  '/quiz stop: end the running quiz (whoever started it, or an admin)',
  '/quiz practice [questions] [topic]: private practice from your due reviews and weak spots; a number runs a round of that many',
  `/quiz exam [questions 1-${EXAM_LIMITS.questions.max}] [minutes 1-${EXAM_LIMITS.minutes.max}] [domains]: a private, timed mock exam (default ${EXAM_DEFAULTS.questions} questions in ${EXAM_DEFAULTS.minutes} minutes, pass mark ${PASS_MARK}%)`,
  '/quiz leaderboard [week|month|all] [channel|workspace]: top 10 and your rank (this week from Monday, this month, all time)',
  '/quiz rank <@someone> [week|month|all] [channel|workspace]: where someone stands',
  '/quiz stats: your mastery per study domain and topic, reviews due, the trend over recent weeks',
  '/quiz report <question id> [what is wrong]: report a problem with a question (or press its "Report this question" button)',
  '/quiz forget-me: delete your answers, stats and reports here (asks you to confirm first)',
  `${SCHEDULE_USAGE}  (admins)`,
  '/quiz reports: open question reports, grouped per question (admins)',
  '/quiz resolve|dismiss <report number> [note]: close a report; its reporter is told (admins)',
  '/quiz disable|enable <question id>: take a question out of every quiz here, or bring it back (admins)',
  '/quiz report-alerts [here|dm|off]: where admins hear about new reports (admins to change)',
  `${ADMIN_ROLE_USAGE}: a Slack user group or Discord role whose members are admins too (admins to change)`,
  '/quiz threads [on|off]: run quizzes in this channel in a thread by default (admins to change)',
  '/quiz weekly-board [on|off]: the weekly leaderboard post of a scheduled channel (admins to change)',
].join('\n');

const difficultyChoices = [...DIFFICULTIES];

export function quizCommand(quiz: QuizService): CommandDefinition & { autocomplete(option: string, partial: string): Suggestion[] } {
  return {
    name: 'quiz',
    description: 'Quizzes on who is responsible: study-group rounds, daily questions, practice',
    usage: '/quiz start|stop|practice|exam|leaderboard|rank|stats|forget-me|schedule|report|reports|resolve|dismiss|disable|enable|report-alerts|admin-role|threads|weekly-board',
    examples: ['/quiz start 5 30 rds', '/quiz practice', '/quiz schedule 09:00 Europe/Berlin mon-fri'],
    subcommands: [
      {
        name: 'start',
        description: 'Start a study-group quiz in this channel',
        options: [
          { name: 'rounds', description: 'Number of questions (1-20, default 5)', type: 'integer', min: 1, max: 20 },
          { name: 'seconds', description: 'Seconds per question (10-300, default 30)', type: 'integer', min: 10, max: 300 },
          { name: 'topic', description: 'A service, topic or study domain, e.g. rds, iam, encryption; several with commas', type: 'string', autocomplete: true },
          { name: 'difficulty', description: 'easy, medium or hard', type: 'string', choices: difficultyChoices },
          { name: 'thread', description: 'Run it in a new thread to keep the channel quiet', type: 'boolean' },
        ],
      },
      { name: 'stop', description: 'Stop the quiz running in this channel', options: [] },
      {
        name: 'practice',
        description: 'Private practice from your due reviews and weak spots',
        options: [
          { name: 'questions', description: `A round of this many questions (1-${PRACTICE_MAX}); leave out for one at a time`, type: 'integer', min: 1, max: PRACTICE_MAX },
          { name: 'topic', description: 'A service, topic or study domain; several with commas', type: 'string', autocomplete: true },
        ],
      },
      {
        name: 'exam',
        description: 'A private, timed mock exam scored by study domain',
        options: [
          { name: 'questions', description: `How many questions (${EXAM_LIMITS.questions.min}-${EXAM_LIMITS.questions.max}, default ${EXAM_DEFAULTS.questions})`, type: 'integer', min: EXAM_LIMITS.questions.min, max: EXAM_LIMITS.questions.max },
          { name: 'minutes', description: `Time allowed (${EXAM_LIMITS.minutes.min}-${EXAM_LIMITS.minutes.max}, default ${EXAM_DEFAULTS.minutes})`, type: 'integer', min: EXAM_LIMITS.minutes.min, max: EXAM_LIMITS.minutes.max },
          { name: 'domains', description: 'Only these study domains, comma-separated (default: all, by weight)', type: 'string', autocomplete: true },
        ],
      },
      {
        name: 'leaderboard',
        description: 'Top 10 and your rank',
        options: [
          { name: 'period', description: 'week (from Monday), month or all', type: 'string', choices: ['week', 'month', 'all'] },
          { name: 'scope', description: 'this channel (default) or the whole workspace/server', type: 'string', choices: ['channel', 'workspace'] },
        ],
      },
      {
        name: 'rank',
        description: 'Where someone stands on the leaderboard',
        options: [
          { name: 'user', description: 'Who: an @mention or a name', type: 'string', required: true },
          { name: 'period', description: 'week (from Monday), month or all', type: 'string', choices: ['week', 'month', 'all'] },
          { name: 'scope', description: 'this channel (default) or the whole workspace/server', type: 'string', choices: ['channel', 'workspace'] },
        ],
      },
      { name: 'stats', description: 'Your accuracy, streaks and weakest topics', options: [] },
      { name: 'forget-me', description: 'Delete your answers, stats and reports here (asks you to confirm first)', options: [] },
      {
        name: 'schedule',
        description: 'Daily question in this channel: set (admins), show, off (admins)',
        options: [
          { name: 'action', description: 'set, show or off (default: set when a time is given, else show)', type: 'string', choices: ['set', 'show', 'off'] },
          { name: 'time', description: 'HH:MM, 24-hour, e.g. 09:00', type: 'string' },
          { name: 'timezone', description: 'IANA timezone, e.g. Europe/Berlin', type: 'string' },
          { name: 'days', description: 'e.g. mon-fri, mon,wed,fri, daily', type: 'string' },
          { name: 'topic', description: 'Only questions about this service or topic', type: 'string', autocomplete: true },
          { name: 'difficulty', description: 'easy, medium or hard', type: 'string', choices: difficultyChoices },
          { name: 'window', description: 'How long it stays open, e.g. 90m or 8h', type: 'string' },
        ],
      },
      { name: 'reports', description: 'Open question reports, grouped per question (admins)', options: [] },
      ...(['resolve', 'dismiss'] as const).map((name) => ({
        name,
        description: `${name === 'resolve' ? 'Resolve' : 'Dismiss'} a question report; its reporter is told (admins)`,
        options: [
          { name: 'id', description: 'The report number, from /quiz reports', type: 'integer' as const, required: true, min: 1 },
          { name: 'note', description: 'What was done, or why not', type: 'string' as const },
        ],
      })),
      ...(['disable', 'enable'] as const).map((name) => ({
        name,
        description: name === 'disable' ? 'Take a question out of every quiz here at once (admins)' : 'Bring a disabled question back (admins)',
        options: [{ name: 'id', description: 'The question id, from /quiz reports', type: 'string' as const, required: true }],
      })),
      {
        name: 'report-alerts',
        description: 'Where admins hear about new reports: here, dm or off (admins)',
        options: [{ name: 'action', description: 'here (this channel), dm (you) or off', type: 'string', choices: ['here', 'dm', 'off'] }],
      },
      {
        name: 'admin-role',
        description: 'A user group (Slack) or role (Discord) whose members are admins too: show, set or off (admins)',
        options: [{ name: 'group', description: 'The role (type @ and pick it), or off', type: 'string' }],
      },
      {
        name: 'threads',
        description: 'Whether quizzes in this channel run in a thread: show, or on/off (admins)',
        options: [{ name: 'action', description: 'on or off (leave out to see the current default)', type: 'string', choices: ['on', 'off'] }],
      },
      {
        name: 'weekly-board',
        description: "This channel's weekly leaderboard post (scheduled channels): show, or on/off (admins)",
        options: [{ name: 'action', description: 'on or off (leave out to see it)', type: 'string', choices: ['on', 'off'] }],
      },
      {
        name: 'report',
        description: 'Report a problem with a question',
        options: [
          { name: 'id', description: 'The question id (shown by the Report button)', type: 'string', required: true },
          { name: 'note', description: 'What is wrong', type: 'string' },
        ],
      },
    ],
    async run(text, ctx) {
      const { positional, named } = parseArgs(text, KEYS);
      const sub = (positional.shift() ?? 'help').toLowerCase();
      // These read the bank while parsing (a topic or domain just added from chat must be known).
      if (['start', 'exam', 'schedule'].includes(sub)) await quiz.refresh();
      switch (sub) {
        case 'start':
          return withUsage(START_USAGE, () => {
            const opts = parseStart(positional, named);
            refuseStrayDifficulty(quiz.bank, opts.filter.topic, START_USAGE);
            return quiz.startSession(ctx, opts);
          });
        case 'stop':
          return quiz.stopSession(ctx);
        case 'practice':
          return withUsage(PRACTICE_USAGE, () => quiz.practice(ctx, parsePractice(positional, named)));
        case 'exam':
          return quiz.exam(ctx, parseExamStep(positional, named, quiz.bank));
        case 'leaderboard': {
          const { rest, ...req } = parseBoard(positional, named, BOARD_USAGE);
          if (rest.length) throw new UsageError(`"${clip(rest.join(' '), 21)}" is not a period (week, month or all) or channel/workspace.`, BOARD_USAGE);
          return quiz.leaderboard(ctx, req);
        }
        case 'rank': {
          const { rest, ...req } = parseBoard(positional, named, RANK_USAGE);
          const who = named.user ?? rest.join(' ');
          if (!who.trim() || (named.user !== undefined && rest.length)) throw new UsageError('Say whose rank: an @mention or a name.', RANK_USAGE);
          return quiz.rank(ctx, who, req);
        }
        case 'weekly-board':
          return quiz.weeklyBoardSetting(ctx, named.action ?? positional[0]);
        case 'stats':
          return quiz.stats(ctx);
        case 'forget-me':
          if (positional.length) throw new UsageError('/quiz forget-me takes nothing after it: it asks you to confirm first.', '/quiz forget-me');
          return quiz.forgetMe(ctx);
        case 'schedule':
          return withUsage(SCHEDULE_USAGE, () => schedule(quiz, ctx, positional, named));
        case 'reports':
          return (await refuseUnlessAdmin(ctx, 'read question reports', REPORTS_FOR_MEMBERS)) ?? quiz.reports(ctx);
        case 'report': {
          const id = named.id ?? positional.shift();
          if (!id) throw new UsageError('Say which question: /quiz report <question id> <what is wrong>.');
          // The note is kept as typed (quotes, apostrophes, spacing), not as re-joined words.
          const typed = /^\s*\S+\s+\S+\s*([\s\S]*)$/.exec(text)?.[1] ?? '';
          return quiz.report(ctx, id, named.note ?? (named.id ? positional.join(' ') : typed));
        }
        case 'resolve':
        case 'dismiss': {
          const refusal = await refuseUnlessAdmin(ctx, 'close question reports');
          if (refusal) return refusal;
          const id = named.id ?? positional.shift();
          const note = named.note ?? (named.id ? positional.join(' ') : (/^\s*\S+\s+\S+\s*([\s\S]*)$/.exec(text)?.[1] ?? ''));
          return quiz.closeReport(ctx, sub === 'resolve' ? 'resolved' : 'dismissed', id, note);
        }
        case 'disable':
        case 'enable': {
          const refusal = await refuseUnlessAdmin(ctx, `${sub} questions`);
          if (refusal) return refusal;
          return quiz.setDisabled(ctx, sub === 'disable', named.id ?? positional[0]);
        }
        case 'report-alerts':
          return quiz.reportAlerts(ctx, named.action ?? positional[0]);
        case 'admin-role':
          return quiz.adminRole(ctx, named.group ?? positional.join(' '));
        case 'threads':
          return quiz.threads(ctx, named.action ?? positional[0]);
        case 'help':
          return [privateReply(USAGE)];
        default:
          throw new UsageError(`I don't know "/quiz ${clip(sub, 31)}".\n${USAGE}`, '');
      }
    },
    autocomplete(option, partial) {
      const p = partial.toLowerCase();
      if (option === 'domains') {
        // Several domains: suggest completions of the last one, keeping those already typed.
        const typed = p.split(',');
        const last = typed.pop()!.trim();
        const before = typed.map((t) => t.trim()).filter(Boolean);
        return examDomains(quiz.bank)
          .filter((d) => d.includes(last) && !before.includes(d))
          .map((d) => ({ label: [...before, d].join(','), value: [...before, d].join(',') }))
          .slice(0, 25);
      }
      if (option !== 'topic') return [];
      const services = quiz.bank.packs.flatMap((pack) => pack.services.map((s) => ({ label: `${s.name} (${s.id})`, value: s.id })));
      const topics = quiz.bank.packs.flatMap((pack) => pack.topics.map((t) => ({ label: t.title, value: t.id })));
      return [...services, ...topics].filter((s) => !p || s.label.toLowerCase().includes(p) || s.value.includes(p)).slice(0, 25);
    },
  };
}

export function quizActions(quiz: QuizService): ActionDefinition[] {
  return [
    {
      id: ACTION_ANSWER,
      run(value, ctx) {
        const { target, choices } = parsePicks(value);
        return quiz.answer(target, choices, ctx);
      },
    },
    { id: ACTION_REPORT, run: (value, ctx) => quiz.report(ctx, value, '') },
    { id: ACTION_EXAM, run: (value, ctx) => quiz.examButton(ctx, value) },
    { id: ACTION_EXAM_ANSWER, run: (value, ctx) => quiz.examAnswer(ctx, value) },
    { id: ACTION_PRACTICE, run: (value, ctx) => quiz.practiceOn(ctx, value) },
    { id: ACTION_POST_BOARD, run: (value, ctx) => quiz.postBoard(ctx, value) },
    { id: ACTION_FORGET, run: (value, ctx) => quiz.confirmForget(ctx, value) },
  ];
}

async function schedule(quiz: QuizService, ctx: CommandContext, words: string[], named: Record<string, string>): Promise<Reply[]> {
  const first = words[0]?.toLowerCase();
  const action = named.action?.toLowerCase() ?? (first === 'show' || first === 'off' || first === 'set' ? first : undefined);
  if (action && words[0]?.toLowerCase() === action) words.shift();
  if (action === 'show' || (!action && words.length === 0 && !named.time)) return quiz.showSchedule(ctx);
  if (action === 'off') return (await refuseUnlessAdmin(ctx, 'turn off the daily question')) ?? quiz.clearSchedule(ctx);
  if (action && action !== 'set') throw new UsageError(`"${clip(action, 21)}" is not set, show or off.`, SCHEDULE_USAGE);
  const refusal = await refuseUnlessAdmin(ctx, 'change the daily question schedule');
  if (refusal) return refusal;
  const spec = parseScheduleSpec(words, named);
  refuseStrayDifficulty(quiz.bank, spec.topic, SCHEDULE_USAGE);
  return quiz.setSchedule(ctx, spec);
}

const REPORTS_FOR_MEMBERS =
  'Reports you make are saved for them: press "Report this question" on a question, or use /quiz report <question id> <what is wrong>, and you hear back when an admin closes it.';

async function refuseUnlessAdmin(ctx: CommandContext, what: string, more = "Ask an admin if you'd like it changed."): Promise<Reply[] | undefined> {
  if (await ctx.isAdmin()) return undefined;
  return [privateReply(`Sorry, only admins can ${what}. ${more}`)];
}

/** A mistake about a topic or number found deeper in (the bank, the schedule) gets this command's usage. */
async function withUsage(usage: string, run: () => Promise<Reply[]>): Promise<Reply[]> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UsageError && err.usage === undefined) throw new UsageError(err.message, usage);
    throw err;
  }
}

/**
 * An unknown difficulty is an error, not part of the topic: "rds expert", or "rds impossible" where
 * "rds" alone is a topic and "rds impossible" is not.
 */
function refuseStrayDifficulty(bank: QuestionBank, topic: string | undefined, usage: string): void {
  if (!topic || bank.knows(topic)) return;
  const words = topic.trim().split(/\s+/);
  const last = words.at(-1) ?? '';
  const stray = looksLikeDifficulty(last) || isDifficulty(last) || (words.length > 1 && !topic.includes(',') && bank.knows(words.slice(0, -1).join(' ')));
  if (!stray) return;
  if (isDifficulty(last)) throw new UsageError('Give one difficulty: easy, medium or hard.', usage);
  throw new UsageError(`"${clip(last, 21)}" is not a difficulty: use easy, medium or hard.`, usage);
}

const START_USAGE = '/quiz start [rounds 1-20] [seconds 10-300] [topic, or several with commas: rds,lambda,iam] [easy|medium|hard] [thread]';
const MAX_ROUNDS = 20;
const MAX_SECONDS = 300;

function parseStart(words: string[], named: Record<string, string>): { rounds: number; seconds: number; filter: QuestionFilter; thread?: boolean } {
  const numbers: string[] = [];
  const rest: string[] = [];
  let difficulty = named.difficulty?.toLowerCase();
  let thread = named.thread !== undefined ? /^(true|yes|1|on)$/i.test(named.thread) : undefined;
  for (const w of words) {
    if (/^\d+$/.test(w)) numbers.push(w);
    else if (!difficulty && (DIFFICULTIES as readonly string[]).includes(w.toLowerCase())) difficulty = w.toLowerCase();
    else if (/^thread$/i.test(w)) thread = true;
    else rest.push(w);
  }
  const rounds = Number(named.rounds ?? numbers[0] ?? 5);
  const seconds = Number(named.seconds ?? numbers[1] ?? 30);
  const problems: string[] = [];
  if (Number.isInteger(rounds) && rounds > MAX_ROUNDS) problems.push(`A quiz has at most ${MAX_ROUNDS} rounds; ${rounds} is more than that.`);
  else if (!Number.isInteger(rounds) || rounds < 1) problems.push(`Rounds must be a whole number from 1 to ${MAX_ROUNDS}.`);
  if (Number.isInteger(seconds) && seconds > MAX_SECONDS) problems.push(`A round is open for at most ${MAX_SECONDS} seconds; ${seconds} is more than that.`);
  else if (!Number.isInteger(seconds) || seconds < 10) problems.push(`Seconds per question must be from 10 to ${MAX_SECONDS}.`);
  if (difficulty && !isDifficulty(difficulty)) problems.push(`"${clip(difficulty, 21)}" is not a difficulty: use easy, medium or hard.`);
  if (problems.length) throw new UsageError(problems.join(' '), START_USAGE);
  const topic = named.topic ?? (rest.length ? rest.join(' ') : undefined);
  return {
    rounds,
    seconds,
    ...(thread !== undefined ? { thread } : {}),
    filter: { ...(topic ? { topic } : {}), ...(difficulty ? { difficulty: difficulty as Difficulty } : {}) },
  };
}

function topicFilter(words: string[], named: Record<string, string>): QuestionFilter {
  const topic = named.topic ?? (words.length ? words.join(' ') : undefined);
  return topic ? { topic } : {};
}

const PRACTICE_MAX = 20;
const PRACTICE_USAGE = `/quiz practice [questions 1-${PRACTICE_MAX}] [topic, service or study domain]`;

/** "/quiz practice", "/quiz practice 5", "/quiz practice 5 iam,kms": a number is the size of a round. */
function parsePractice(words: string[], named: Record<string, string>): PracticeRequest {
  const rest = [...words];
  const numeric = rest.findIndex((w) => /^[-+]?\d+([.,]\d+)?$/.test(w));
  const raw = named.questions ?? (numeric >= 0 ? rest.splice(numeric, 1)[0] : undefined);
  let count: number | undefined;
  if (raw !== undefined) {
    count = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || count < 1 || count > PRACTICE_MAX) throw new UsageError(`A practice round has 1 to ${PRACTICE_MAX} questions, not "${clip(raw, 21)}".`, PRACTICE_USAGE);
  }
  return { filter: topicFilter(rest, named), ...(count !== undefined ? { count } : {}) };
}
