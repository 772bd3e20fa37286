// Authorisation: people who are not admins cannot change a channel's schedule, stop someone else's quiz
// or read question reports — on Slack (not a workspace admin/owner per users.info, not listed in
// SLACK_ADMIN_USERS, or users.info failing) and on Discord (no Manage Server) — whatever variant of the
// command they try; admins can. Requests with a forged, stale or missing Slack signature, or a tampered
// body, are rejected with 401 and change nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/core/commands/command.ts';
import { startBot, type RunningBot } from '../discord/support/bot.ts';
import { IDS, MEMBER_PERMS, PERMS, perms } from '../discord/support/fake-discord.ts';
import { ADMIN_PERMS, ANA, BEN, answerOf, opt, quiz, visible } from '../discord/support/quiz.ts';
import { startHarness, blockTexts, type Harness } from '../slack/support/harness.ts';
import { sign } from '../slack/support/slack-requests.ts';
import { TEAM_ID } from '../slack/support/fake-slack.ts';
import { textOf } from '../support/quiz.ts';
import { hostileText } from './support/arbitraries.ts';
import { fcParams, pick, summary, TEST_TIMEOUT } from './support/env.ts';
import { fuzzWorld } from './support/fuzz-world.ts';

const SECRET = 'SECRET-NOTE-4711';
const REFUSED = /only admins can|Only the person who started this quiz, or an admin/;

describe('the core refuses every variant of an admin command from a non-admin', () => {
  it(
    'schedules, sessions and reports stay untouched and unread, whatever a non-admin types',
    async () => {
      const w = fuzzWorld('2026-11-23T07:00:00Z');
      const as = (id: string, admin: boolean): CommandContext => w.ctx({ id, name: id, admin, channel: 'guarded' });
      const adminCtx = as('u-admin', true);
      await w.core.registry.run('quiz', 'schedule 09:00 Europe/Berlin mon-fri', adminCtx);
      await w.core.registry.run('quiz', 'start 3 60', as('u-starter', false));
      await w.core.registry.run('quiz', `report aws-srm:topic:infra-hypervisor ${SECRET}`, as('u-reporter', false));
      const snapshot = async () => JSON.stringify([await w.core.quiz!.store.listSchedules(), await w.core.quiz!.store.activeSession({ platform: 'console', workspaceId: 'w1', channelId: 'guarded' })]);
      const before = await snapshot();

      const caseOf = fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s[0]!.toUpperCase() + s.slice(1));
      const attempt = fc.oneof(
        fc.tuple(caseOf, fc.constantFrom('off', 'set', 'action:off', 'action:set', 'action=off', 'action:OFF', '', '09:00', 'time:10:00', 'off 09:00'), fc.constantFrom('', '10:00 UTC', 'tz:UTC time:07:00', 'Europe/Berlin daily', 'days:weekends 08:00 utc'), hostileText).map(([c, a, b, junk]) => `${c('schedule')} ${a} ${b} ${junk}`),
        fc.tuple(caseOf, hostileText).map(([c, junk]) => `${c('reports')} ${junk}`),
        fc.tuple(caseOf, hostileText).map(([c, junk]) => `${c('stop')} ${junk}`),
      );
      let attempts = 0;
      await fc.assert(
        fc.asyncProperty(attempt, fc.constantFrom('u-bob', 'u-eve', 'U0ADMIN', 'u-admin '), async (line, who) => {
          const replies = await w.core.registry.run('quiz', line, as(who, false));
          attempts++;
          for (const r of replies) expect(textOf(r)).not.toContain(SECRET);
          expect(await snapshot(), line).toBe(before);
        }),
        fcParams(pick(300, 5000)),
      );
      // The positive control: the admin and the starter can.
      expect(textOf((await w.core.registry.run('quiz', 'reports', adminCtx))[0]!)).toContain(SECRET);
      expect(textOf((await w.core.registry.run('quiz', 'stop', as('u-starter', false)))[0]!)).toContain('Quiz stopped');
      summary('authorisation fuzz', { 'non-admin attempts': attempts, 'state changes': 0, 'report leaks': 0 });
    },
    TEST_TIMEOUT,
  );
});

