// Who counts as an admin on Slack: the configured list, else users.info's is_admin / is_owner, cached.
// The context factory is called directly, with a real Web API client pointed at the fake Slack.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { appClientOptions, boltLogger } from '../../src/adapters/slack/app.ts';
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
  contexts = createContextFactory({ client, adminUsers: ['U0LISTED'], log: silentLogger, cacheMs: 5 * 60_000, now: () => now });
});

const ctxFor = (userId: string, userName?: string) => contexts({ userId, ...(userName ? { userName } : {}), teamId: TEAM_ID, channelId: 'C0GENERAL' });

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
});
