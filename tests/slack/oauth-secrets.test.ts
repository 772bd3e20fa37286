// What protects the tokens: they are sealed with AES-256-GCM under TOKEN_ENCRYPTION_KEY (bound to their
// row, rotatable), an OAuth state expires and works once, and no log line — at trace level, through
// installs that succeed and fail — contains a token, the client secret, an OAuth code or state, or the key.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyError, TokenCipher } from '../../src/adapters/slack/oauth/cipher.ts';
import { SlackInstallations } from '../../src/adapters/slack/oauth/installations.ts';
import { OAuthStates, STATE_TTL_MS } from '../../src/adapters/slack/oauth/states.ts';
import { SqliteInstallations } from '../../src/adapters/sqlite/installations.ts';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { startHarness } from './support/harness.ts';
import { CLIENT_SECRET, finishInstall, install, oauthWorld, startInstall } from './support/oauth.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const key = () => randomBytes(32);

describe('TokenCipher', () => {
  it('opens what it sealed, only for the same record, and notices any change', () => {
    const cipher = new TokenCipher([key()]);
    const sealed = cipher.seal('{"bot":{"token":"xoxb-1"}}', 'slack:team:T1');
    expect(cipher.open(sealed, 'slack:team:T1')).toBe('{"bot":{"token":"xoxb-1"}}');
    // Two seals of the same value differ (fresh IV each time).
    expect(cipher.seal('same', 'c')).not.toBe(cipher.seal('same', 'c'));
    expect(() => cipher.open(sealed, 'slack:team:T2')).toThrow(KeyError);
    const parts = sealed.split('.');
    const data = Buffer.from(parts[4]!, 'base64url');
    data[0] = data[0]! ^ 1;
    expect(() => cipher.open([...parts.slice(0, 4), data.toString('base64url')].join('.'), 'slack:team:T1')).toThrow(/does not open/);
    expect(() => new TokenCipher([key()]).open(sealed, 'slack:team:T1')).toThrow(/key that is not configured/);
  });

  it('rotates: a new key first still opens values sealed with the old one, and re-seals them on use', async () => {
    const oldKey = key();
    const newKey = key();
    const store = new SqliteStore(':memory:');
    cleanups.push(() => store.close());
    const records = new SqliteInstallations(store.db);
    const before = new SlackInstallations({ records, cipher: new TokenCipher([oldKey]), log: silentLogger });
    await before.storeInstallation({ team: { id: 'T1' }, enterprise: undefined, user: { token: undefined, scopes: undefined, id: 'U1' }, bot: { token: 'xoxb-old', scopes: [], id: 'B1', userId: 'UBOT' }, isEnterpriseInstall: false });
    const rotated = new SlackInstallations({ records, cipher: new TokenCipher([newKey, oldKey]), log: silentLogger });
    expect(await rotated.botToken('T1')).toBe('xoxb-old');
    // Now sealed with the new key alone: the old key can go.
    const onlyNew = new SlackInstallations({ records, cipher: new TokenCipher([newKey]), log: silentLogger });
    expect(await onlyNew.botToken('T1')).toBe('xoxb-old');
  });

  it('reads keys as 64 hex digits or base64 of 32 bytes, and never echoes a bad one', () => {
    const k = key();
    expect(() => TokenCipher.fromSetting(k.toString('hex'))).not.toThrow();
    expect(() => TokenCipher.fromSetting(`${k.toString('base64')}, ${key().toString('base64')}`)).not.toThrow();
    for (const bad of ['too-short-secret-value', randomBytes(16).toString('base64'), ' , ']) {
      let message = '';
      try {
        TokenCipher.fromSetting(bad);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/TOKEN_ENCRYPTION_KEY/);
      if (bad.trim().length > 3) expect(message).not.toContain(bad.trim());
    }
  });
});

describe('OAuth states', () => {
  it('expire after ten minutes', async () => {
    const store = new SqliteStore(':memory:');
    cleanups.push(() => store.close());
    const states = new OAuthStates(new SqliteInstallations(store.db));
    const issued = new Date('2026-01-01T10:00:00Z');
    const fresh = await states.generateStateParam({ scopes: ['commands'] }, issued);
    const stale = await states.generateStateParam({ scopes: ['commands'] }, issued);
    await expect(states.verifyStateParam(new Date(issued.getTime() + STATE_TTL_MS - 1000), fresh)).resolves.toEqual({ scopes: ['commands'] });
    await expect(states.verifyStateParam(new Date(issued.getTime() + STATE_TTL_MS + 1), stale)).rejects.toThrow(/unknown, expired or already used/);
  });
});

describe('logs', () => {
  it('carry no token, client secret, OAuth code or state, or encryption key, even at trace level', async () => {
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const w = oauthWorld(fake);
    cleanups.push(() => w.close());
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        written += chunk.toString();
        done();
      },
    });
    const log = pino({ level: 'trace' }, sink);
    const h = await startHarness({ fake, oauth: w.oauth, log, core: { store: w.store } });
    cleanups.push(() => h.stop());
    const base = `http://127.0.0.1:${h.slack.port}`;

    const states: string[] = [];
    const codes: string[] = [];
    for (const team of ['T0ALPHA', 'T0BETA']) {
      const started = await startInstall(base);
      states.push(started.state);
      const code = fake.grantCode(started.authorize.searchParams.get('client_id')!, { teamId: team });
      codes.push(code);
      expect((await finishInstall(base, { code, state: started.state }, started.cookie)).status).toBe(200);
    }
    // A failing exchange (Slack refuses the code) and a refused state log their reasons too.
    const bad = await startInstall(base);
    states.push(bad.state);
    expect((await finishInstall(base, { code: 'code-never-granted', state: bad.state }, bad.cookie)).status).toBe(500);
    expect((await finishInstall(base, { code: 'code-x', state: bad.state }, bad.cookie)).status).toBe(400);
    await install(base, fake, 'T0GAMMA');
    const responseUrl = fake.responseUrl();
    await h.requests.slash('/responsibot', 'who patches the hypervisor?', { responseUrl, teamId: 'T0BETA' });
    await fake.waitFor((c) => c.path === new URL(responseUrl).pathname);

    expect(written).toContain('oauth.v2.access'); // the exchange is in the log, at debug level…
    expect(written).toContain('slack: an install was refused or failed');
    const secrets = [CLIENT_SECRET, w.key, ...fake.issuedTokens.keys(), ...states, ...codes];
    // …but none of what it carried.
    for (const secret of secrets) expect(written.includes(secret), `the log contains ${secret.slice(0, 12)}…`).toBe(false);
    expect(written).not.toMatch(/xoxb-[A-Za-z0-9]/);
  });
});
