// Distribution to many workspaces: "Add to Slack" through the real Bolt app (HTTP mode, loopback) and
// the fake Slack's oauth.v2.access. Each workspace's token is sealed in the database and used for that
// workspace only; a forged, replayed or foreign OAuth state is refused before any code is exchanged;
// app_uninstalled and tokens_revoked clean up.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { DeliveryError } from '../../src/core/ports/messenger.ts';
import { seeded } from '../support/quiz.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { finishInstall, install, oauthWorld, startInstall, type OAuthWorld } from './support/oauth.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface World {
  h: Harness;
  w: OAuthWorld;
  fake: FakeSlack;
  base: string;
  clock: FakeClock;
}

async function world(): Promise<World> {
  const fake = await FakeSlack.start();
  cleanups.push(() => fake.close());
  const w = oauthWorld(fake);
  cleanups.push(() => w.close());
  const clock = new FakeClock('2026-11-23T07:59:00Z'); // Monday, 08:59 in Berlin
  const h = await startHarness({ fake, oauth: w.oauth, core: { store: w.store, clock, quiz: { random: seeded(3) } } });
  cleanups.push(() => h.stop());
  return { h, w, fake, base: `http://127.0.0.1:${h.slack.port}`, clock };
}

const tokenOf = (fake: FakeSlack, teamId: string) => [...fake.issuedTokens].find(([, t]) => t.teamId === teamId)?.[0];

