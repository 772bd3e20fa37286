// Calendar periods of boards in a timezone: this week (from Monday 00:00) and this month, with the
// moment each starts and resets. Local midnights are found with Intl, so daylight saving is handled.
import { localDate } from './schedule.ts';

export type BoardPeriod = 'week' | 'month' | 'all';

export interface PeriodBounds {
  period: BoardPeriod;
  /** Inclusive start (epoch ms); 0 for all time. */
  since: number;
  /** Exclusive end = when the board resets; undefined for all time. */
  until?: number;
  /** Local dates (YYYY-MM-DD) of the start and of the reset. */
  startDate?: string;
  resetDate?: string;
}

const offsets = new Map<string, Intl.DateTimeFormat>();

/** How far the timezone's wall clock is ahead of UTC at `at` (ms). */
function offsetAt(at: number, timezone: string): number {
  let f = offsets.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsets.set(timezone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The moment a local date and time (HH:MM) happens in a timezone. */
export function zonedTime(date: string, time: string, timezone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const first = wall - offsetAt(wall, timezone);
  return wall - offsetAt(first, timezone);
}

/** A local date moved by whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday (local date) of the week `at` falls in. */
export function mondayOf(at: number, timezone: string): string {
  const today = localDate(new Date(at), timezone);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(today, -((weekday + 6) % 7));
}

export function periodBounds(period: BoardPeriod, at: number, timezone: string): PeriodBounds {
  if (period === 'all') return { period, since: 0 };
  let startDate: string;
  let resetDate: string;
  if (period === 'week') {
    startDate = mondayOf(at, timezone);
    resetDate = addDays(startDate, 7);
  } else {
    const today = localDate(new Date(at), timezone);
    startDate = `${today.slice(0, 7)}-01`;
    const [y, m] = today.split('-').map(Number) as [number, number];
    resetDate = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  }
  return { period, since: zonedTime(startDate, '00:00', timezone), until: zonedTime(resetDate, '00:00', timezone), startDate, resetDate };
}

/** "Mon 30 Nov" for a local date. */
export function shortDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).replace(',', '');
}
