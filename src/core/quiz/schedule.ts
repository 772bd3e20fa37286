// Daily-question schedules: parsing "/quiz schedule 09:00 Europe/Berlin mon-fri" and computing when
// posts are due. croner does the calendar work, including daylight-saving changes.
import { Cron } from 'croner';
import { UsageError } from '../commands/command.ts';
import { clip } from '../reply/reply.ts';
import { DIFFICULTIES, type Difficulty } from './bank.ts';
import { canonicalTimezone } from './timezones.ts';

export const SCHEDULE_USAGE = '/quiz schedule <HH:MM> <IANA timezone> [days, e.g. mon-fri] [topic] [easy|medium|hard] [window:90m] · /quiz schedule show · /quiz schedule off';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
// A Map, not an object literal: "constructor" or "__proto__" must not be found as day words.
const DAY_WORDS = new Map<string, number[]>([
  ['daily', [0, 1, 2, 3, 4, 5, 6]],
  ['everyday', [0, 1, 2, 3, 4, 5, 6]],
  ['weekdays', [1, 2, 3, 4, 5]],
  ['workdays', [1, 2, 3, 4, 5]],
  ['weekends', [0, 6]],
]);

export interface ScheduleSpec {
  time: string;
  timezone: string;
  days: string;
  topic?: string;
  difficulty?: Difficulty;
  windowMinutes?: number;
}


/** Parses the words after "/quiz schedule". Reports every problem at once and changes nothing. */
export function parseScheduleSpec(words: string[], named: Record<string, string>): ScheduleSpec {
  const problems: string[] = [];
  const rest: string[] = [];
  let time = named.time;
  let timezone = named.timezone ?? named.tz;
  let days = named.days;
  let difficulty = named.difficulty;
  let window = named.window;
  for (const w of words) {
    if (time === undefined && /^\d{1,2}:\d{2}$/.test(w)) time = w;
    else if (timezone === undefined && (w.includes('/') || canonicalTimezone(w))) timezone = w;
    else if (days === undefined && isDaysWord(w)) days = w;
    else if (difficulty === undefined && (DIFFICULTIES as readonly string[]).includes(w.toLowerCase())) difficulty = w.toLowerCase();
    else if (window === undefined && /^\d+(m|h|min|mins|minutes|hours?)$/i.test(w)) window = w;
    else rest.push(w);
  }
  const spec: Partial<ScheduleSpec> = {};
  const t = /^(\d{1,2}):(\d{2})$/.exec(time ?? '');
  if (!time) problems.push('Give a time as HH:MM (24-hour), e.g. 09:00.');
  else if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) problems.push(`"${clipWord(time)}" is not a time of day; use HH:MM from 00:00 to 23:59, e.g. 09:00.`);
  else spec.time = `${t[1]!.padStart(2, '0')}:${t[2]}`;
  if (!timezone) problems.push('Give an IANA timezone, e.g. Europe/Berlin, America/New_York, CET or UTC.');
  else {
    const zone = canonicalTimezone(timezone);
    if (zone) spec.timezone = zone;
    else problems.push(`"${clipWord(timezone)}" is not an IANA timezone; use one like Europe/Berlin, America/New_York, CET or UTC.`);
  }
  if (days !== undefined) {
    const cron = daysToCron(days);
    if (cron === undefined) problems.push(`"${clipWord(days)}" is not a set of days; use e.g. mon-fri, mon,wed,fri, weekdays, weekends or daily.`);
    else spec.days = cron;
  } else spec.days = '*';
  if (difficulty !== undefined) {
    if ((DIFFICULTIES as readonly string[]).includes(difficulty)) spec.difficulty = difficulty as Difficulty;
    else problems.push(`Difficulty must be easy, medium or hard (not "${clipWord(difficulty)}").`);
  }
  if (window !== undefined) {
    const m = /^(\d+)\s*(m|min|mins|minutes|h|hour|hours)$/i.exec(window);
    const minutes = m ? Number(m[1]) * (m[2]!.toLowerCase().startsWith('h') ? 60 : 1) : NaN;
    if (!(minutes >= 5 && minutes <= 24 * 60)) problems.push('The window must be between 5m and 24h, e.g. window:90m or window:8h.');
    else spec.windowMinutes = minutes;
  }
  const topic = named.topic ?? (rest.length ? rest.join(' ') : undefined);
  if (topic) spec.topic = topic;
  if (problems.length) throw new UsageError(problems.join(' '), SCHEDULE_USAGE);
  return spec as ScheduleSpec;
}

