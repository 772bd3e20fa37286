// Helpers for driving /quiz through the fake Discord: typed slash-command options, the people who
// click, and reading back what the bot posted and edited in channels.
import type { QuizQuestion } from '../../../src/core/quiz/bank.ts';
import { wrongPicks } from '../../support/quiz.ts';
import type { Core } from '../../../src/core/responsibot.ts';
import { DEFAULT_USER, PERMS, perms, type FakeDiscord, type InteractionOptions, type Json, type RecordedRequest, type SentInteraction } from './fake-discord.ts';

export const EPHEMERAL = 64;

/** Discord's option types, as the client sends them in a chat-input interaction. */
export const opt = {
  int: (name: string, value: number) => ({ name, type: 4, value }),
  str: (name: string, value: string) => ({ name, type: 3, value }),
  bool: (name: string, value: boolean) => ({ name, type: 5, value }),
};

/** `/quiz <sub> …options` as a chat-input interaction with a subcommand. */
export function quiz(fake: FakeDiscord, sub: string, options: Json[] = [], as?: InteractionOptions): SentInteraction {
  return fake.chatInput('quiz', [{ name: sub, type: 1, options }], as);
}

export function person(id: string, username: string, globalName: string | null): Json {
  return { ...DEFAULT_USER, id, username, global_name: globalName };
}

export const ANA = person('900000000000000021', 'ana', 'Ana');
export const BEN = person('900000000000000022', 'ben', 'Ben');
export const CY = person('900000000000000023', 'cy', 'Cy');

/** A member who may manage the server (Discord's "Manage Server"), i.e. a Responsibot admin. */
export const ADMIN_PERMS = perms(PERMS.viewChannel, PERMS.sendMessages, PERMS.manageGuild);

/** The interaction's response data (type 4) or, for a deferred one, the edit that followed it. */
export async function answerOf(fake: FakeDiscord, i: SentInteraction): Promise<Json> {
  const cb = await fake.callback(i);
  if (cb.body.type === 4 || cb.body.type === 7) return cb.body.data;
  return (await fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith(`/${i.token}/messages/@original`))).body;
}

/** Text as Discord shows it: markdown escapes removed. */
export const shown = (text: string | undefined): string => (text ?? '').replace(/\\([^\w\s])/g, '$1');

/** Everything a reader sees in one message body (title, description, fields, footer), unescaped. */
export function visible(body: Json): string {
  const e = body?.embeds?.[0] ?? {};
  return shown([body?.content, e.title, e.description, ...(e.fields ?? []).map((f: Json) => `${f.name}: ${f.value}`), e.footer?.text].filter(Boolean).join('\n'));
}

export function buttonIds(body: Json): string[] {
  return (body?.components ?? []).flatMap((row: Json) => row.components.map((c: Json) => c.custom_id as string));
}

/** The bot's own posts in a channel (not interaction responses), oldest first, with the created message. */
export function channelPosts(fake: FakeDiscord, channelId: string): { request: RecordedRequest; message: Json }[] {
  return fake.requests
    .filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`)
    .map((request) => ({ request, message: request.response?.body }));
}

/** Edits of one channel message, oldest first. */
export function edits(fake: FakeDiscord, messageId: string): RecordedRequest[] {
  return fake.requests.filter((r) => r.method === 'PATCH' && /^\/channels\/\d+\/messages\/(\d+)$/.exec(r.path)?.[1] === messageId);
}

/** The latest edit of a channel message. */
export const lastEdit = (fake: FakeDiscord, messageId: string): RecordedRequest => edits(fake, messageId).at(-1)!;

/** Requests that change a channel (posts, edits, threads, DMs): interaction responses excluded. */
export function channelTraffic(fake: FakeDiscord): RecordedRequest[] {
  return fake.requests.filter((r) => r.method !== 'GET' && (r.path.startsWith('/channels/') || r.path === '/users/@me/channels'));
}

/** One way of answering: a button's custom_id, or a select menu's custom_id with the values picked. */
export interface Pick {
  customId: string;
  values?: string[];
}

/** Clicks the button, or picks the values in the select menu, on `message` as `user`. */
export function answerWith(fake: FakeDiscord, pick: Pick, message: Json, user: Json): SentInteraction {
  const opts = { user, channelId: message.channel_id };
  const on = fake.messages.get(message.id) ?? message;
  return pick.values ? fake.select(pick.customId, pick.values, opts, on) : fake.click(pick.customId, opts, on);
}

/** The select menus of a message body. */
export function selectsOf(body: Json): Json[] {
  return (body?.components ?? []).flatMap((row: Json) => row.components.filter((c: Json) => c.type === 3));
}

/**
 * How to answer a question message right and wrong (looked up in the real core): its answer buttons,
 * or for a multi-select question its select menu with the right or a wrong set of options.
 */
export async function answerKey(core: Core, message: Json): Promise<{ question: QuizQuestion; postId: string; right: Pick; wrong: Pick; all: Pick[] }> {
  const buttons = buttonIds(message).filter((id) => id.startsWith('quiz.answer|'));
  const select = selectsOf(message).find((c) => String(c.custom_id).startsWith('quiz.answer|'));
  const first = buttons[0] ?? select?.custom_id;
  if (!first) throw new Error(`not a question message: ${JSON.stringify(message).slice(0, 300)}`);
  const postId = String(first).slice('quiz.answer|'.length).split(':')[0]!;
  const post = await core.quiz!.store.getPost(postId);
  const question = core.quiz!.bank.get(post!.questionId)!;
  if (select) {
    const all = [question.correct, wrongPicks(question)].map((picks) => picks.map(String)).map((values) => ({ customId: select.custom_id as string, values }));
    return { question, postId, right: all[0]!, wrong: all[1]!, all };
  }
  const all = buttons.map((customId) => ({ customId }));
  return { question, postId, right: all[question.correct[0]!]!, wrong: all.find((_, i) => !question.correct.includes(i))!, all };
}
