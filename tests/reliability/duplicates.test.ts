// Duplicate deliveries of one click, through the real adapters: Slack re-sending a block_actions payload
// (x-slack-retry-num) — to the same process and to a second process sharing the database file — and a
// user double-clicking; Discord users hammering the same answer button. Every player ends up with one
// recorded answer, one score, and a private "You already answered" for every copy after the first.
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { makeCore } from '../support/core.ts';
import { seeded, tempDbFile } from '../support/quiz.ts';
import { startBot, type RunningBot } from '../discord/support/bot.ts';
import { IDS, type Json } from '../discord/support/fake-discord.ts';
import { answerKey, answerOf, answerWith, channelPosts, edits, opt, person, quiz, visible } from '../discord/support/quiz.ts';
import { FakeSlack, TEAM_ID } from '../slack/support/fake-slack.ts';
import { blockTexts, buttonsOf, checkboxesOf, startHarness, submitWith, type Harness } from '../slack/support/harness.ts';
import { pick, summary, TEST_TIMEOUT } from './support/env.ts';

const FORM = 'application/x-www-form-urlencoded';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** Every "N answers so far" a message showed, from a list of texts. */
const counts = (texts: string[]) => texts.map((t) => Number(/(\d+) answers? so far/.exec(t)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));

describe('Slack: a click delivered several times', () => {
  it(
    'double clicks and x-slack-retry-num re-sends, to this process and to a second one on the same database, record one answer and one score per player',
    async () => {
      const fake = await FakeSlack.start();
      cleanups.push(() => fake.close());
      const file = tempDbFile();
      const clock = new FakeClock('2026-11-23T10:00:00Z');
      const boot = async (seed: number): Promise<Harness> => {
        const h = await startHarness({ fake, core: { store: new SqliteStore(file), clock, quiz: { random: seeded(seed) } } });
        cleanups.push(() => h.stop());
        return h;
      };
      const [one, two] = [await boot(1), await boot(2)];

      // A one-round study-group quiz, started in process one.
      const started = fake.responseUrl();
      await one.requests.slash('/quiz', 'start 1 60', { responseUrl: started, userId: 'U0ANN', userName: 'ann', channelId: 'C0QUIZ' });
      const posted = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.ok && c.body.channel === 'C0QUIZ');
      const ts = fake.messagesIn('C0QUIZ')[0]!.ts;
      // One button per option, or (a "Choose TWO/THREE" question) one submit carrying ticked boxes.
      const [ticks] = checkboxesOf(posted.body.blocks);
      const picks = /\bTHREE\b/.test(JSON.stringify(posted.body.blocks)) ? 3 : 2;
      const answers = ticks
        ? ticks.options.map((_, i) => submitWith(posted.body.blocks, [0, 1, 2, 3, 4, 5].map((k) => ticks.options[(i + k) % ticks.options.length]!.value).slice(0, picks)))
        : buttonsOf(posted.body.blocks).filter((b) => b.action_id.startsWith('quiz.answer:'));
      const postId = answers[0]!.value.split(':')[0]!;

      const players = pick(5, 20);
      const copies = ['process one', 'process one again (double click)', 'process one, x-slack-retry-num 1', 'process two, x-slack-retry-num 2'];
      const urls: string[] = [];
      await Promise.all(
        Array.from({ length: players }, (_, p) => {
          const responseUrl = fake.responseUrl();
          urls.push(responseUrl);
          const body = one.requests.blockActionBody(answers[p % answers.length]!, { responseUrl, userId: `U0P${p}`, userName: `player${p}`, channelId: 'C0QUIZ', messageTs: ts });
          return Promise.all([one.requests.send(body, FORM), one.requests.send(body, FORM), one.requests.send(body, FORM, { retryNum: 1 }), two.requests.send(body, FORM, { retryNum: 2 })]).then((responses) => {
            for (const r of responses) expect(r.status).toBe(200);
          });
        }),
      );
      const repliesTo = (url: string) => fake.callsOf('response_url').filter((c) => c.path === new URL(url).pathname);
      await fake.waitFor(() => urls.every((u) => repliesTo(u).length === copies.length), 15_000);

      let alreadyAnswered = 0;
      for (const url of urls) {
        const heads = repliesTo(url).map((r) => blockTexts(r.body.blocks, 'header')[0] ?? '');
        const fresh = heads.filter((x) => !x.startsWith('You already answered'));
        expect(fresh, `replies to one player: ${heads.join(' | ')}`).toHaveLength(1);
        expect(fresh[0]).toMatch(/^(Right|Not quite)/);
        alreadyAnswered += heads.length - 1;
      }
      const recorded = await one.core.quiz!.store.answersForPost(postId);
      expect(recorded.map((a) => a.userId).sort()).toEqual(Array.from({ length: players }, (_, p) => `U0P${p}`).sort());
      const board = await one.core.quiz!.store.leaderboard('slack', TEAM_ID, 0);
      expect(board).toHaveLength(players);
      for (const row of board) expect(row).toMatchObject({ answered: 1, points: recorded.find((a) => a.userId === row.userId)!.points });

      // The live count never ran ahead of the players, and each recorded answer caused at most one edit.
      const updates = fake.callsOf('chat.update').filter((c) => c.body.ts === ts);
      expect(updates.length).toBeLessThanOrEqual(players);
      expect(Math.max(...counts(updates.map((u) => blockTexts(u.body.blocks, 'context').join(' '))))).toBeLessThanOrEqual(players);
      // The reveal counts each player once.
      clock.advance(61_000);
      await one.core.quiz!.tick();
      const revealed = fake.message('C0QUIZ', ts)!;
      expect(JSON.stringify(revealed.blocks)).toContain(`of ${players} got it right`);
      summary('Slack duplicate deliveries', { players, 'deliveries sent': players * copies.length, 'answers recorded': recorded.length, 'duplicates answered "already"': alreadyAnswered, 'duplicates recorded': recorded.length - players });
    },
    TEST_TIMEOUT,
  );
});

