// The mock exam through the real Bolt app against the fake Slack API, on the small study pack: ephemeral
// question screens with option buttons (checkboxes for "choose TWO") and Previous / Next / Flag /
// Review, answers changed and flagged, the result per domain with the misses explained, the deadline's
// DM, a restart that resumes it, refusals and bad input.
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { seeded, tempDbFile } from '../support/quiz.ts';
import { writeStudyPack } from '../support/study-pack.ts';
import { FakeSlack, TEAM_ID } from './support/fake-slack.ts';
import { allStrings, blockTexts, buttonsOf, checkboxesOf, startHarness, submitWith, type Harness } from './support/harness.ts';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

const study = writeStudyPack();
const files: string[] = [];
afterAll(() => {
  study.remove();
  for (const f of files) rmSync(dirname(f), { recursive: true, force: true });
});

/** A harness on its own SQLite file (so a second one can play the restarted process) and clock. */
async function harness(opts: { file?: string; fake?: FakeSlack; clock?: FakeClock } = {}): Promise<Harness & { store: SqliteStore; clock: FakeClock; file: string }> {
  const file = opts.file ?? tempDbFile();
  if (!opts.file) files.push(file);
  const store = new SqliteStore(file);
  const clock = opts.clock ?? new FakeClock('2026-11-23T10:00:00Z');
  const h = await startHarness({ packs: study.packs, core: { store, clock, quiz: { random: seeded(7) } }, ...(opts.fake ? { fake: opts.fake } : {}) });
  return { ...h, store, clock, file, stop: async () => { await h.stop(); await store.close(); } };
}

/** Every message sent to one response_url (a result is several), once `last` matches one of them. */
async function responses(h: Harness, url: string, last: (m: Record<string, any>) => boolean = () => true): Promise<Record<string, any>[]> {
  const path = new URL(url).pathname;
  await h.fake.waitFor((c) => c.path === path && last(c.body));
  return h.fake.calls.filter((c) => c.path === path).map((c) => c.body);
}

async function slash(h: Harness, text: string, userId = 'U0ANN', last?: (m: Record<string, any>) => boolean): Promise<Record<string, any>[]> {
  const url = h.fake.responseUrl();
  await h.requests.slash('/quiz', text, { responseUrl: url, userId, channelId: 'C0STUDY' });
  return responses(h, url, last);
}

async function click(h: Harness, button: Parameters<Harness['requests']['clickButton']>[0], userId = 'U0ANN', last?: (m: Record<string, any>) => boolean): Promise<Record<string, any>[]> {
  const url = h.fake.responseUrl();
  await h.requests.clickButton(button, { responseUrl: url, channelId: 'C0STUDY', userId, ephemeral: true });
  return responses(h, url, last);
}

const read = (m: Record<string, any>) => unescape([m.text, ...['header', 'section', 'context'].flatMap((t) => blockTexts(m.blocks, t))].join('\n'));
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const named = (m: Record<string, any>, label: string) => buttonsOf(m.blocks).find((b) => b.text.text === label || b.text.text.startsWith(label))!;
const isResult = (m: Record<string, any>) => read(m).includes('Missed: ') || read(m).includes('No question missed');

