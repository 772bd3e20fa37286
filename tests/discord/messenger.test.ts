// The Discord Messenger (posts the core starts itself) against the fake Discord, through the real
// client's REST: dedupe by enforced nonce, edits, DMs, and failures classified for the core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonceFor } from '../../src/adapters/discord/messenger.ts';
import { DeliveryError, type ChannelAddress } from '../../src/core/ports/messenger.ts';
import { privateReply, type Reply } from '../../src/core/reply/reply.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import { IDS } from './support/fake-discord.ts';

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot?.close();
});

const channel: ChannelAddress = { platform: 'discord', workspaceId: IDS.guild, channelId: IDS.channel };
const daily: Reply = {
  visibility: 'public',
  text: 'Daily question',
  color: '#2e86de',
  blocks: [
    { type: 'header', text: 'Daily question' },
    { type: 'section', text: 'Who patches the guest OS on EC2?' },
    { type: 'actions', buttons: [{ action: 'quiz.answer', value: 'q1/customer', label: 'Customer' }] },
  ],
};

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('post', () => {
  it('posts an embed with buttons, an enforced nonce and no mentions', async () => {
    const key = 'daily:900000000000000003:900000000000000004:2025-01-31';
    const posted = await bot.adapter.messenger.post(channel, daily, { dedupeKey: key });
    expect(posted.channel).toEqual(channel);
    const req = bot.fake.requests.findLast((r) => r.method === 'POST' && r.path === `/channels/${IDS.channel}/messages`)!;
    expect(req.authorization).toBe('Bot fake-bot-token');
    expect(req.body.nonce).toBe(nonceFor(key));
    expect(req.body.nonce.length).toBeLessThanOrEqual(25);
    expect(req.body.enforce_nonce).toBe(true);
    expect(req.body.allowed_mentions).toEqual({ parse: [] });
    expect(req.body.flags).toBeUndefined();
    expect(req.body.embeds[0]).toMatchObject({ title: 'Daily question', description: 'Who patches the guest OS on EC2?', color: 0x2e86de });
    expect(req.body.components[0].components[0]).toMatchObject({ custom_id: 'quiz.answer|q1/customer', label: 'Customer' });
    expect(bot.fake.messages.get(posted.messageId)?.channel_id).toBe(IDS.channel);
  });

  it('never posts twice for one dedupe key, even when the first response was lost', async () => {
    // The first attempt reaches Discord but the answer is lost (a 502); discord.js retries with the same nonce.
    bot.fake.intercept(
      'POST',
      /^\/channels\/\d+\/messages$/,
      (req, fake) => {
        fake.defaultResponse(req);
        return { status: 502 };
      },
      1,
    );
    const before = bot.fake.messages.size;
    const first = await bot.adapter.messenger.post(channel, daily, { dedupeKey: 'round:42:question:3' });
    const again = await bot.adapter.messenger.post(channel, daily, { dedupeKey: 'round:42:question:3' });
    expect(again.messageId).toBe(first.messageId);
    expect(bot.fake.messages.size).toBe(before + 1);
  });

  it('posts without a nonce when no dedupe key is given', async () => {
    await bot.adapter.messenger.post(channel, privateReply('plain'));
    const req = bot.fake.requests.findLast((r) => r.method === 'POST' && r.path === `/channels/${IDS.channel}/messages`)!;
    expect(req.body.nonce).toBeUndefined();
    expect(req.body.enforce_nonce).toBeUndefined();
  });

  it('maps Missing Permissions (403/50013) and Missing Access (403/50001) to no_access', async () => {
    bot.fake.fail('POST', /^\/channels\/\d+\/messages$/, 403, { code: 50013, message: 'Missing Permissions' }, 1);
    const perms = await failure(bot.adapter.messenger.post(channel, daily));
    expect(perms.failure).toBe('no_access');
    expect(perms.message).toMatch(/Send Messages/);

    bot.fake.fail('POST', /^\/channels\/\d+\/messages$/, 403, { code: 50001, message: 'Missing Access' }, 1);
    expect((await failure(bot.adapter.messenger.post(channel, daily))).failure).toBe('no_access');
  });

  it('maps Unknown Channel (10003) to no_access', async () => {
    const gone = await failure(bot.adapter.messenger.post({ ...channel, channelId: '123456789012345678' }, daily));
    expect(gone.failure).toBe('no_access');
    expect(gone.message).toMatch(/no longer exists/);
  });

  it('maps server errors that outlast the retries to transient', async () => {
    bot.fake.fail('POST', /^\/channels\/\d+\/messages$/, 503, undefined, 4); // the first try and 3 retries
    expect((await failure(bot.adapter.messenger.post(channel, daily))).failure).toBe('transient');
  });

  it('maps other client errors to other', async () => {
    bot.fake.fail('POST', /^\/channels\/\d+\/messages$/, 400, { code: 50035, message: 'Invalid Form Body' }, 1);
    expect((await failure(bot.adapter.messenger.post(channel, daily))).failure).toBe('other');
  });
});

