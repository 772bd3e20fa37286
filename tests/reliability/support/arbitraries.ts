// Hostile input for fuzzing: arbitrary Unicode mixed with the things that hurt chat bots — mass and user
// mentions in Slack and Discord syntax, markdown and code fences, bidi and zero-width characters,
// control characters, and very long strings — plus the words the quiz parser reacts to, so fuzzing
// reaches deep into each subcommand instead of bouncing off the first usage message.
import fc from 'fast-check';
import { wellFormed } from './render-checks.ts';

/** Slack and Discord markup that must never become a ping or a link. */
export const MENTIONS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!here|here>',
  '<!subteam^S0123|@team>',
  '<@U123>',
  '<@U123|ann>',
  '<@W0ENTERPRISE>',
  '<#C1>',
  '<#C1|general>',
  '<https://evil.example|click me>',
  '<mailto:a@b.example>',
  '@channel',
  '@here',
  '@everyone',
  '@EVERYONE',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&456789012345678901>',
  '<#900000000000000004>',
  '<t:1700000000:R>',
  '</quiz start:123>',
];

export const MARKUP = [
  '```js\nconsole.log(1)\n```',
  '```',
  '`code`',
  '**bold**',
  '*em*',
  '__under__',
  '~~strike~~',
  '||spoiler||',
  '> quoted',
  '>>> block quote',
  '# heading',
  '- list item',
  '1. numbered',
  '[masked](https://evil.example)',
  'https://docs.aws.amazon.com/x_(y)',
  '&amp;',
  '&lt;!channel&gt;',
  '&',
  '<',
  '>',
  '\\',
  '|',
  '*',
  '_',
];

export const UNICODE = [
  '\u202e', // right-to-left override
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200b', // zero-width space
  '\u200d',
  '\u200f',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u0000',
  '\u0007',
  '\u0008',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\r\n',
  '\r',
  '\n',
  '\t',
  '🙂',
  '👩‍👩‍👧‍👦',
  '🇩🇪',
  '🏳️‍🌈',
  'שלום עולם',
  'مرحبا بالعالم',
  'e\u0301',
  'Ｗｈｏ',
  'ǅ',
  'ß',
  'İ',
  '𝕨𝕙𝕠',
  '\u{10FFFF}',
  '\uFFFD',
];

export const SQL = ["'", '"', "'); DROP TABLE answers;--", "' OR '1'='1", '%', '_', '\\', ';', '--', '/*', '*/', 'NULL', '\u0000'];

/** Words the quiz parser and the schedule parser act on (valid and invalid). */
export const QUIZ_WORDS = [
  'start',
  'stop',
  'practice',
  'leaderboard',
  'stats',
  'schedule',
  'reports',
  'report',
  'help',
  'show',
  'off',
  'set',
  'week',
  'month',
  'all',
  '09:00',
  '9:00',
  '23:59',
  '00:00',
  '25:00',
  '12:60',
  '99:99',
  'Europe/Berlin',
  'America/New_York',
  'UTC',
  'utc',
  'Etc/GMT+5',
  'europe/berlin',
  'Mars/Olympus',
  'Europe/',
  '/',
  'mon-fri',
  'mon,wed,fri',
  'weekdays',
  'weekends',
  'daily',
  'sun-sat',
  // Ranges that wrap around the week (BUG-1: they used to break the schedule).
  'fri-mon',
  'sat-sun',
  'days:fri-tue',
  'monday-friday',
  'mon--fri',
  'funday',
  'easy',
  'medium',
  'hard',
  'impossible',
  'thread',
  'window:90m',
  'window:8h',
  'window:0m',
  'window:99999h',
  '30m',
  'rounds:3',
  'rounds:0',
  'rounds:21',
  'seconds:10',
  'seconds:301',
  'topic:rds',
  'topic:iam',
  'topic:"rds engine"',
  'topic:',
  'difficulty:hard',
  'difficulty:HARD',
  'tz:UTC',
  'timezone:Europe/Berlin',
  'time:09:00',
  'time=07:30',
  'days:mon-fri',
  'action:show',
  'action:off',
  'action:set',
  'action:dance',
  'period:all',
  'id:aws-srm:topic:infra-hypervisor',
  'aws-srm:topic:infra-hypervisor',
  'note:"option B is also right"',
  'rds',
  'ec2',
  'lambda',
  's3',
  'iam',
  'encryption',
  'patching',
  '0',
  '1',
  '5',
  '20',
  '300',
  '-1',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '"unclosed quote',
  "'single'",
  '“smart quotes”',
  '‘single smart’',
  '=',
  ':',
  // Object.prototype keys: lookups in plain objects must not find them (BUG-9).
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'days:constructor',
];

