// The mock exam through the real discord.js client against the fake Discord: ephemeral question screens
// with option buttons (a select menu for "choose TWO") and Previous / Next / Flag / Review, answers
// changed and flagged, the result per domain with the misses explained, the deadline's DM, a restart
// that resumes it, refusals and bad input. On the small study pack.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { makeCore } from '../support/core.ts';
import { seeded, tempDbFile } from '../support/quiz.ts';
import { writeStudyPack } from '../support/study-pack.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import { FakeDiscord, IDS, type Json, type SentInteraction } from './support/fake-discord.ts';
import { ANA, BEN, EPHEMERAL, answerOf, opt, quiz, selectsOf, visible } from './support/quiz.ts';

const study = writeStudyPack();
const files: string[] = [];
const running: RunningBot[] = [];
afterEach(async () => {
  for (const bot of running.splice(0)) {
    await bot.close();
    expect(bot.log.lines.filter((l) => l.level === "error" || l.msg.includes("left out")).map((l) => JSON.stringify(l))).toEqual([]);
  }
});
afterAll(() => {
  study.remove();
  for (const f of files) rmSync(dirname(f), { recursive: true, force: true });
});

async function bot(opts: { file?: string; clock?: FakeClock; fake?: FakeDiscord } = {}): Promise<RunningBot & { clock: FakeClock; store: SqliteStore; file: string }> {
  const file = opts.file ?? tempDbFile();
  if (!opts.file) files.push(file);
  const store = new SqliteStore(file);
  const clock = opts.clock ?? new FakeClock('2026-11-23T10:00:00Z');
  const b = await startBot(makeCore({ store, clock, quiz: { random: seeded(7) } }, study.packs), opts.fake ? { fake: opts.fake } : {});
  const close = b.close.bind(b);
  const wrapped = Object.assign(b, { clock, store, file, close: async () => { await close(); await store.close(); } });
  running.push(wrapped);
  return wrapped;
}

/** The interaction's reply and, once `last` matches one, every follow-up (a result is several messages). */
async function replies(fake: FakeDiscord, i: SentInteraction, last?: (body: Json) => boolean): Promise<Json[]> {
  const first = await answerOf(fake, i);
  const path = `/webhooks/${IDS.app}/${i.token}`;
  if (last && !last(first)) await fake.waitFor((r) => r.method === 'POST' && r.path === path && last(r.body));
  return [first, ...fake.requests.filter((r) => r.method === 'POST' && r.path === path).map((r) => r.body)];
}

const press = (fake: FakeDiscord, body: Json, label: string, user: Json = ANA): SentInteraction => {
  const id = (body.components ?? []).flatMap((row: Json) => row.components).find((c: Json) => c.label === label || String(c.label).startsWith(label))?.custom_id;
  if (!id) throw new Error(`no button "${label}" in ${visible(body)}`);
  return fake.click(id, { user });
};
const labels = (body: Json): string[] => (body.components ?? []).flatMap((row: Json) => row.components.map((c: Json) => c.label ?? c.placeholder));
const all = (bodies: Json[]) => bodies.map(visible).join('\n');
const exam = (core: RunningBot['core'], user = ANA) => core.quiz!.store.activeExam('discord', IDS.guild, user.id);

