// Bugs the reliability suite found in src/, each pinned by a test of the behaviour we want. They were
// knownBug (it.fails) while open and are regression tests now that they are fixed; a new bug gets a
// knownBug test first (see support/env.ts). The comments describe each bug as it was found.
// The others live next to the tests that found them: BUG-4 and BUG-5 in exactly-once.test.ts, BUG-6 in
// shutdown.test.ts, BUG-7 in crash-safety.test.ts, BUG-8 in sql-safety.test.ts, BUG-10 in
// knowledge-corruption.test.ts.
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../src/adapters/slack/render-blocks.ts';
import { renderDiscord } from '../../src/adapters/discord/render.ts';
import { commandText } from '../../src/adapters/discord/command-text.ts';
import { parseArgs } from '../../src/core/commands/args.ts';
import { clip, type Reply } from '../../src/core/reply/reply.ts';
import { ApplicationCommandOptionType } from 'discord.js';
import { textOf } from '../support/quiz.ts';
import { describeErrors, fuzzWorld } from './support/fuzz-world.ts';
import { allStrings, malformedStrings, wellFormed } from './support/render-checks.ts';

const APOLOGY = /something went wrong on my side/;

describe('BUG-1 (fixed): a day range that runs backwards ("fri-mon", "sat-sun") breaks the schedule', () => {
  // daysToCron turns "fri-mon" into the cron range "5-1", which croner rejects ("From value is larger
  // than to value") — but only after setSchedule has saved it. The admin gets the generic apology, the
  // broken schedule stays, "/quiz schedule show" fails for everyone in the channel, and every tick
  // (each second) logs "quiz tick step failed" for it, forever.
  it('an admin typing "/quiz schedule 09:00 Europe/Berlin fri-mon" gets a schedule or a usage message, never a broken channel', async () => {
    const w = fuzzWorld('2026-11-20T07:00:00Z'); // a Friday
    const admin = w.ctx({ id: 'u-ana', name: 'ana', admin: true, channel: 'weekend-club' });
    const [set] = await w.core.registry.run('quiz', 'schedule 09:00 Europe/Berlin fri-mon', admin);
    expect(textOf(set!)).not.toMatch(APOLOGY);
    const [shown] = await w.core.registry.run('quiz', 'schedule show', w.ctx({ id: 'u-bob', name: 'bob', admin: false, channel: 'weekend-club' }));
    expect(textOf(shown!)).not.toMatch(APOLOGY);
    w.clock.advance(3600_000);
    await w.core.quiz!.tick();
    expect(describeErrors(w.errors)).toEqual([]);
  });

  it('"sat-sun" via the named option days: is refused or understood, and nothing broken is saved', async () => {
    const w = fuzzWorld('2026-11-20T07:00:00Z');
    const admin = w.ctx({ id: 'u-ana', name: 'ana', admin: true, channel: 'weekend-club' });
    await w.core.registry.run('quiz', 'schedule time:09:00 tz:UTC days:sat-sun', admin);
    await w.core.quiz!.tick();
    expect(describeErrors(w.errors)).toEqual([]);
  });
});

describe('BUG-9 (fixed): "constructor" or "__proto__" as the days of a schedule fails the command', () => {
  // daysToCron (src/core/quiz/schedule.ts) looks words up in a plain object, DAY_WORDS[s], so an
  // Object.prototype key is "found": "__proto__" yields Object.prototype and "constructor" the Object
  // function. parseScheduleSpec takes it as the days, and saving it fails in SQLite ("can only bind
  // numbers, strings, bigints, buffers, and null"): the admin gets the generic apology and an error is
  // logged, instead of '"constructor" is not a set of days'. Found by fast-check, which likes "__proto__".
  it('"/quiz schedule 09:00 Europe/Berlin constructor" gets a usage message, not an internal failure', async () => {
    const w = fuzzWorld();
    for (const word of ['constructor', '__proto__', 'days:constructor']) {
      const [reply] = await w.core.registry.run('quiz', `schedule 09:00 Europe/Berlin ${word}`, w.ctx({ id: 'u-ana', name: 'ana', admin: true, channel: 'general' }));
      expect(textOf(reply!), word).not.toMatch(APOLOGY);
    }
    expect(describeErrors(w.errors)).toEqual([]);
  });
});

