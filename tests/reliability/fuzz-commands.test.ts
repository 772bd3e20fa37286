// Property-based fuzzing of every command parser in the core: /who, /quiz with every subcommand, /help,
// unknown commands, dispatchLine, the buttons the replies carry, button values, and the Slack and
// Discord parsers in front of them. For every input: no exception, no internal failure (the "sorry,
// something went wrong" path), an answer within a generous hang guard, and every reply — and every
// post the bot makes on its own afterwards — renders safely and within limits on Slack and Discord.
import fc from 'fast-check';
import { ApplicationCommandOptionType } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { commandText, type OptionData } from '../../src/adapters/discord/command-text.ts';
import { commandFromMessage } from '../../src/adapters/slack/incoming.ts';
import { parseArgs } from '../../src/core/commands/args.ts';
import type { CommandContext } from '../../src/core/commands/command.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import { buttonsOf, submitsOf } from '../support/quiz.ts';
import { caller, commandLine, hostileText, hostileWellFormed, quizArgs } from './support/arbitraries.ts';
import { fcParams, pick, summary, TEST_TIMEOUT } from './support/env.ts';
import { describeErrors, fuzzWorld } from './support/fuzz-world.ts';
import { discordViolations, malformedStrings, slackViolations, wellFormed } from './support/render-checks.ts';

/** A hang guard, not a benchmark: anything near this is stuck, not slow. */
const HANG_MS = 2000;

const w = fuzzWorld();
const stats = { inputs: 0, replies: 0, platformReplies: 0, buttonsPressed: 0, maxMs: 0 };

afterAll(() => {
  summary('fuzz core commands', {
    'inputs fuzzed': stats.inputs,
    'replies rendered': stats.replies,
    'bot posts rendered': stats.platformReplies,
    'buttons pressed': stats.buttonsPressed,
    'slowest call ms': Math.round(stats.maxMs),
  });
});

/** Runs one call under the hang guard and checks every reply it returns. */
async function check(call: () => Promise<Reply[]>, label: string, inputWellFormed: boolean): Promise<Reply[]> {
  const errorsBefore = w.errors.length;
  const started = performance.now();
  const replies = await call(); // a throw fails the property
  const ms = performance.now() - started;
  stats.inputs++;
  stats.maxMs = Math.max(stats.maxMs, ms);
  expect(ms, `${label} took ${ms} ms`).toBeLessThan(HANG_MS);
  expect(describeErrors(w.errors, errorsBefore), `${label} failed internally`).toEqual([]);
  expect(replies.length, `${label} gave no reply`).toBeGreaterThan(0);
  for (const reply of replies) checkReply(reply, label, inputWellFormed);
  return replies;
}

function checkReply(reply: Reply, label: string, inputWellFormed: boolean): void {
  stats.replies++;
  expect(slackViolations(reply), `${label}: Slack rendering`).toEqual([]);
  expect(discordViolations(reply), `${label}: Discord rendering`).toEqual([]);
  // Half an emoji in the output when there was none in the input (BUG-3, found-bugs.test.ts).
  if (inputWellFormed) expect(malformedStrings(reply), `${label}: well-formed text`).toEqual([]);
}

/** Moves time on and lets the quiz clock run, then checks what the bot posted by itself. */
async function tickAndCheck(advanceMs: number): Promise<void> {
  const mark = w.mark();
  const errorsBefore = w.errors.length;
  w.clock.advance(advanceMs);
  await w.core.quiz!.tick();
  expect(describeErrors(w.errors, errorsBefore), 'quiz tick failed').toEqual([]);
  for (const reply of w.platformRepliesSince(mark)) {
    stats.platformReplies++;
    expect(slackViolations(reply), 'bot post: Slack rendering').toEqual([]);
    expect(discordViolations(reply), 'bot post: Discord rendering').toEqual([]);
  }
}

const RUNS = { who: pick(1000, 20_000), lines: pick(1500, 30_000), actions: pick(600, 10_000), slack: pick(500, 10_000), discord: pick(500, 10_000), args: pick(800, 15_000) };