describe('Discord: the same answer button clicked several times at once', () => {
  it(
    'records one answer and one score per player, and says "You already answered" to every other click',
    async () => {
      const clock = new FakeClock('2026-11-23T10:00:00Z');
      const bot: RunningBot = await startBot(makeCore({ clock }));
      cleanups.push(() => bot.close());
      const { fake, core } = bot;
      await answerOf(fake, quiz(fake, 'start', [opt.int('rounds', 1), opt.int('seconds', 60)]));
      const [question] = channelPosts(fake, IDS.channel);
      const key = await answerKey(core, question!.message);

      const players = pick(5, 20);
      const clicksEach = pick(3, 6);
      const sent = Array.from({ length: players }, (_, p) => {
        const user = person(String(900000000000000100n + BigInt(p)), `player${p}`, `Player ${p}`);
        const id = key.all[p % key.all.length]!;
        return Array.from({ length: clicksEach }, () => answerWith(fake, id, question!.message, user));
      });
      let alreadyAnswered = 0;
      for (const clicks of sent) {
        const titles: string[] = [];
        for (const c of clicks) titles.push(((await answerOf(fake, c)) as Json).embeds[0].title as string);
        const fresh = titles.filter((t) => !t.startsWith('You already answered'));
        expect(fresh, titles.join(' | ')).toHaveLength(1);
        expect(fresh[0]).toMatch(/^(Right|Not quite)/);
        alreadyAnswered += titles.length - 1;
      }
      const recorded = await core.quiz!.store.answersForPost(key.postId);
      expect(recorded).toHaveLength(players);
      expect(new Set(recorded.map((a) => a.userId)).size).toBe(players);
      const board = await core.quiz!.store.leaderboard('discord', IDS.guild, 0);
      for (const row of board) expect(row.answered).toBe(1);
      // Live-count edits are coalesced, so the last one may still be on its way: wait for it.
      await fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${question!.message.id}`) && visible(r.body).includes(`${players} answers so far`), 10_000);
      const shownCounts = counts(edits(fake, question!.message.id).map((e) => visible(e.body)));
      expect(Math.max(...shownCounts)).toBe(players);
      expect(shownCounts.length).toBeLessThanOrEqual(players);
      summary('Discord double clicks', { players, 'clicks sent': players * clicksEach, 'answers recorded': recorded.length, 'duplicates answered "already"': alreadyAnswered, 'duplicates recorded': recorded.length - players });
    },
    TEST_TIMEOUT,
  );
});
