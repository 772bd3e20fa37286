// The "Add to Slack" flow as a browser and Slack's consent screen perform it, against the real Bolt
// app: GET /slack/install (a redirect to Slack with a state, and the state cookie), then Slack sends the
// browser back to /slack/oauth_redirect with a code and the state.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteInstallations } from '../../../src/adapters/sqlite/installations.ts';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.ts';
import { TokenCipher, type SlackOAuthOptions } from '../../../src/adapters/slack/index.ts';
import type { FakeSlack } from './fake-slack.ts';

export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'client-secret-0123456789abcdef';

export interface OAuthWorld {
  oauth: SlackOAuthOptions;
  store: SqliteStore;
  key: string;
  close(): Promise<void>;
}

/** A database file in a fresh temp dir, installation records on it, and a fresh encryption key. */
export function oauthWorld(fake: FakeSlack): OAuthWorld {
  const dir = mkdtempSync(join(tmpdir(), 'responsibot-oauth-'));
  const store = new SqliteStore(join(dir, 'responsibot.db'));
  const key = randomBytes(32).toString('base64');
  fake.oauthApps.set(CLIENT_ID, CLIENT_SECRET);
  return {
    oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, records: new SqliteInstallations(store.db), cipher: TokenCipher.fromSetting(key) },
    store,
    key,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface InstallStart {
  /** Where /slack/install sent the browser (Slack's authorize page). */
  authorize: URL;
  state: string;
  /** The Cookie header the browser sends back. */
  cookie: string;
}

export async function startInstall(baseUrl: string): Promise<InstallStart> {
  const res = await fetch(`${baseUrl}/slack/install`, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`/slack/install answered ${res.status}: ${await res.text()}`);
  const authorize = new URL(res.headers.get('location')!);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  return { authorize, state: authorize.searchParams.get('state') ?? '', cookie };
}

/** Slack's redirect back to the bot, with `cookie` as the browser holds it. */
export function finishInstall(baseUrl: string, params: { code: string; state: string }, cookie: string): Promise<Response> {
  const q = new URLSearchParams(params);
  return fetch(`${baseUrl}/slack/oauth_redirect?${q}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}

/** The whole flow for one workspace; returns the callback's response. */
export async function install(baseUrl: string, fake: FakeSlack, teamId: string): Promise<Response> {
  const started = await startInstall(baseUrl);
  const code = fake.grantCode(started.authorize.searchParams.get('client_id')!, { teamId, scopes: (started.authorize.searchParams.get('scope') ?? '').split(',') });
  return finishInstall(baseUrl, { code, state: started.state }, started.cookie);
}
