// Local times across daylight-saving changes, worked out with Intl alone (never with the code under
// test), to say which daily posts a schedule must have made in a stretch of time.

const formats = new Map<string, Intl.DateTimeFormat>();
function localText(t: number, tz: string): string {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(tz, f);
  }
  return f.format(new Date(t));
}

/** The instant of `time` (HH:MM) in `tz` on a calendar date; the earlier one if the clock shows it twice, undefined if never. */
export function localInstant(date: string, time: string, tz: string): number | undefined {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  // Every UTC offset in use is a multiple of 15 minutes between −12 and +14 hours.
  for (let offset = 14 * 60; offset >= -12 * 60; offset -= 15) {
    const t = asUtc - offset * 60_000;
    if (localText(t, tz) === `${date}, ${time}`) return t;
  }
  return undefined;
}

/** Local dates whose `time` in `tz` falls in [from, to]. */
export function expectedDates(from: number, to: number, time: string, tz: string): string[] {
  const out: string[] = [];
  for (let d = new Date(from - 2 * 86_400_000); d.getTime() <= to + 2 * 86_400_000; d = new Date(d.getTime() + 86_400_000)) {
    const date = d.toISOString().slice(0, 10);
    const t = localInstant(date, time, tz);
    if (t !== undefined && t >= from && t <= to && !out.includes(date)) out.push(date);
  }
  return out;
}