describe('mock exam on Slack', () => {
  it('runs privately with buttons, keeps changed answers and flags, and ends with the score per domain and every miss explained', async () => {
    const h = await harness();
    try {
      const [first] = await slash(h, 'exam 3 10 infrastructure');
      expect(first!.response_type).toBe('ephemeral');
      expect(read(first!)).toContain('Mock exam: question 1 of 3');
      const exam = await h.store.activeExam('slack', TEAM_ID, 'U0ANN');
      const qs = exam!.questionIds.map((id) => h.core.quiz!.bank.get(id)!);
      // Nothing about the answer is shown, anywhere in the message.
      for (const o of qs[0]!.options) expect(allStrings(first).join('\n')).not.toContain(o.why!);
      expect(buttonsOf(first!.blocks).map((b) => b.text.text)).toEqual([...qs[0]!.options.map((o, i) => `${'ABCD'[i]}. ${o.text}`), 'Next', 'Flag for review', 'Review and submit']);

      const wrong = (i: number) => [0, 1, 2, 3].find((x) => !qs[i]!.correct.includes(x))!;
      const [second] = await click(h, named(first!, `${'ABCD'[wrong(0)]}.`));
      expect(read(second!)).toContain('Saved your answer to question 1.');
      const [back] = await click(h, named(second!, 'Previous'));
      expect(read(back!)).toContain(`Your answer: ${'ABCD'[wrong(0)]}.`);
      await click(h, named(back!, `${'ABCD'[qs[0]!.correct[0]!]}.`));
      const [flagged] = await click(h, named(second!, 'Flag for review'));
      expect(read(flagged!)).toContain('Mock exam: question 2 of 3 (flagged)');
      const [third] = await click(h, named(flagged!, `${'ABCD'[wrong(1)]}.`));
      const [review] = await click(h, named(third!, 'Review and submit'));
      expect(read(review!) + allStrings(review!.blocks).join('\n')).toContain('Flagged for review');
      expect(buttonsOf(review!.blocks).map((b) => b.text.text)).toContain('Go to 2 (flagged)');
      // Every click changes the one card in place; the command's own answer was a new message.
      expect(first!.replace_original).toBe(false);
      for (const card of [second, back, flagged, third, review]) expect(card!.replace_original).toBe(true);
      const result = await click(h, named(review!, 'Submit the exam'), 'U0ANN', isResult);
      // The result takes the review's place and stays; the missed questions follow as messages of their own.
      expect(result.map((m) => m.replace_original)).toEqual([true, ...result.slice(1).map(() => false)]);
      expect(read(result[0]!)).toContain('Mock exam result');
      const all = unescape(result.map((m) => allStrings(m.blocks).join('\n')).join('\n'));
      expect(all).toContain('You scored 1 of 3 (33%). The pass mark is 70%, so you did not pass this time.');
      expect(all).toContain('Infrastructure: 1 of 3 (33%)');
      expect(all).toContain(`Your choice: ${'ABCD'[wrong(1)]}. ${qs[1]!.options[wrong(1)]!.text}*\n${qs[1]!.options[wrong(1)]!.why}`);
      expect(all).toContain(`The answer: ${'ABCD'[qs[1]!.correct[0]!]}. ${qs[1]!.options[qs[1]!.correct[0]!]!.text}*\n${qs[1]!.options[qs[1]!.correct[0]!]!.why}`);
      expect(all).toContain('(not answered)');
      expect(result.every((m) => m.response_type === 'ephemeral')).toBe(true);

      // Old buttons are refused politely; someone else's never work; stats lists the result.
      const [late] = await click(h, named(first!, 'Next'));
      expect(read(late!)).toContain('Sorry, that mock exam is over (it was submitted at 10:00 UTC)');
      expect(late!.replace_original).toBe(false);
      const stats = unescape((await slash(h, 'stats')).map((m) => allStrings(m.blocks).join('\n')).join('\n'));
      expect(stats).toContain('Last mock exam*\n1 of 3 (33%): not passed · 2026-11-23 10:00 UTC · weakest domain: Infrastructure, 1 of 3');
      // The two answered questions count for mastery per domain (the unanswered one does not).
      expect(stats).toContain('Infrastructure: 2 answered, 50% right');

      // The App Home shows the last exam too, near the top of "Your quiz".
      const before = h.fake.callsOf('views.publish').length;
      await h.requests.event({ type: 'app_home_opened', user: 'U0ANN', channel: 'DU0ANN', tab: 'home' });
      const publish = await h.fake.waitFor((c) => c.method === 'views.publish' && h.fake.callsOf('views.publish').indexOf(c) === before);
      const home = unescape(allStrings(publish.body.view.blocks).join('\n'));
      expect(home).toContain('1 of 3 (33%): not passed · 2026-11-23 10:00 UTC');
      expect(home.indexOf('Last mock exam')).toBeLessThan(home.indexOf('By study domain'));
      expect(home).toContain('Infrastructure: 2 answered, 50% right');
    } finally {
      await h.stop();
    }
  });

  it('answers "choose TWO" with checkboxes, refuses other people, and explains bad input without echoing mentions', async () => {
    const h = await harness();
    try {
      const [first] = await slash(h, 'exam 4 10 operations');
      // Walk to the first multi-select question.
      let screen = first!;
      while (!checkboxesOf(screen.blocks).length) screen = (await click(h, named(screen, 'Next')))[0]!;
      const exam = (await h.store.activeExam('slack', TEAM_ID, 'U0ANN'))!;
      // The checkboxes' block carries "<exam>:<position>".
      const position = Number(checkboxesOf(screen.blocks)[0]!.block_id.split(':').at(-1));
      const q = h.core.quiz!.bank.get(exam.questionIds[position]!)!;
      const [tooFew] = await click(h, submitWith(screen.blocks, [String(q.correct[0])]));
      expect(read(tooFew!)).toContain(`pick exactly ${q.correct.length} options`);
      await click(h, submitWith(screen.blocks, q.correct.map(String)));
      expect((await h.store.getExam(exam.id))!.answers[position]).toEqual(q.correct);

      const [theirs] = await click(h, named(first!, 'Next'), 'U0BOB');
      expect(read(theirs!)).toContain('Sorry, that mock exam belongs to someone else');
      expect(theirs!.replace_original).toBe(false);
      // A button that somehow sits on a public message never turns it into a private exam card.
      const url = h.fake.responseUrl();
      await h.requests.clickButton(named(first!, 'Next'), { responseUrl: url, channelId: 'C0STUDY', userId: 'U0ANN', messageTs: '1700000000.000200' });
      const [onPublic] = await responses(h, url);
      expect(read(onPublic!)).toContain('Mock exam: question');
      expect(onPublic!.replace_original).toBe(false);
      const [bad] = await slash(h, 'exam 5 10 <!channel> @here', 'U0BOB');
      expect(read(bad!)).toContain('I have no study domain by that name.');
      expect(read(bad!)).toContain('Domains: infrastructure, operations');
      expect(allStrings(bad).join('\n')).not.toMatch(/<!channel>|<!here>|@here/);
      const [big] = await slash(h, 'exam 99', 'U0BOB');
      expect(read(big!)).toContain('Questions must be a whole number from 1 to 65, not "99".');
    } finally {
      await h.stop();
    }
  });

  it('closes at the deadline with a DM, and resumes after a restart where it was left', async () => {
    const fake = await FakeSlack.start();
    const first = await harness({ fake });
    let second: Awaited<ReturnType<typeof harness>> | undefined;
    try {
      const [shown] = await slash(first, 'exam 2 5');
      const [next] = await click(first, buttonsOf(shown!.blocks)[0]!);
      await click(first, named(next!, 'Flag for review'));
      await first.stop();

      // The restarted process: same database, same workspace; the exam opens where it was left.
      const clock = new FakeClock('2026-11-23T10:02:00Z');
      second = await harness({ fake, file: first.file, clock });
      const [resumed] = await slash(second, 'exam');
      expect(read(resumed!)).toContain('Welcome back: your mock exam, where you left it.');
      expect(read(resumed!)).toContain('Mock exam: question 2 of 2 (flagged)');
      expect(read(resumed!)).toContain('3 min left (until 10:05 UTC)');
      // A button from before the restart still works.
      const [again] = await click(second, named(next!, 'Previous'));
      expect(read(again!)).toContain('Mock exam: question 1 of 2');

      clock.set(new Date('2026-11-23T10:05:00Z'));
      await second.core.quiz!.tick();
      await second.core.quiz!.tick();
      const dm = await fake.waitFor((c) => c.method === 'chat.postMessage' && read(c.body).includes('Time is up'));
      expect(fake.callsOf('conversations.open').some((c) => c.body.users === 'U0ANN')).toBe(true);
      expect(read(dm.body)).toContain('Mock exam result');
      expect(fake.callsOf('chat.postMessage').filter((c) => read(c.body).includes('Time is up'))).toHaveLength(1);
    } finally {
      await second?.stop();
      await fake.close();
    }
  });
});
