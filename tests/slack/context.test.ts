// Who counts as an admin on Slack: the configured list, else users.info's is_admin / is_owner, cached.
// The context factory is called directly, with a real Web API client pointed at the fake Slack.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { appClientOptions, boltLogger } from '../../src/adapters/slack/app.ts';
import { ChannelDirectory } from '../../src/adapters/slack/channels.ts';
import { createContextFactory, type ContextFactory } from '../../src/adapters/slack/context.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { FakeSlack, TEAM_ID } from './support/fake-slack.ts';

let fake: FakeSlack;
let now = 0;
let contexts: ContextFactory;

beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.users = { U0ADMIN: { is_admin: true }, U0OWNER: { is_owner: true }, U0PLAIN: {}, U0LISTED: {} };
  now = 1_000_000;
  const client = new webApi.WebClient('xoxb-test-token', appClientOptions(fake.apiUrl, boltLogger(silentLogger)));
  const channels = new ChannelDirectory({ client, log: silentLogger, now: () => now });
  contexts = createContextFactory({ client, adminUsers: ['U0LISTED'], log: silentLogger, cacheMs: 5 * 60_000, now: () => now, channels });
});

const ctxFor = (userId: string, userName?: string, channelId = 'C0GENERAL') => contexts({ userId, ...(userName ? { userName } : {}), teamId: TEAM_ID, channelId });

describe('Slack CommandContext', () => {
  it('carries platform, user, workspace (team) and channel', () => {
    const ctx = ctxFor('U0ANN', 'ann');
    expect(ctx).toMatchObject({ platform: 'slack', user: { id: 'U0ANN', name: 'ann' }, workspaceId: TEAM_ID, channelId: 'C0GENERAL' });
    expect(ctxFor('U0BOB').user.name).toBe('U0BOB');
  });

  it.each([
    ['a workspace admin', 'U0ADMIN', true],
    ['a workspace owner', 'U0OWNER', true],
    ['a plain member', 'U0PLAIN', false],
    ['an unknown user (users.info fails)', 'U0NOBODY', false],
  ])('asks users.info whether %s is an admin', async (_who, userId, admin) => {
    expect(await ctxFor(userId).isAdmin()).toBe(admin);
    expect(fake.callsOf('users.info').map((c) => c.body.user)).toEqual([userId]);
    expect(fake.callsOf('users.info')[0]!.token).toBe('xoxb-test-token');
  });

  it('treats users in the admin list as admins without asking Slack', async () => {
    expect(await ctxFor('U0LISTED').isAdmin()).toBe(true);
    expect(fake.callsOf('users.info')).toHaveLength(0);
  });

  it('caches the answer per user for a few minutes', async () => {
    expect(await ctxFor('U0ADMIN').isAdmin()).toBe(true);
    now += 60_000;
    expect(await ctxFor('U0ADMIN').isAdmin()).toBe(true);
    expect(fake.callsOf('users.info')).toHaveLength(1);

    fake.users.U0ADMIN = { is_admin: false };
    now += 5 * 60_000;
    expect(await ctxFor('U0ADMIN').isAdmin()).toBe(false);
    expect(fake.callsOf('users.info')).toHaveLength(2);
  });

  it('does not cache a failed look-up', async () => {
    fake.failNext('users.info', { error: 'internal_error' });
    expect(await ctxFor('U0ADMIN').isAdmin()).toBe(false);
    expect(await ctxFor('U0ADMIN').isAdmin()).toBe(true);
  });

  it.each([
    ['a channel the bot is in', 'C0IN', {}, []],
    ['the bot’s own DM', 'D0BOT', { is_im: true }, []],
    ['a channel the bot is not in', 'C0OUT', { is_member: false }, [/^an invitation to this channel .*\/invite @Responsibot/]],
    ['a private channel the bot cannot see', 'G0HIDDEN', 'not_found', [/^an invitation to this channel/]],
    ['a DM between other people', 'D0OTHERS', 'not_found', [/^access to this conversation .*use a channel instead/]],
    ['an archived channel', 'C0OLD', { is_archived: true }, [/archived/]],
  ] as const)('tells the core what the bot lacks to post in %s', async (_what, channelId, channel, missing) => {
    fake.channels = { [channelId]: channel };
    const found = await ctxFor('U0ANN', 'ann', channelId).missingPostingPermissions!({});
    expect(found).toHaveLength(missing.length);
    missing.forEach((m, i) => expect(found[i]).toMatch(m));
    expect(fake.callsOf('conversations.info').map((c) => c.body.channel)).toEqual([channelId]);
  });

  it('blocks nothing when Slack will not say (e.g. an install without channels:read): the post itself reports it', async () => {
    fake.failNext('conversations.info', { error: 'missing_scope', needed: 'channels:read' });
    expect(await ctxFor('U0ANN', 'ann', 'C0ANY').missingPostingPermissions!({})).toEqual([]);
  });

  it('asks afresh every time, so inviting the bot and retrying works at once', async () => {
    fake.channels = { C0LATER: { is_member: false } };
    expect(await ctxFor('U0ANN', 'ann', 'C0LATER').missingPostingPermissions!({})).toHaveLength(1);
    fake.channels = { C0LATER: { is_member: true } };
    expect(await ctxFor('U0ANN', 'ann', 'C0LATER').missingPostingPermissions!({})).toEqual([]);
  });
});
