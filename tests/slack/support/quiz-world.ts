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

/**
 * The question post in a channel, the labels of its options (buttons, or checkboxes on a multi-select
 * question) and how to answer it right and wrong: a button, or the submit with boxes ticked.
 */
export async function question(h: Harness, post: RecordedCall) {
  const buttons = buttonsOf(post.body.blocks).filter((b) => b.action_id.startsWith('quiz.answer:'));
  const boxes = checkboxesOf(post.body.blocks)[0];
  const postId = buttons[0]!.value.split(':')[0]!;
  const stored = (await h.core.quiz!.store.getPost(postId))!;
  const q = h.core.quiz!.bank.get(stored.questionId)!;
  if (boxes) {
    return { labels: boxes.options.map((o) => o.text.text), right: submitWith(post.body.blocks, q.correct.map(String)), wrong: submitWith(post.body.blocks, wrongPicks(q).map(String)), q, postId };
  }
  return { labels: buttons.map((b) => b.text.text), right: buttons[q.correct[0]!]!, wrong: buttons.find((_, i) => !q.correct.includes(i))!, q, postId };
}

// Monday 23 Nov 2026, 07:59 UTC = 08:59 in Berlin (CET, UTC+1).
export const MONDAY_0859_BERLIN = '2026-11-23T07:59:00Z';
export const MONDAY_0900_BERLIN = '2026-11-23T08:00:00Z';

/** A world with a daily question in C0DAILY at 09:00 Berlin on weekdays, set by the admin U0ADMIN. */
export async function scheduledWorld(running: Harness[], opts: HarnessOptions = {}): Promise<SlackWorld> {
  const w = await slackWorld(running, MONDAY_0859_BERLIN, opts);
  const saved = await slash(w.h, 'schedule 09:00 Europe/Berlin mon-fri', { userId: 'U0ADMIN', userName: 'ada', channelId: 'C0DAILY' });
  expect(read(saved)).toContain('Saved. The first daily question goes out at the next scheduled time.');
  expect(read(saved) + blockTexts(saved.blocks, 'section').join('\n')).toContain('09:00 Europe/Berlin, Monday to Friday');
  return w;
}

/** The bot's successful posts to a channel, and the chat.update calls on one message. */
export const okPostsTo = (h: Harness, channel: string) => h.fake.callsOf('chat.postMessage').filter((c) => c.ok && c.body.channel === channel);
export const updatesOf = (h: Harness, ts: string) => h.fake.callsOf('chat.update').filter((c) => c.body.ts === ts);