function isDaysWord(w: string): boolean {
  return daysToCron(w) !== undefined;
}

/**
 * "mon-fri" → "1-5", "mon,wed,fri" → "1,3,5", "weekends" → "0,6", "daily" → "*". Ranges may wrap
 * around the week ("fri-mon" → "0,1,5,6"): they are expanded to plain lists, which cron always takes.
 */
export function daysToCron(spec: string): string | undefined {
  const s = spec.toLowerCase().trim();
  const days = new Set<number>(DAY_WORDS.get(s) ?? []);
  if (days.size === 0) {
    for (const part of s.split(',')) {
      const range = part.split('-');
      if (range.length > 2) return undefined;
      const nums = range.map((d) => DAY_NAMES.indexOf(d.slice(0, 3)));
      if (nums.some((n, i) => n < 0 || !range[i]!.startsWith(DAY_NAMES[n]!) || range[i]!.length > 9)) return undefined;
      const [from, to = from] = nums as [number, number?];
      for (let d = from; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === to) break;
      }
    }
  }
  if (days.size === 0) return undefined;
  if (days.size === 7) return '*';
  const list = [...days].sort((a, b) => a - b);
  if (list.join(',') === '1,2,3,4,5') return '1-5';
  return list.join(',');
}

export function describeDays(cron: string): string {
  if (cron === '*') return 'every day';
  if (cron === '1-5') return 'Monday to Friday';
  if (cron === '0,6') return 'weekends';
  const full = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  return cron
    .split(',')
    .map((p) => p.split('-').map((n) => full[Number(n)]).join(' to '))
    .join(', ');
}

/** Cron objects are costly to build (~0.1 ms) and every tick asks about every schedule: keep them. */
const crons = new Map<string, Cron>();

function cronFor(s: { time: string; timezone: string; days: string }): Cron {
  const key = `${s.time}|${s.timezone}|${s.days}`;
  let cron = crons.get(key);
  if (!cron) {
    const [h, m] = s.time.split(':');
    cron = new Cron(`${Number(m)} ${Number(h)} * * ${s.days}`, { timezone: s.timezone, paused: true });
    if (crons.size > 10_000) crons.clear();
    crons.set(key, cron);
  }
  return cron;
}

/**
 * The last occurrence found per schedule spec, with the next one: until then the answer stays the same.
 * Every process asks about every schedule on every tick (1,000 channels: 1,000 croner searches a
 * second, ~0.5 ms each), and most channels share a few specs.
 */
const lastFound = new Map<string, { from: number; until: number; at: Date }>();

/** The latest scheduled moment at or before `now`. */
export function lastOccurrence(s: { time: string; timezone: string; days: string }, now: Date): Date | undefined {
  const key = `${s.time}|${s.timezone}|${s.days}`;
  const t = now.getTime();
  const hit = lastFound.get(key);
  if (hit && hit.from <= t && t < hit.until) return hit.at;
  const cron = cronFor(s);
  const at = cron.previousRuns(1, new Date(t + 1))[0] ?? undefined;
  const next = cron.nextRun(now);
  if (at && next) {
    if (lastFound.size > 10_000) lastFound.clear();
    lastFound.set(key, { from: at.getTime(), until: next.getTime(), at });
  }
  return at;
}

/** The first scheduled moment strictly after `after`. */
export function nextOccurrence(s: { time: string; timezone: string; days: string }, after: Date): Date | undefined {
  return cronFor(s).nextRun(after) ?? undefined;
}

// Building an Intl.DateTimeFormat costs ~0.2 ms; one per timezone and purpose is kept.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'date' | 'time', timezone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timezone}`;
  let f = formats.get(key);
  if (!f) {
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    if (formats.size > 10_000) formats.clear();
    formats.set(key, f);
  }
  return f;
}

/** The calendar date (YYYY-MM-DD) of a moment in a timezone. */
export function localDate(at: Date, timezone: string): string {
  return formatter('date', timezone).format(at);
}

export function localTime(at: Date, timezone: string): string {
  return formatter('time', timezone).format(at);
}

function clipWord(w: string): string {
  return clip(w, 41);
}
