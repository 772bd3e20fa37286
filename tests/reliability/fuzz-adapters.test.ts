// Hostile input end to end through the real adapters: signed slash commands into the real Bolt app and
// slash commands over the gateway into the real discord.js client, with hostile display names. What is
// checked is what the fake platforms received — the bytes a Slack or Discord user would be shown.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../discord/support/bot.ts';
import { DEFAULT_USER, messageBodies } from '../discord/support/fake-discord.ts';
import { startHarness, type Harness } from '../slack/support/harness.ts';
import { hostileWellFormed, QUIZ_WORDS } from './support/arbitraries.ts';
import { fcParams, pick, summary, TEST_TIMEOUT } from './support/env.ts';
import { discordMessageViolations, slackMessageViolations } from './support/render-checks.ts';

let slack: Harness;
let discord: RunningBot;
const stats = { slack: 0, discord: 0 };

beforeAll(async () => {
  [slack, discord] = await Promise.all([startHarness(), startBot()]);
});
afterAll(async () => {
  await Promise.all([slack?.stop(), discord?.close()]);
  summary('fuzz through the real adapters', { 'slack requests fuzzed': stats.slack, 'discord interactions fuzzed': stats.discord });
});

const RUNS = pick(100, 1500);

/** Text for a slash command: hostile text, or quiz words with hostile text mixed in. */
const slashText = fc.oneof(
  hostileWellFormed,
  fc.array(fc.oneof(fc.constantFrom(...QUIZ_WORDS), hostileWellFormed), { maxLength: 6 }).map((w) => w.join(' ')),
);

// URL-encoded forms cannot carry NUL reliably through every proxy; Slack never sends it. Everything else goes.
const formSafe = (s: string) => s.replace(/\u0000/g, '');

describe('Slack: signed slash commands with hostile text and names', () => {
  it(
    'every response_url answer is escaped, mention-free and within Block Kit limits',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/responsibot', '/quiz', '/responsibot-help'), slashText, hostileWellFormed, async (command, rawText, rawName) => {
          const text = formSafe(rawText);
          const responseUrl = slack.fake.responseUrl();
          const res = await slack.requests.slash(command, text, { responseUrl, userName: formSafe(rawName).slice(0, 80) || 'x', userId: 'U0FUZZ' });
          expect(res.status).toBe(200);
          const answer = await slack.fake.waitFor((c) => c.path === new URL(responseUrl).pathname, 10_000);
          stats.slack++;
          expect(slackMessageViolations({ text: answer.body.text, blocks: answer.body.blocks }), `${command} ${JSON.stringify(text.slice(0, 100))}`).toEqual([]);
        }),
        fcParams(RUNS),
      );
      // Nothing the bot posted on its own (quiz rounds started by the fuzz) leaks either.
      for (const call of slack.fake.callsOf('chat.postMessage').concat(slack.fake.callsOf('chat.update'))) {
        expect(slackMessageViolations({ text: call.body.text, blocks: call.body.blocks })).toEqual([]);
      }
    },
    TEST_TIMEOUT,
  );
});

describe('Discord: slash commands with hostile options and display names', () => {
  it(
    'every message body sent is mention-proof (allowed_mentions parse []) and within embed limits',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.constantFrom('practice', 'leaderboard', 'schedule', 'report', 'start'), hostileWellFormed, hostileWellFormed, async (asWho, sub, value, name) => {
          const user = { ...DEFAULT_USER, id: '900000000000000031', username: 'fuzz', global_name: name.slice(0, 32) || null };
          const interaction = asWho
            ? discord.fake.chatInput('who', [{ name: 'question', type: 3, value: value.slice(0, 6000) || '?' }], { user })
            : discord.fake.chatInput('quiz', [{ name: sub, type: 1, options: [{ name: sub === 'report' ? 'id' : sub === 'leaderboard' ? 'period' : sub === 'schedule' ? 'time' : 'topic', type: 3, value: value.slice(0, 6000) || '?' }] }], { user });
          const callback = await discord.fake.callback(interaction, 10_000);
          stats.discord++;
          // A slow handler is deferred ("thinking…") and its answer arrives as an edit of @original.
          const data =
            callback.body.type === 5
              ? (await discord.fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith(`/${interaction.token}/messages/@original`), 10_000)).body
              : callback.body.data;
          expect(discordMessageViolations(data), `${asWho ? '/who' : `/quiz ${sub}`} ${JSON.stringify(value.slice(0, 100))}`).toEqual([]);
        }),
        fcParams(RUNS),
      );
      for (const body of messageBodies(discord.fake.requests)) expect(discordMessageViolations(body)).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