export const fragment = fc.constantFrom(...MENTIONS, ...MARKUP, ...UNICODE, ...SQL);

/** One piece of hostile text: a known-bad fragment, arbitrary code points, or a grapheme soup. */
const piece = fc.oneof(
  { weight: 4, arbitrary: fragment },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\n', 'who', 'patches', 'the', 'hypervisor', 'rds', 'responsible', 'AWS', 'us', '?') },
);

/** A long stretch (1,000-10,000 characters) built from one fragment or a short random string. */
const long = fc
  .tuple(fc.oneof(fragment, fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.constantFrom('a', 'ab ', '🙂', '<!channel> ', '@everyone ')), fc.integer({ min: 1000, max: 10_000 }))
  .map(([f, n]) => (f.length ? f.repeat(Math.ceil(n / f.length)).slice(0, n) : 'x'.repeat(n)));

/** Hostile text: mostly short mixes, sometimes up to 10,000 characters. */
export const hostileText = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: long },
  { weight: 1, arbitrary: fc.tuple(fc.array(piece, { maxLength: 4 }), long, fc.array(piece, { maxLength: 4 })).map(([a, l, b]) => `${a.join('')}${l}${b.join('')}`) },
);

/** Hostile text without lone surrogates (what a JSON payload from Slack or Discord can actually carry). */
export const hostileWellFormed = hostileText.filter((s) => wellFormed(s));

/** Arguments for a quiz subcommand: parser words mixed with hostile text. */
export const quizArgs = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...QUIZ_WORDS) }, { weight: 1, arbitrary: hostileText }), { maxLength: 8 })
  .map((words) => words.join(' '));

export const QUIZ_SUBCOMMANDS = ['start', 'stop', 'practice', 'leaderboard', 'stats', 'schedule', 'reports', 'report', 'help', ''];

/** A line as typed in a text interface: every command, unknown ones, and lines without a slash. */
export const commandLine = fc.oneof(
  { weight: 3, arbitrary: hostileText.map((t) => `/who ${t}`) },
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...QUIZ_SUBCOMMANDS, 'START', 'Schedule', 'dance'), quizArgs).map(([sub, args]) => `/quiz ${sub} ${args}`) },
  { weight: 1, arbitrary: hostileText.map((t) => `/help ${t}`) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), hostileText).map(([name, t]) => `/${name} ${t}`) },
  { weight: 1, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('', ' ', '\t', '\n'), fc.constantFrom('/who', '/quiz', '/help', '/WHO', '/Quiz'), fc.constantFrom('', ' ', '\n', '\u00a0'), hostileText).map((p) => p.join('')) },
);

/** A caller with a hostile display name (names are echoed in scoreboards and "Shared by"). */
export const caller = fc.record({
  id: fc.oneof(fc.constantFrom('U0ANN', 'U0BOB', 'console:you'), fc.string({ unit: 'binary', minLength: 1, maxLength: 30 })),
  name: fc.oneof(fc.constantFrom('ann', '@everyone', '<!channel>', '<@U123>', '‮evil', '**bold**'), hostileText),
  admin: fc.boolean(),
  channel: fc.constantFrom('general', 'C0GENERAL', 'random', '<#C1>', "c'; DROP TABLE posts;--"),
});

/**
 * A hostile, non-empty, well-formed string. (Lone surrogates cannot be stored as UTF-8 at all; that the
 * bot creates some by cutting emoji in half is BUG-3.)
 */
export const hostile = fc
  .oneof(
    { weight: 3, arbitrary: fc.array(fc.oneof(fragment, fc.constantFrom(...SQL), fc.string({ unit: 'binary', maxLength: 10 })), { minLength: 1, maxLength: 8 }).map((p) => p.join('')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("'); DROP TABLE answers;--", '\u0000', '🙂', '\u202e', "'", 'x'), fc.integer({ min: 1000, max: 10_000 })).map(([f, n]) => f.repeat(Math.ceil(n / f.length)).slice(0, n)) },
  )
  .filter((s) => s.length > 0 && wellFormed(s));