describe('BUG-2 (fixed): a named option whose value contains a line break is not recognised', () => {
  // parseArgs matches key:value with /^([a-z]+)[:=](.*)$/i, and "." does not match \n, \r, U+2028 or
  // U+2029. Such a token falls back to the positional words, "note:" prefix and all.
  it('parseArgs keeps note:"two\\nlines" as the named option note', () => {
    for (const value of ['first line\nsecond line', 'a\r\nb', 'a\u2028b', 'a\u2029b']) {
      const parsed = parseArgs(`report aws-srm:topic:infra-hypervisor note:"${value}"`, ['id', 'note']);
      expect(parsed.named.note, JSON.stringify(value)).toBe(value);
    }
  });

  it('a Discord option value with U+2028 survives command text → parser (the round trip the adapter relies on)', () => {
    const value = 'option B\u2028is also right';
    const text = commandText({ subcommands: [{ name: 'report', description: '', options: [{ name: 'id', description: '', type: 'string' }, { name: 'note', description: '', type: 'string' }] }] }, [
      { name: 'report', type: ApplicationCommandOptionType.Subcommand, options: [{ name: 'id', type: ApplicationCommandOptionType.String, value: 'aws-srm:topic:infra-hypervisor' }, { name: 'note', type: ApplicationCommandOptionType.String, value }] },
    ]);
    expect(parseArgs(text, ['id', 'note']).named.note).toBe(value);
  });

  it('/quiz report stores the note without a stray "note:" prefix', async () => {
    const w = fuzzWorld();
    const ctx = w.ctx({ id: 'u-bob', name: 'bob', admin: true, channel: 'general' });
    await w.core.registry.run('quiz', 'report aws-srm:topic:infra-hypervisor note:"the explanation\nis outdated"', ctx);
    const [report] = await w.core.quiz!.store.openReports('console', 'w1');
    expect(report!.note).toBe('the explanation\nis outdated');
  });
});

describe('BUG-3 (fixed): shortening text cuts emoji in half (a lone surrogate reaches Slack, Discord and the database)', () => {
  // clip() (src/core/reply/reply.ts) cuts with text.slice(0, max - 1), and several usage messages cut
  // user input with .slice(0, n) (commands.ts: sub.slice(0, 30), w.slice(0, 20), action.slice(0, 20);
  // schedule.ts: clipWord). Any of these can end between the two halves of an emoji. JSON carries the
  // half as "\ud83d"; users see "�" (or the API rejects the text), and SQLite stores it as three U+FFFD.
  const emoji = '🙂';
  const long: Reply = {
    visibility: 'public',
    text: `a${emoji.repeat(2000)}`,
    blocks: [
      { type: 'header', text: `a${emoji.repeat(200)}` },
      { type: 'section', text: `a${emoji.repeat(3000)}` },
      { type: 'fields', fields: [{ label: `a${emoji.repeat(300)}`, value: `a${emoji.repeat(1500)}` }] },
      { type: 'context', text: `a${emoji.repeat(3000)}` },
      { type: 'actions', buttons: [{ action: 'who.topic', value: 'aws-srm/infra-hypervisor', label: `a${emoji.repeat(80)}` }] },
    ],
  };

  it('clip() never ends in half an emoji', () => {
    for (let max = 2; max < 40; max++) expect(wellFormed(clip(`ab${emoji.repeat(40)}`, max)), `clip at ${max}`).toBe(true);
  });

  it('the Slack and Discord renderers shorten long emoji text to well-formed text', () => {
    expect(allStrings(renderBlocks(long)).filter((s) => !wellFormed(s))).toEqual([]);
    expect(allStrings(renderDiscord(long)).filter((s) => !wellFormed(s))).toEqual([]);
  });

  it('usage messages that quote (shortened) user input stay well-formed', async () => {
    const w = fuzzWorld();
    const ctx = w.ctx({ id: 'u-bob', name: 'bob', admin: true, channel: 'general' });
    for (const line of [`/quiz ${'a'.repeat(29)}${emoji}x`, `/quiz leaderboard ${'p'.repeat(19)}${emoji}`, `/quiz schedule action:${'p'.repeat(19)}${emoji}`, `/quiz schedule 09:00 UTC days:${'m'.repeat(39)}${emoji}x`]) {
      const replies = await w.core.registry.dispatchLine(line, ctx);
      for (const r of replies) expect(malformedStrings(r), line).toEqual([]);
    }
  });

  it('a 1,000-character report note ending in an emoji is stored as a clean prefix of what was typed', async () => {
    const w = fuzzWorld();
    const ctx = w.ctx({ id: 'u-bob', name: 'bob', admin: false, channel: 'general' });
    const note = `${'x'.repeat(999)}${emoji}${emoji}`;
    await w.core.registry.run('quiz', `report aws-srm:topic:infra-hypervisor ${note}`, ctx);
    const [report] = await w.core.quiz!.store.openReports('console', 'w1');
    expect(wellFormed(report!.note)).toBe(true);
    expect(note.startsWith(report!.note)).toBe(true);
  });
});
