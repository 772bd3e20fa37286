// `npm start` for many workspaces: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY from the
// environment. An install survives a restart (the sealed token opens with the same key); a bad key stops
// the start with one line that names the variable and does not repeat its value.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runMainToEnd, startMain, tempDataDir, type RunningMain } from '../reliability/support/main-process.ts';
import { logLine } from '../ops/support/ops.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { sign } from './support/slack-requests.ts';
import { CLIENT_ID, CLIENT_SECRET, install } from './support/oauth.ts';
import { freshDatabase, postgresAvailable, reportSkip, type TestDatabase } from '../support/postgres.ts';

const SIGNING_SECRET = 'main-signing-secret';
let fake: FakeSlack;
let dataDir: string;
let pgDatabase: TestDatabase | undefined;
const running: RunningMain[] = [];

reportSkip('Slack OAuth installations kept in PostgreSQL by the real process');
beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.oauthApps.set(CLIENT_ID, CLIENT_SECRET);
  dataDir = tempDataDir();
  if (postgresAvailable) pgDatabase = await freshDatabase();
});
afterAll(async () => {
  for (const m of running) if (m.child.exitCode === null) await m.stop('SIGKILL');
  await fake?.close();
  await pgDatabase?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const key = randomBytes(32).toString('base64');
const env = (port: number) => ({
  SLACK_CLIENT_ID: CLIENT_ID,
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  TOKEN_ENCRYPTION_KEY: key,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
  PORT: String(port),
  DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
});

async function start(port: number, extra: Record<string, string> = {}): Promise<RunningMain> {
  const main = startMain({ ...env(port), ...extra });
  running.push(main);
  await logLine(main.child, 'Responsibot is running');
  return main;
}

/** A signed /who from `teamId`; resolves with the acknowledgement (which carries the answer). */
async function slashWho(port: number, teamId: string): Promise<string> {
  const body = new URLSearchParams({ team_id: teamId, channel_id: 'C0X', user_id: 'U0ANN', user_name: 'ann', command: '/responsibot', text: 'who patches the hypervisor?', response_url: fake.responseUrl(), api_app_id: 'A0APP' }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SIGNING_SECRET, ts, body) },
    body,
  });
  expect(res.status).toBe(200);
  return res.text();
}

describe('npm start with SLACK_CLIENT_ID', () => {
  it('installs a workspace, keeps its token sealed in DATA_DIR, and answers it after a restart', async () => {
    const port = await freePort();
    const first = await start(port);
    expect((await install(`http://127.0.0.1:${port}`, fake, 'T0BETA')).status).toBe(200);
    expect((await first.stop('SIGTERM')).code).toBe(0);

    const db = new Database(join(dataDir, 'responsibot.db'), { readonly: true });
    const sealed = (db.prepare("SELECT sealed FROM installations WHERE install_key = 'team:T0BETA'").get() as { sealed: string }).sealed;
    db.close();
    expect(sealed).toMatch(/^v1\./);

    await start(port);
    expect(await slashWho(port, 'T0BETA')).toContain('AWS is responsible');
  });

  it.skipIf(!postgresAvailable)('keeps the installations in PostgreSQL with DATABASE_URL, across a restart', async () => {
    const port = await freePort();
    const url = { DATABASE_URL: pgDatabase!.url };
    const first = await start(port, url);
    expect((await install(`http://127.0.0.1:${port}`, fake, 'T0GAMMA')).status).toBe(200);
    expect((await first.stop('SIGTERM')).code).toBe(0);
    const admin = await pgDatabase!.admin();
    const { rows } = await admin.query("SELECT sealed FROM installations WHERE install_key = 'team:T0GAMMA'");
    expect(rows).toHaveLength(1);
    expect(rows[0].sealed).toMatch(/^v1\./);
    expect(rows[0].sealed).not.toContain('xoxb-');

    await start(port, url);
    expect(await slashWho(port, 'T0GAMMA')).toContain('AWS is responsible');
  });

  it('stops with one clear line on a bad TOKEN_ENCRYPTION_KEY, without repeating it', async () => {
    const bad = 'not-a-32-byte-key-but-a-password';
    const result = await runMainToEnd({ ...env(await freePort()), TOKEN_ENCRYPTION_KEY: bad });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').filter((l) => !l.startsWith('{'))).toEqual([expect.stringMatching(/^Invalid configuration: TOKEN_ENCRYPTION_KEY: key 1 is not 32 bytes/)]);
    expect(result.stderr).not.toContain(bad);
  });
});