describe('fuzzing the core commands', () => {
  it(
    '/who never throws, never fails, answers promptly and renders safely for any text',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, caller, async (text, c) => {
          const ctx = w.ctx(c);
          await check(() => w.core.registry.run('who', text, ctx), `/who ${JSON.stringify(text.slice(0, 100))}`, wellFormed(text) && wellFormed(c.name));
        }),
        fcParams(RUNS.who),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'every command line (/quiz and each subcommand, /help, unknown commands, no slash) via dispatchLine and run, and the buttons of its replies',
    async () => {
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(commandLine, caller, caller, fc.boolean(), fc.nat(), async (line, c, presser, direct, choice) => {
          const ctx = w.ctx(c);
          const clean = wellFormed(line) && wellFormed(c.name) && wellFormed(presser.name);
          const m = /^\s*\/(\S+)\s*([\s\S]*)$/.exec(line);
          const replies =
            direct && m
              ? await check(() => w.core.registry.run(m[1]!.toLowerCase(), m[2]!, ctx), `run(${JSON.stringify(line.slice(0, 100))})`, clean)
              : await check(() => w.core.registry.dispatchLine(line, ctx), `dispatchLine(${JSON.stringify(line.slice(0, 100))})`, clean);
          // Press one of the buttons it offered, as the same person or someone else.
          const buttons = replies.flatMap((r) => [...buttonsOf(r), ...submitsOf(r, choice)]);
          const button = buttons[choice % Math.max(1, buttons.length)];
          if (button) {
            stats.buttonsPressed++;
            const by = choice % 3 === 0 ? w.ctx(presser) : ctx;
            await check(() => w.core.registry.runAction(button.action, button.value, by), `button ${button.action}`, clean);
          }
          if (++runs % 25 === 0) await tickAndCheck((choice % 180) * 60_000 + 30_000);
        }),
        fcParams(RUNS.lines),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'button actions with forged or garbled values (every action id, and unknown ones)',
    async () => {
      const ids = ['who.topic', 'who.service', 'who.share', 'quiz.answer', 'quiz.report', 'quiz.practice', 'gone.action', ''];
      const value = fc.oneof(
        hostileText,
        fc.constantFrom('aws-srm/infra-hypervisor', 'service:aws-srm/rds', 'topic:aws-srm/rds-engine-patching', 'next', 'aws-srm:topic:infra-hypervisor'),
        fc.tuple(fc.constantFrom('', 'nope', '00000000-0000-0000-0000-000000000000'), fc.constantFrom(':0', ':-1', ':99', ':1.5', ':NaN', ':', '::0', ':1e1', ':0x1', ':0,1', ':1,1', ':0,2,4', ':,', ':0,')).map(([a, b]) => a + b),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ids), value, caller, async (id, v, c) => {
          await check(() => w.core.registry.runAction(id, v, w.ctx(c)), `action ${id} ${JSON.stringify(v.slice(0, 80))}`, wellFormed(v) && wellFormed(c.name));
        }),
        fcParams(RUNS.actions),
      );
    },
    TEST_TIMEOUT,
  );
});

describe('fuzzing the adapters’ parsers in front of the core', () => {
  it(
    'Slack: any message text (mentions, DMs) goes through commandFromMessage to a safe reply',
    async () => {
      const slackText = fc.oneof(hostileText, fc.tuple(fc.constantFrom('<@UBOT> ', '<@UBOT|responsibot> ', '', '<@UBOT>'), hostileText).map(([a, b]) => a + b));
      await fc.assert(
        fc.asyncProperty(slackText, caller, async (text, c) => {
          const line = commandFromMessage(w.core.registry, text, 'UBOT');
          expect(w.core.registry.get(line.name), `commandFromMessage routed to /${line.name}`).toBeDefined();
          await check(() => w.core.registry.run(line.name, line.text, w.ctx(c, 'slack')), `slack message ${JSON.stringify(text.slice(0, 100))}`, wellFormed(text) && wellFormed(c.name));
        }),
        fcParams(RUNS.slack),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'Discord: structured options → command text → the core’s parser gives back every option value unchanged',
    async () => {
      const quiz = w.core.registry.get('quiz')!;
      const sub = fc.constantFrom(...quiz.subcommands!.filter((s) => s.options.length > 0));
      // Line breaks included: they used to fall out of named options (BUG-2, found-bugs.test.ts).
      const value = hostileWellFormed;
      await fc.assert(
        fc.asyncProperty(sub, fc.array(value, { minLength: 1, maxLength: 7 }), caller, async (s, values, c) => {
          const stringOptions = s.options.filter((o) => o.type === 'string');
          fc.pre(stringOptions.length > 0);
          const data: OptionData[] = stringOptions.slice(0, values.length).map((o, i) => ({ name: o.name, type: ApplicationCommandOptionType.String, value: values[i]! }));
          const text = commandText(quiz, [{ name: s.name, type: ApplicationCommandOptionType.Subcommand, options: data }]);
          const parsed = parseArgs(text, stringOptions.map((o) => o.name));
          expect(parsed.positional[0]).toBe(s.name);
          for (const o of data) expect(parsed.named[o.name], `option ${o.name} of /quiz ${s.name}`).toBe(o.value);
          await check(() => w.core.registry.run('quiz', text, w.ctx(c, 'discord')), `discord /quiz ${JSON.stringify(text.slice(0, 100))}`, true);
        }),
        fcParams(RUNS.discord),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'quiz arguments alone (the grammar-aware generator) reach every parser branch without an internal failure',
    async () => {
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('start', 'practice', 'leaderboard', 'schedule', 'report', 'stop', 'stats', 'reports'), quizArgs, fc.boolean(), async (sub, args, admin) => {
          const ctx: CommandContext = w.ctx({ id: 'U0ADMIN', name: 'ada', admin, channel: 'parser-branches' });
          const replies = await check(() => w.core.registry.run('quiz', `${sub} ${args}`, ctx), `/quiz ${sub} ${JSON.stringify(args.slice(0, 100))}`, wellFormed(args));
          seen.add(`${sub}:${replies[0]!.text.slice(0, 24)}`);
        }),
        fcParams(RUNS.args),
      );
      expect(seen.size).toBeGreaterThan(15); // many distinct outcomes: the generator gets past usage errors
    },
    TEST_TIMEOUT,
  );
});