describe('mock exam on Discord', () => {
  it('runs in ephemeral replies with buttons, keeps changed answers and flags, and ends with the score per domain and every miss explained', async () => {
    const { fake, core } = await bot();
    const first = await answerOf(fake, quiz(fake, 'exam', [opt.int('questions', 3), opt.int('minutes', 10), opt.str('domains', 'infrastructure')], { user: ANA }));
    expect(first.flags).toBe(EPHEMERAL);
    expect(visible(first)).toContain('Mock exam: question 1 of 3');
    const qs = (await exam(core))!.questionIds.map((id) => core.quiz!.bank.get(id)!);
    for (const o of qs[0]!.options) expect(JSON.stringify(first)).not.toContain(o.why!);
    expect(labels(first)).toEqual([...qs[0]!.options.map((o, i) => `${'ABCD'[i]}. ${o.text}`), 'Next', 'Flag for review', 'Review and submit']);

    const wrong = (i: number) => [0, 1, 2, 3].find((x) => !qs[i]!.correct.includes(x))!;
    const second = await answerOf(fake, press(fake, first, `${'ABCD'[wrong(0)]}.`));
    expect(visible(second)).toContain('Saved your answer to question 1.');
    const back = await answerOf(fake, press(fake, second, 'Previous'));
    expect(visible(back)).toContain(`Your answer: ${'ABCD'[wrong(0)]}.`);
    await answerOf(fake, press(fake, back, `${'ABCD'[qs[0]!.correct[0]!]}.`));
    const flagged = await answerOf(fake, press(fake, second, 'Flag for review'));
    expect(visible(flagged)).toContain('Mock exam: question 2 of 3 (flagged)');
    const third = await answerOf(fake, press(fake, flagged, `${'ABCD'[wrong(1)]}.`));
    const review = await answerOf(fake, press(fake, third, 'Review and submit'));
    expect(visible(review)).toContain('Flagged for review: 2');
    expect(labels(review)).toContain('Go to 2 (flagged)');
    const result = await replies(fake, press(fake, review, 'Submit the exam'), (b) => visible(b).includes('Missed: '));
    // The result updates the review card (an update keeps the message ephemeral); the misses follow privately.
    expect(result.slice(1).every((b) => b.flags === EPHEMERAL)).toBe(true);
    const text = all(result);
    expect(text).toContain('You scored 1 of 3 (33%). The pass mark is 70%, so you did not pass this time.');
    expect(text).toContain('Infrastructure: 1 of 3 (33%)');
    expect(text).toContain(`Your choice: ${'ABCD'[wrong(1)]}. ${qs[1]!.options[wrong(1)]!.text}: ${qs[1]!.options[wrong(1)]!.why}`);
    expect(text).toContain(`The answer: ${'ABCD'[qs[1]!.correct[0]!]}. ${qs[1]!.options[qs[1]!.correct[0]!]!.text}: ${qs[1]!.options[qs[1]!.correct[0]!]!.why}`);
    expect(text).toContain('(not answered)');

    const late = await answerOf(fake, press(fake, first, 'Next'));
    expect(visible(late)).toContain('Sorry, that mock exam is over (it was submitted at 10:00 UTC)');
    const stats = await replies(fake, quiz(fake, 'stats', [], { user: ANA }));
    // The stats embed opens with the last exam, and its answers count for mastery per domain.
    expect(stats[0].embeds[0].fields[0]).toMatchObject({ name: 'Last mock exam' });
    expect(all(stats)).toContain('Last mock exam: 1 of 3 (33%): not passed · 2026-11-23 10:00 UTC · weakest domain: Infrastructure, 1 of 3');
    expect(all(stats)).toContain('Infrastructure: 2 answered, 50% right');
  });

  it('changes one ephemeral card in place: each click updates the message it was on, and the result stays there', async () => {
    const { fake } = await bot();
    await answerOf(fake, quiz(fake, 'exam', [opt.int('questions', 2), opt.int('minutes', 10)], { user: ANA }));
    const card = [...fake.messages.values()].find((m) => visible(m).includes('Mock exam: question 1 of 2'))!;
    expect(card.flags).toBe(EPHEMERAL);
    /** Clicks a control of the card as it is now; returns the callback's type and what the card shows then. */
    const use = async (label: string) => {
      const on = fake.messages.get(card.id)!;
      const id = (on.components ?? []).flatMap((row: Json) => row.components).find((c: Json) => String(c.label).startsWith(label))!.custom_id;
      const cb = await fake.callback(fake.click(id, { user: ANA }, on));
      const now = fake.messages.get(card.id)!;
      return { type: cb.body.type, shows: visible(now), flags: now.flags };
    };
    const steps = [await use('A.'), await use('Flag for review'), await use('Previous'), await use('Review and submit')];
    expect(steps.map((s) => s.type)).toEqual([7, 7, 7, 7]);
    expect(steps[0]!.shows).toContain('Mock exam: question 2 of 2');
    expect(steps[1]!.shows).toContain('Mock exam: question 2 of 2 (flagged)');
    expect(steps[2]!.shows).toContain('Mock exam: question 1 of 2');
    expect(steps[3]!.shows).toContain('Mock exam: review before you submit');
    // The same button on a public message never turns it into a private card: that answer is a new message.
    const onPublic = fake.makeMessage(IDS.channel, { ...fake.messages.get(card.id)!, flags: 0 });
    const back = (onPublic.components as Json[]).flatMap((row) => row.components).find((c: Json) => String(c.label).startsWith('Back to question'))!;
    const publicSent = fake.click(back.custom_id, { user: ANA }, onPublic);
    const publicClick = await fake.callback(publicSent);
    expect(publicClick.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(visible(fake.messages.get(onPublic.id)!)).toContain('Mock exam: review before you submit');
    const submitted = await use('Submit the exam');
    expect(submitted.type).toBe(7);
    expect(submitted.shows).toContain('Mock exam result');
    expect(submitted.flags).toBe(EPHEMERAL);
    // One card for the whole exam: no second question screen was ever posted.
    expect([...fake.messages.values()].filter((m) => visible(m).includes('Mock exam: question') && m.interaction_metadata?.id !== publicSent.id)).toHaveLength(0);
  });

  it('answers "choose TWO" with a select menu, refuses other people, and explains bad input without echoing mentions', async () => {
    const { fake, core } = await bot();
    const first = await answerOf(fake, quiz(fake, 'exam', [opt.int('questions', 4), opt.int('minutes', 10), opt.str('domains', 'operations')], { user: ANA }));
    let screen = first;
    while (!selectsOf(screen).length) screen = await answerOf(fake, press(fake, screen, 'Next'));
    const [select] = selectsOf(screen);
    const running = (await exam(core))!;
    const position = Number(String(select.custom_id).split(':').at(-1));
    const q = core.quiz!.bank.get(running.questionIds[position]!)!;
    expect(select).toMatchObject({ min_values: q.correct.length, max_values: q.correct.length });
    await answerOf(fake, fake.select(select.custom_id, q.correct.map(String), { user: ANA }));
    expect((await core.quiz!.store.getExam(running.id))!.answers[position]).toEqual(q.correct);

    const theirs = await answerOf(fake, press(fake, first, 'Next', BEN));
    expect(visible(theirs)).toContain('Sorry, that mock exam belongs to someone else');
    const theirAnswer = await answerOf(fake, fake.select(select.custom_id, q.correct.map(String), { user: BEN }));
    expect(visible(theirAnswer)).toContain('belongs to someone else');
    const bad = await answerOf(fake, quiz(fake, 'exam', [opt.str('domains', '@everyone')], { user: BEN }));
    expect(visible(bad)).toContain('I have no study domain by that name.');
    expect(visible(bad)).toContain('Domains: infrastructure, operations');
    expect(bad.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(bad)).not.toContain('@everyone');
    expect(await exam(core, BEN)).toBeUndefined();
  });

  it('closes at the deadline with a DM, and resumes after a restart where it was left', async () => {
    const fake = await FakeDiscord.start();
    try {
      const first = await bot({ fake });
      const shown = await answerOf(fake, quiz(first.fake, 'exam', [opt.int('questions', 2), opt.int('minutes', 5)], { user: ANA }));
      const next = await answerOf(fake, fake.click(labels(shown).length ? (shown.components[0].components[0].custom_id as string) : '', { user: ANA }));
      await answerOf(fake, press(fake, next, 'Flag for review'));
      await first.close();
      running.splice(running.indexOf(first), 1);

      const clock = new FakeClock('2026-11-23T10:02:00Z');
      const second = await bot({ fake, file: first.file, clock });
      const resumed = await answerOf(fake, quiz(fake, 'exam', [], { user: ANA }));
      expect(visible(resumed)).toContain('Welcome back: your mock exam, where you left it.');
      expect(visible(resumed)).toContain('Mock exam: question 2 of 2 (flagged)');
      expect(visible(resumed)).toContain('3 min left (until 10:05 UTC)');
      const again = await answerOf(fake, press(fake, next, 'Previous'));
      expect(visible(again)).toContain('Mock exam: question 1 of 2');

      clock.set(new Date('2026-11-23T10:05:00Z'));
      await second.core.quiz!.tick();
      await second.core.quiz!.tick();
      const dm = await fake.waitFor((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && visible(r.body).includes('Time is up'));
      expect(visible(dm.body)).toContain('Mock exam result');
      expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels' && r.body.recipient_id === ANA.id).length).toBeGreaterThan(0);
      expect(fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && visible(r.body).startsWith('Mock exam result'))).toHaveLength(1);
      await second.close();
      running.splice(running.indexOf(second), 1);
    } finally {
      await fake.close();
    }
  });
});