describe('update', () => {
  it('replaces the whole message', async () => {
    const posted = await bot.adapter.messenger.post(channel, daily);
    const reveal: Reply = { visibility: 'public', text: 'Answer', blocks: [{ type: 'header', text: 'Customer is responsible' }] };
    await bot.adapter.messenger.update(posted, reveal);
    const req = bot.fake.requests.findLast((r) => r.method === 'PATCH')!;
    expect(req.path).toBe(`/channels/${IDS.channel}/messages/${posted.messageId}`);
    expect(req.body).toMatchObject({ content: '', components: [], allowed_mentions: { parse: [] } });
    expect(bot.fake.messages.get(posted.messageId)?.embeds[0].title).toBe('Customer is responsible');
  });

  it('reports a deleted message as a failure', async () => {
    const err = await failure(bot.adapter.messenger.update({ channel, messageId: '4194304' }, daily));
    expect(err.failure).toBe('other');
  });
});

describe('openThread', () => {
  it('opens a public thread in the channel and returns its address for the session to post in', async () => {
    const thread = await bot.adapter.messenger.openThread!(channel, `Quiz started by ${'Priya '.repeat(30)}`);
    const req = bot.fake.requests.findLast((r) => r.path === `/channels/${IDS.channel}/threads`)!;
    expect(req.body).toMatchObject({ type: 11, auto_archive_duration: 1440 });
    expect(req.body.name.length).toBeLessThanOrEqual(100);
    expect(thread).toEqual({ ...channel, channelId: expect.any(String) });
    expect(bot.fake.threads.get(thread.channelId)?.parent_id).toBe(IDS.channel);
    const posted = await bot.adapter.messenger.post(thread, daily, { dedupeKey: 'session-1:q1' });
    expect(bot.fake.messages.get(posted.messageId)?.channel_id).toBe(thread.channelId);
  });

  it('maps a refusal to open threads to no_access', async () => {
    bot.fake.fail('POST', /\/threads$/, 403, { code: 50013, message: 'Missing Permissions' }, 1);
    expect((await failure(bot.adapter.messenger.openThread!(channel, 'Quiz'))).failure).toBe('no_access');
  });
});

describe('notifyUser', () => {
  it('opens a DM channel and sends the reply there', async () => {
    await bot.adapter.messenger.notifyUser(IDS.guild, IDS.user, privateReply('I could not post the daily question in #aws-study: I am missing Send Messages.'));
    const open = bot.fake.requests.findLast((r) => r.path === '/users/@me/channels')!;
    expect(open.body).toEqual({ recipient_id: IDS.user });
    const sent = bot.fake.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toMatch(/^\/channels\/\d+\/messages$/);
    expect(sent.path).not.toContain(IDS.channel);
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('maps "cannot send messages to this user" (50007) to no_access', async () => {
    bot.fake.fail('POST', /^\/channels\/\d+\/messages$/, 403, { code: 50007, message: 'Cannot send messages to this user' }, 1);
    const err = await failure(bot.adapter.messenger.notifyUser(IDS.guild, IDS.user, privateReply('hello')));
    expect(err.failure).toBe('no_access');
  });
});

describe('nonceFor', () => {
  it('keeps short keys and hashes long ones to 25 stable characters', () => {
    expect(nonceFor('round:1')).toBe('round:1');
    const long = 'daily:900000000000000003:900000000000000004:2025-01-31';
    expect(nonceFor(long)).toHaveLength(25);
    expect(nonceFor(long)).toBe(nonceFor(long));
    expect(nonceFor(long)).not.toBe(nonceFor(`${long}x`));
  });
});