async function slash(h: Harness, teamId: string, text: string, who: { userId?: string; channelId?: string } = {}, command = '/responsibot') {
  const responseUrl = h.fake.responseUrl();
  const res = await h.requests.slash(command, text, { responseUrl, teamId, ...who });
  expect(res.status).toBe(200);
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

describe('Slack distribution through OAuth', () => {
  it('installs into two workspaces and speaks in each with its own token, sealed at rest', async () => {
    const { h, w, fake, base, clock } = await world();
    const started = await startInstall(base);
    // /slack/install sends the browser straight to Slack, asking for the manifest's scopes.
    expect(started.authorize.origin + started.authorize.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(started.authorize.searchParams.get('client_id')).toBe(w.oauth.clientId);
    expect(started.authorize.searchParams.get('scope')?.split(',')).toEqual(expect.arrayContaining(['commands', 'chat:write', 'users:read']));
    expect(started.state).toMatch(/^[\w-]{40,}$/);

    for (const team of ['T0ALPHA', 'T0BETA']) {
      const res = await install(base, fake, team);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Thank you!');
    }
    const alpha = tokenOf(fake, 'T0ALPHA')!;
    const beta = tokenOf(fake, 'T0BETA')!;
    expect(fake.callsOf('oauth.v2.access')).toHaveLength(2);

    // The database holds both installations, and no token in a form anyone could read.
    const rows = w.store.db.prepare('SELECT install_key, sealed FROM installations ORDER BY install_key').all() as { install_key: string; sealed: string }[];
    expect(rows.map((r) => r.install_key)).toEqual(['team:T0ALPHA', 'team:T0BETA']);
    for (const r of rows) {
      expect(r.sealed).not.toContain('xoxb-');
      expect(Buffer.from(r.sealed.split('.').at(-1)!, 'base64url').toString('latin1')).not.toContain('xoxb-');
    }

    // Commands work in both; what the bot asks Slack about a workspace, it asks with that one's token.
    h.fake.users = { U0ADA: { is_admin: true } };
    const answer = await slash(h, 'T0BETA', 'who patches the hypervisor?');
    expect(JSON.stringify(answer)).toContain('AWS is responsible');
    await slash(h, 'T0BETA', 'schedule 09:00 Europe/Berlin mon-fri', { userId: 'U0ADA', channelId: 'C0BETA' }, '/quiz');
    await slash(h, 'T0ALPHA', 'schedule 09:00 Europe/Berlin mon-fri', { userId: 'U0ADA', channelId: 'C0ALPHA' }, '/quiz');
    expect(fake.callsOf('users.info').map((c) => c.token)).toEqual([beta, alpha]);
    expect(fake.callsOf('conversations.info').map((c) => c.token)).toEqual([beta, alpha]);

    // A mention is answered in its thread with its workspace's token.
    expect((await h.requests.event({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> who patches the hypervisor?', ts: '1700000001.000100', channel: 'C0BETA' }, { teamId: 'T0BETA' })).status).toBe(200);
    const reply = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700000001.000100');
    expect(reply.token).toBe(beta);

    // Daily questions go out on the core's own initiative, each with the right token.
    clock.set('2026-11-23T08:00:30Z');
    await h.core.quiz!.tick();
    const daily = fake.callsOf('chat.postMessage').filter((c) => c.ok && !c.body.thread_ts && ['C0ALPHA', 'C0BETA'].includes(c.body.channel));
    expect(daily.map((c) => [c.body.channel, c.token]).sort()).toEqual([
      ['C0ALPHA', alpha],
      ['C0BETA', beta],
    ]);
  });

  it('refuses a forged state, a replayed one and one from another browser, exchanging no code for them', async () => {
    const { fake, base, w } = await world();
    const code = () => fake.grantCode(w.oauth.clientId, { teamId: 'T0EVIL' });

    // Forged: a state the bot never issued, with a cookie to match.
    const forged = 'x'.repeat(43);
    const r1 = await finishInstall(base, { code: code(), state: forged }, `slack-app-oauth-state=${forged}`);
    expect(r1.status).toBe(400);
    expect(await r1.text()).toContain('slack_oauth_invalid_state');

    // Another browser: a real state, but the victim's browser holds a different cookie.
    const attacker = await startInstall(base);
    const victim = await startInstall(base);
    expect((await finishInstall(base, { code: code(), state: attacker.state }, victim.cookie)).status).toBe(400);
    // No cookie at all.
    expect((await finishInstall(base, { code: code(), state: victim.state }, '')).status).toBe(400);

    // Replayed: the first use installs, the same redirect again is refused.
    const good = await startInstall(base);
    const ok = await finishInstall(base, { code: fake.grantCode(w.oauth.clientId, { teamId: 'T0GOOD' }), state: good.state }, good.cookie);
    expect(ok.status).toBe(200);
    const replay = await finishInstall(base, { code: code(), state: good.state }, good.cookie);
    expect(replay.status).toBe(400);

    // Only the one honest install reached Slack's token exchange.
    expect(fake.callsOf('oauth.v2.access')).toHaveLength(1);
    expect([...fake.issuedTokens.values()].map((t) => t.teamId)).toEqual(['T0GOOD']);
    expect((w.store.db.prepare('SELECT install_key FROM installations').all() as { install_key: string }[]).map((r) => r.install_key)).toEqual(['team:T0GOOD']);
  });

  it('app_uninstalled deletes the installation and the daily schedules of that workspace only', async () => {
    const { h, fake, base, w } = await world();
    await install(base, fake, 'T0ALPHA');
    await install(base, fake, 'T0BETA');
    h.fake.users = { U0ADA: { is_admin: true } };
    await slash(h, 'T0ALPHA', 'schedule 09:00 Europe/Berlin mon-fri', { userId: 'U0ADA', channelId: 'C0ALPHA' }, '/quiz');
    await slash(h, 'T0BETA', 'schedule 09:00 Europe/Berlin mon-fri', { userId: 'U0ADA', channelId: 'C0BETA' }, '/quiz');
    const beta = tokenOf(fake, 'T0BETA')!;
    fake.revokedTokens.add(beta); // Slack revokes the tokens of an app that is uninstalled

    expect((await h.requests.event({ type: 'app_uninstalled' }, { teamId: 'T0BETA' })).status).toBe(200);
    await waitForRow(() => !w.store.db.prepare("SELECT 1 FROM installations WHERE install_key = 'team:T0BETA'").get());
    expect((await h.core.quiz!.store.listSchedules()).map((s) => s.workspaceId)).toEqual(['T0ALPHA']);

    // Posting there now fails as "not installed" without calling Slack; the other workspace is untouched.
    const callsBefore = fake.calls.length;
    const messenger = h.core.messengers.get('slack')!;
    const failure = await messenger.post({ platform: 'slack', workspaceId: 'T0BETA', channelId: 'C0BETA' }, { visibility: 'public', text: 'hello', blocks: [] }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ failure: 'no_access', message: expect.stringContaining('not installed in this Slack workspace') });
    expect(fake.calls.slice(callsBefore).filter((c) => c.token === beta)).toEqual([]);
    await messenger.post({ platform: 'slack', workspaceId: 'T0ALPHA', channelId: 'C0ALPHA' }, { visibility: 'public', text: 'hello', blocks: [] });
    expect(fake.callsOf('chat.postMessage').at(-1)!.token).toBe(tokenOf(fake, 'T0ALPHA'));
  });

  it('tokens_revoked for the bot deletes the installation; a reinstall brings the workspace back', async () => {
    const { h, fake, base, w } = await world();
    await install(base, fake, 'T0BETA');
    const rows = () => (w.store.db.prepare('SELECT install_key FROM installations').all() as { install_key: string }[]).map((r) => r.install_key);
    // A user token being revoked does not concern the bot.
    await h.requests.event({ type: 'tokens_revoked', tokens: { oauth: ['U0SOMEONE'] } }, { teamId: 'T0BETA' });
    expect(rows()).toEqual(['team:T0BETA']);
    await h.requests.event({ type: 'tokens_revoked', tokens: { bot: ['UBOT'] } }, { teamId: 'T0BETA' });
    await waitForRow(() => rows().length === 0);
    // Without an installation Bolt cannot authorise the workspace's requests: they are refused.
    const refused = await h.requests.slash('/responsibot', 'who patches the hypervisor?', { responseUrl: h.fake.responseUrl(), teamId: 'T0BETA' });
    expect(refused.status).toBe(200);
    expect(await refused.text()).toBe('');
    await install(base, fake, 'T0BETA');
    expect(JSON.stringify(await slash(h, 'T0BETA', 'who patches the hypervisor?'))).toContain('AWS is responsible');
  });
});

/** The event is acked before it is handled; wait (bounded) for its effect. */
async function waitForRow(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(done()).toBe(true);
}
