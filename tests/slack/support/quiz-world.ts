// Helpers for /quiz tests through the real Bolt app: a harness on a FakeClock, slash commands and
// clicks that resolve with what the user was shown, question posts and how to answer them.
import { expect } from 'vitest';
import { FakeClock } from '../../../src/core/ports/clock.ts';
import { seeded, wrongPicks } from '../../support/quiz.ts';
import type { RecordedCall } from './fake-slack.ts';
import { blockTexts, buttonsOf, checkboxesOf, startHarness, submitWith, type Harness, type HarnessOptions } from './harness.ts';

export interface SlackWorld {
  h: Harness;
  clock: FakeClock;
  tick(): Promise<void>;
}

export interface Who {
  userId?: string;
  userName?: string;
  channelId?: string;
  teamId?: string;
}

/** A harness on a FakeClock at `start`; pushed on `running` so the test file's afterEach stops it. */
export async function slackWorld(running: Harness[], start: string, opts: HarnessOptions = {}): Promise<SlackWorld> {
  const clock = new FakeClock(start);
  const h = await startHarness({ ...opts, core: { clock, quiz: { random: seeded(42) }, ...opts.core } });
  running.push(h);
  h.fake.users = { U0ADMIN: { is_admin: true }, U0ANN: {}, U0BOB: {} };
  return { h, clock, tick: () => h.core.quiz!.tick() };
}

/** A slash command; resolves with what was posted to its response_url. */
export async function slash(h: Harness, text: string, who: Who = {}, command = '/quiz'): Promise<Record<string, any>> {
  const responseUrl = h.fake.responseUrl();
  const res = await h.requests.slash(command, text, { responseUrl, ...who });
  expect(res.status).toBe(200);
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

export type SlackButton = ReturnType<typeof buttonsOf>[number];

/** A click on a button of the message `ts` (public, or ephemeral without ts); resolves with what its response_url got. */
export async function click(h: Harness, button: SlackButton, ts: string | undefined, who: Who = {}): Promise<Record<string, any>> {
  const responseUrl = h.fake.responseUrl();
  const res = await h.requests.clickButton(button, { responseUrl, channelId: 'C0QUIZ', ...(ts ? { messageTs: ts } : { ephemeral: true }), ...who });
  expect(res.status).toBe(200);
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

/** Everything a person reads in a message: fallback text and every block text and button label. */
export function read(message: Record<string, any> | undefined): string {
  const blocks = message?.blocks ?? [];
  return [message?.text ?? '', ...['header', 'section', 'context'].flatMap((t) => blockTexts(blocks, t)), ...buttonsOf(blocks).map((b) => b.text.text)].join('\n');
}

/** The nth (1-based) message the bot posted in a channel, with its ts. */
export async function nthPost(h: Harness, channel: string, n: number): Promise<RecordedCall & { body: Record<string, any> & { ts: string } }> {
  const ok = () => h.fake.callsOf('chat.postMessage').filter((x) => x.ok && x.body.channel === channel);
  await h.fake.waitFor(() => ok().length >= n);
  const call = ok()[n - 1]!;
  return { ...call, body: { ...call.body, ts: h.fake.messagesIn(channel)[n - 1]!.ts } };
}

/** How to answer a question post right and wrong: its buttons, or its submit with boxes ticked (multi-select). */
export async function answerButtons(h: Harness, blocks: any[]): Promise<{ right: SlackButton; wrong: SlackButton; postId: string }> {
  const buttons = buttonsOf(blocks).filter((b) => b.action_id.startsWith('quiz.answer:'));
  const boxes = checkboxesOf(blocks)[0];
  const postId = boxes ? boxes.block_id.split('|')[1]! : buttons[0]!.value.split(':')[0]!;
  const q = h.core.quiz!.bank.get((await h.core.quiz!.store.getPost(postId))!.questionId)!;
  if (boxes) return { right: submitWith(blocks, q.correct.map(String)), wrong: submitWith(blocks, wrongPicks(q).map(String)), postId };
  return { right: buttons[q.correct[0]!]!, wrong: buttons.find((_, i) => !q.correct.includes(i))!, postId };
}

/** Opens the App Home for a user; resolves with its text. */
export async function openHome(h: Harness, userId: string): Promise<string> {
  const before = h.fake.callsOf('views.publish').length;
  await h.requests.event({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home' });
  const publish = await h.fake.waitFor((c) => c.method === 'views.publish' && h.fake.callsOf('views.publish').indexOf(c) === before);
  return ['header', 'section', 'context'].flatMap((t) => blockTexts(publish.body.view.blocks, t)).join('\n');
}