describe('Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminUsers: ['U0LISTED'] });
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => {
    h.fake.reset();
    h.fake.users = { U0ADMIN: { is_admin: true }, U0OWNER: { is_owner: true }, U0BOB: {}, U0ANN: {}, U0LISTED: {} };
  });

  async function slash(text: string, userId: string, channelId = 'C0AUTH'): Promise<string> {
    const responseUrl = h.fake.responseUrl();
    const res = await h.requests.slash('/quiz', text, { responseUrl, userId, userName: userId.toLowerCase(), channelId });
    expect(res.status).toBe(200);
    const call = await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname);
    return [call.body.text, ...blockTexts(call.body.blocks, 'section'), ...blockTexts(call.body.blocks, 'header')].join('\n');
  }

  const store = () => h.core.quiz!.store;
  const channel = (channelId: string) => ({ platform: 'slack' as const, workspaceId: TEAM_ID, channelId });

  it('a member who is not a workspace admin cannot set or turn off a schedule, stop another’s quiz or read reports', async () => {
    expect(await slash('schedule 09:00 Europe/Berlin mon-fri', 'U0BOB')).toMatch(REFUSED);
    expect(await store().getSchedule(channel('C0AUTH'))).toBeUndefined();

    expect(await slash('schedule 09:00 Europe/Berlin mon-fri', 'U0ADMIN')).toContain('Saved');
    expect(await slash('schedule off', 'U0BOB')).toMatch(REFUSED);
    expect(await slash('schedule action:off', 'U0BOB')).toMatch(REFUSED);
    expect(await slash('schedule 07:00 UTC', 'U0BOB')).toMatch(REFUSED);
    expect(await store().getSchedule(channel('C0AUTH'))).toMatchObject({ time: '09:00', timezone: 'Europe/Berlin', createdBy: 'U0ADMIN' });

    await slash(`report aws-srm:topic:infra-hypervisor ${SECRET}`, 'U0ANN');
    const refused = await slash('reports', 'U0BOB');
    expect(refused).toMatch(REFUSED);
    expect(refused).not.toContain(SECRET);

    expect(await slash('start 2 60', 'U0ANN', 'C0SESSION')).toContain('Quiz started');
    expect(await slash('stop', 'U0BOB', 'C0SESSION')).toMatch(REFUSED);
    expect(await store().activeSession(channel('C0SESSION'))).toMatchObject({ startedBy: 'U0ANN', status: 'active' });
  });

  it('workspace admins, owners and SLACK_ADMIN_USERS can', async () => {
    expect(await slash('schedule 09:00 Europe/Berlin mon-fri', 'U0OWNER', 'C0OWNED')).toContain('Saved');
    expect(await slash('schedule off', 'U0LISTED', 'C0OWNED')).toContain('off');
    expect(await store().getSchedule(channel('C0OWNED'))).toBeUndefined();
    await slash(`report aws-srm:topic:infra-hypervisor ${SECRET}`, 'U0ANN');
    expect(await slash('reports', 'U0ADMIN')).toContain('Open question reports');
    await slash('start 2 60', 'U0ANN', 'C0SESSION2');
    expect(await slash('stop', 'U0OWNER', 'C0SESSION2')).toContain('Quiz stopped');
  });

  it('an unknown user, or a users.info that fails, is not an admin', async () => {
    expect(await slash('schedule 09:00 UTC', 'U0GHOST', 'C0GHOST')).toMatch(REFUSED); // user_not_found
    h.fake.failNext('users.info', { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    expect(await slash('schedule 09:00 UTC', 'U0BOB', 'C0GHOST')).toMatch(REFUSED);
    expect(await store().getSchedule(channel('C0GHOST'))).toBeUndefined();
  });

  describe('request signatures', () => {
    const form = (userId: string, text: string, responseUrl: string) =>
      new URLSearchParams({ token: 'x', team_id: TEAM_ID, team_domain: 'test', channel_id: 'C0SIGNED', channel_name: 'signed', user_id: userId, user_name: 'mallory', command: '/quiz', text, api_app_id: 'A0APP', response_url: responseUrl, trigger_id: '1.2.3' }).toString();

    it('rejects forged, stale, missing and body-tampered signatures with 401, and acts on none of them', async () => {
      const now = Math.floor(Date.now() / 1000);
      const url = h.fake.responseUrl();
      const body = form('U0ADMIN', 'schedule 09:00 UTC', url); // an admin command, forged in an admin's name
      const attempts: [string, Promise<Response>][] = [
        ['garbage signature', h.requests.send(body, 'application/x-www-form-urlencoded', { signature: `v0=${'0'.repeat(64)}` })],
        ['signed with another secret', h.requests.send(body, 'application/x-www-form-urlencoded', { signature: sign('not-the-secret', now, body) })],
        ['stale: signed 6 minutes ago', h.requests.send(body, 'application/x-www-form-urlencoded', { timestamp: now - 360 })],
        ['stale: a day old', h.requests.send(body, 'application/x-www-form-urlencoded', { timestamp: now - 86_400 })],
        ['valid signature of another body', h.requests.send(body.replace('09%3A00', '07%3A00'), 'application/x-www-form-urlencoded', { signature: sign('test-signing-secret', now, body) })],
        ['v1 scheme', h.requests.send(body, 'application/x-www-form-urlencoded', { signature: sign('test-signing-secret', now, body).replace('v0=', 'v1=') })],
        ['no signature headers', fetch(`http://127.0.0.1:${h.slack.port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })],
      ];
      for (const [what, pending] of attempts) expect((await pending).status, what).toBe(401);
      // A genuine request still works, so the 401s were about the signatures.
      const ok = await h.requests.slash('/quiz', 'schedule show', { responseUrl: h.fake.responseUrl(), userId: 'U0BOB', channelId: 'C0SIGNED' });
      expect(ok.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(h.fake.calls.filter((c) => c.path === new URL(url).pathname)).toEqual([]);
      expect(await store().getSchedule(channel('C0SIGNED'))).toBeUndefined();
      summary('Slack signature checks', { 'forged requests': attempts.length, 'accepted': 0 });
    });
  });
});

describe('Discord', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot?.close();
  });

  const member = { user: BEN, memberPermissions: MEMBER_PERMS };
  const said = async (i: ReturnType<typeof quiz>) => visible(await answerOf(bot.fake, i));
  const here = { platform: 'discord' as const, workspaceId: IDS.guild, channelId: IDS.channel };

  it('a member without Manage Server cannot set or turn off a schedule, stop another’s quiz or read reports', async () => {
    const { fake, core } = bot;
    expect(await said(quiz(fake, 'schedule', [opt.str('time', '09:00'), opt.str('timezone', 'Europe/Berlin')], member))).toMatch(REFUSED);
    expect(await core.quiz!.store.getSchedule(here)).toBeUndefined();
    expect(await said(quiz(fake, 'schedule', [opt.str('time', '09:00'), opt.str('timezone', 'Europe/Berlin')], { user: ANA, memberPermissions: ADMIN_PERMS }))).toContain('Saved');
    expect(await said(quiz(fake, 'schedule', [opt.str('action', 'off')], member))).toMatch(REFUSED);
    expect(await said(quiz(fake, 'schedule', [opt.str('action', 'set'), opt.str('time', '07:00'), opt.str('timezone', 'UTC')], member))).toMatch(REFUSED);
    expect(await core.quiz!.store.getSchedule(here)).toMatchObject({ time: '09:00', createdBy: ANA.id });

    await said(quiz(fake, 'report', [opt.str('id', 'aws-srm:topic:infra-hypervisor'), opt.str('note', SECRET)], member));
    const refused = await said(quiz(fake, 'reports', [], member));
    expect(refused).toMatch(REFUSED);
    expect(refused).not.toContain(SECRET);
    // In a DM there is no server to manage: nobody is an admin there.
    expect(await said(quiz(fake, 'reports', [], { user: ANA, inGuild: false }))).toMatch(REFUSED);

    expect(await said(quiz(fake, 'start', [opt.int('rounds', 2), opt.int('seconds', 60)], { user: ANA, memberPermissions: MEMBER_PERMS }))).toContain('Quiz started');
    expect(await said(quiz(fake, 'stop', [], member))).toMatch(REFUSED);
    expect(await core.quiz!.store.activeSession(here)).toMatchObject({ startedBy: ANA.id });
  });

  it('Manage Server, or Administrator alone, is enough', async () => {
    const { fake, core } = bot;
    const administrator = { user: BEN, memberPermissions: perms(PERMS.viewChannel, PERMS.administrator) };
    expect(await said(quiz(fake, 'reports', [], administrator))).toContain(SECRET);
    expect(await said(quiz(fake, 'stop', [], administrator))).toContain('Quiz stopped');
    expect(await said(quiz(fake, 'schedule', [opt.str('action', 'off')], { user: BEN, memberPermissions: ADMIN_PERMS }))).toContain('off');
    expect(await core.quiz!.store.getSchedule(here)).toBeUndefined();
  });
});
