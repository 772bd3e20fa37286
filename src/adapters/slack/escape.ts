// Slack treats &, < and > as control characters in every text it receives ("<!channel>", "<@U1>",
// "<https://x|label>"). Everything we send is escaped here, so no user input can become a mention or
// a link; incoming text is turned back into plain text before the core sees it.
import { clip } from '../../core/reply/reply.ts';

/** Escapes the three characters Slack parses; nothing else (Slack does not decode other entities). */
export function escapeText(text: string): string {
  // Most texts have none of the three: one scan instead of three replace passes.
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>]/g, (c) => ESCAPES[c]!) : text;
}

const NEEDS_ESCAPE = /[&<>]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes and shortens `text` so the escaped result fits `max` characters. Slack counts the escaped
 * string, and clipping after escaping could cut "&amp;" in half, so we clip the plain text until it fits.
 */
export function escapeWithin(text: string, max: number): string {
  const whole = escapeText(text);
  if (whole.length <= max) return whole;
  // Binary search for the longest clip whose escaped form fits.
  let lo = 1;
  let hi = Math.min(max, text.length);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (escapeText(clip(text, mid)).length <= max) lo = mid;
    else hi = mid - 1;
  }
  return escapeText(clip(text, lo));
}

/**
 * Turns Slack-formatted incoming text (events, commands) into the plain text the core expects:
 * "<@U1|ann>" → "@ann", "<!here>" → "@here", "<#C1|general>" → "#general", "<https://x|y>" → "y",
 * and "&lt;" → "<". The result is plain text again, so it is escaped like any other on the way out.
 */
export function plainFromSlack(text: string): string {
  return text.replace(SLACK_TOKEN, (_match, inner: string) => readableToken(inner)).replace(/&(amp|lt|gt);/g, (_m, name: string) => ENTITIES[name]!);
}

/** Mentions, channels and specials start with @ # !; links with a scheme. A stray "<b>" stays as typed. */
const SLACK_TOKEN = /<([@#!][^<>]*|[a-z][a-z0-9+.-]*:[^<>]*)>/gi;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

function readableToken(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : undefined;
  if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
  if (target.startsWith('#')) return label ? `#${label}` : target;
  if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
  return label ?? target;
}
