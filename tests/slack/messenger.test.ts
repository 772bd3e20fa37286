// The Messenger the core uses to post on its own: rate limits waited out, refusals classified, and a
// retried post never duplicated. Driven through startSlack's messenger against the fake Slack.
import { beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { appClientOptions, boltLogger, postClientOptions } from '../../src/adapters/slack/app.ts';
import { SlackMessenger } from '../../src/adapters/slack/messenger.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { DeliveryError, type ChannelAddress } from '../../src/core/ports/messenger.ts';
import { privateReply } from '../../src/core/reply/reply.ts';
import { BOT_TOKEN, blockTexts, type Harness, useHarness } from './support/harness.ts';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

const quiz: ChannelAddress = { platform: 'slack', workspaceId: 'T0TEAM', channelId: 'C0QUIZ' };
const question = () => ({ ...privateReply('Daily question: who patches the hypervisor?'), visibility: 'public' as const });

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('SlackMessenger', () => {
  it('is attached to the core as the slack messenger', () => {
    expect(h.core.messengers.get('slack')).toBe(h.slack.messenger);
  });

  it('posts Block Kit with a text fallback, unfurling off, and returns the ts', async () => {
    const posted = await h.slack.messenger.post(quiz, question(), { dedupeKey: 'daily:2024-05-01' });
    const [call] = h.fake.callsOf('chat.postMessage');
    expect(posted).toEqual({ channel: quiz, messageId: h.fake.messagesIn('C0QUIZ')[0]!.ts });
    expect(call!.body.channel).toBe('C0QUIZ');
    expect(call!.body.text).toBe('Daily question: who patches the hypervisor?');
    expect(blockTexts(call!.body.blocks, 'section')).toEqual(['Daily question: who patches the hypervisor?']);
    expect(String(call!.body.unfurl_links)).toBe('false');
    expect(call!.body.metadata).toEqual({ event_type: 'responsibot_post', event_payload: { dedupe_key: 'daily:2024-05-01' } });
  });

  it('honours a 429 Retry-After: waits, retries, and posts exactly once', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await h.slack.messenger.post(quiz, question(), { dedupeKey: 'k-429' });
    const calls = h.fake.callsOf('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls.filter((c) => c.ok)).toHaveLength(1);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(h.fake.messagesIn('C0QUIZ')).toHaveLength(1);
  });

  it('holds back every post after a 429 until its Retry-After has passed, not only the refused one', async () => {
    // A messenger of our own on the same fake, whose log tells the test when the 429 is in hand.
    let limited!: () => void;
    const wasLimited = new Promise<void>((resolve) => (limited = resolve));
    const log = { ...silentLogger, info: (_obj: object, msg: string) => void (/rate limited/.test(msg) && limited()) };
    const bolt = boltLogger(log);
    const messenger = new SlackMessenger({
      client: new webApi.WebClient(BOT_TOKEN, appClientOptions(h.fake.apiUrl, bolt)),
      postClient: new webApi.WebClient(BOT_TOKEN, postClientOptions(h.fake.apiUrl, bolt)),
      log,
    });
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const first = messenger.post(quiz, question(), { dedupeKey: 'k-first' });
    await wasLimited;
    const second = messenger.post({ ...quiz, channelId: 'C0OTHER' }, question(), { dedupeKey: 'k-second' });
    await Promise.all([first, second]);
    const calls = h.fake.callsOf('chat.postMessage');
    const refused = calls.find((c) => c.status === 429)!;
    const other = calls.find((c) => c.body.channel === 'C0OTHER')!;
    expect(other.at - refused.at).toBeGreaterThanOrEqual(1000);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(1);
    expect(h.fake.messagesIn('C0QUIZ')).toHaveLength(1);
    expect(h.fake.messagesIn('C0OTHER')).toHaveLength(1);
  });

  it.each([
    ['not_in_channel', /not a member.*\/invite @Responsibot/],
    ['channel_not_found', /cannot find that channel/],
    ['is_archived', /archived/],
    ['missing_scope', /missing a permission.*chat:write/],
    ['restricted_action', /does not let me post/],
  ])('maps %s to a no_access DeliveryError with a clear message', async (error, message) => {
    h.fake.failNext('chat.postMessage', { error, needed: 'chat:write' });
    const err = await failure(h.slack.messenger.post(quiz, question()));
    expect(err.failure).toBe('no_access');
    expect(err.message).toMatch(message);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('does not post twice when a 5xx hid a post that did land', async () => {
    h.fake.failNext('chat.postMessage', { status: 500, landed: true });
    const posted = await h.slack.messenger.post(quiz, question(), { dedupeKey: 'k-landed' });
    expect(h.fake.messagesIn('C0QUIZ')).toHaveLength(1);
    expect(posted.messageId).toBe(h.fake.messagesIn('C0QUIZ')[0]!.ts);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    const lookup = h.fake.callsOf('conversations.history')[0]!;
    expect(lookup.body).toMatchObject({ channel: 'C0QUIZ', include_all_metadata: 'true' });
  });

  it('retries a 5xx that did not land, after checking, and posts once', async () => {
    h.fake.failNext('chat.postMessage', { status: 503 });
    await h.slack.messenger.post(quiz, question(), { dedupeKey: 'k-lost' });
    expect(h.fake.callsOf('conversations.history')).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage').map((c) => c.status)).toEqual([503, 200]);
    expect(h.fake.messagesIn('C0QUIZ')).toHaveLength(1);
  });

  it('gives up on repeated 5xx as transient after its retries', async () => {
    h.fake.failNext('chat.postMessage', { status: 500 }, { status: 502 }, { status: 503 });
    const err = await failure(h.slack.messenger.post(quiz, question(), { dedupeKey: 'k-down' }));
    expect(err.failure).toBe('transient');
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(3);
    expect(h.fake.messagesIn('C0QUIZ')).toHaveLength(0);
  });

  it('when it cannot check, fails as transient; the core’s later retry with the same key checks first', async () => {
    h.fake.failNext('chat.postMessage', { status: 500, landed: true });
    h.fake.failNext('conversations.history', { error: 'internal_error' });
    const err = await failure(h.slack.messenger.post(quiz, question(), { dedupeKey: 'k-later' }));
    expect(err.failure).toBe('transient');
    expect(h.fake.messagesIn('C0QUIZ')).toHaveLength(1);

    const posted = await h.slack.messenger.post(quiz, question(), { dedupeKey: 'k-later' });
    expect(posted.messageId).toBe(h.fake.messagesIn('C0QUIZ')[0]!.ts);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.fake.messagesIn('C0QUIZ')).toHaveLength(1);
  });

  it('checks the thread, not the channel, for a duplicate reply in a thread', async () => {
    const messenger = h.slack.messenger;
    if (!(messenger instanceof SlackMessenger)) throw new Error('expected the Slack messenger');
    h.fake.failNext('chat.postMessage', { status: 500, landed: true });
    await messenger.postTo('C0GENERAL', question(), { threadTs: '1700000001.000100', dedupeKey: 'k-thread' });
    expect(h.fake.callsOf('conversations.replies')[0]!.body).toMatchObject({ channel: 'C0GENERAL', ts: '1700000001.000100' });
    expect(h.fake.messagesIn('C0GENERAL')).toHaveLength(1);
  });

  it('updates a message with chat.update', async () => {
    const posted = await h.slack.messenger.post(quiz, question());
    await h.slack.messenger.update(posted, { ...question(), text: 'Revealed: AWS', blocks: [{ type: 'header', text: 'AWS is responsible' }] });
    const [update] = h.fake.callsOf('chat.update');
    expect(update!.body).toMatchObject({ channel: 'C0QUIZ', ts: posted.messageId, text: 'Revealed: AWS' });
    expect(blockTexts(update!.body.blocks, 'header')).toEqual(['AWS is responsible']);
  });

  it('notifies a user privately by opening a DM and posting there', async () => {
    await h.slack.messenger.notifyUser('T0TEAM', 'U0ANN', privateReply('I could not post the daily question in #quiz.'));
    expect(h.fake.callsOf('conversations.open')[0]!.body.users).toBe('U0ANN');
    const [post] = h.fake.callsOf('chat.postMessage');
    expect(post!.body.channel).toBe('DU0ANN');
    expect(post!.body.text).toBe('I could not post the daily question in #quiz.');
  });
});
