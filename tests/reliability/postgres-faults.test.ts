// PostgreSQL faults, on the real server: a DATABASE_URL that is wrong or points nowhere stops the real
// process (`src/main.ts`) with one line naming the variable and never the password; connections that
// break while the bot runs (the server terminating them, the network cut for a moment) are retried on
// new ones, so nothing the user did is lost; an outage shows in ping() (what /readyz asks) while it
// lasts and clears when the server is back; and no log line carries the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/adapters/postgres/postgres-store.ts';
import type { Logger } from '../../src/core/ports/logger.ts';
import type { RecordedAnswer } from '../../src/core/quiz/store.ts';
import { freshDatabase, postgresAvailable, reportSkip, type TestDatabase } from '../support/postgres.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { TEST_TIMEOUT } from './support/env.ts';
import { answerPractice, freePort, runMainToEnd, startMain, tempDataDir } from './support/main-process.ts';

const SECRET = 's3cret-Pa55word';
const NO_STACK = /^\s+at |node:internal/m;
const lines = (s: string) => s.split('\n').filter(Boolean);

/** A logger that keeps every line as JSON, to search it for secrets. */
function recordingLogger(): Logger & { text(): string } {
  const out: string[] = [];
  const keep = (level: string) => (obj: object, msg: string) => out.push(JSON.stringify({ level, msg, ...obj }, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v)));
  return { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error'), text: () => out.join('\n') };
}

/** The test database's URL with a password (trust auth ignores it) and, optionally, another port. */
function withSecret(url: string, port?: number): string {
  const u = new URL(url);
  u.password = SECRET;
  if (port) u.port = String(port);
  return u.toString();
}

reportSkip('PostgreSQL start-up failures and connection faults');

describe('a DATABASE_URL that cannot be used stops the start with one line', () => {
  it('not a PostgreSQL URL', async () => {
    for (const url of [`mysql://root:${SECRET}@localhost/bot`, `postgres:${SECRET}`, `not a url ${SECRET}`]) {
      const exit = await runMainToEnd({ DATA_DIR: tempDataDir(), DATABASE_URL: url });
      expect(exit.code, exit.stderr).toBe(1);
      expect(lines(exit.stderr)).toHaveLength(1);
      expect(exit.stderr).toMatch(/^DATABASE_URL is not a PostgreSQL URL/);
      expect(exit.stderr + exit.stdout).not.toContain(SECRET);
    }
  }, TEST_TIMEOUT);

  it('no server listening there', async () => {
    const port = await freePort();
    const exit = await runMainToEnd({ DATA_DIR: tempDataDir(), DATABASE_URL: `postgres://bot:${SECRET}@127.0.0.1:${port}/bot` });
    expect(exit.code, exit.stderr).toBe(1);
    expect(lines(exit.stderr)).toEqual([`Cannot use the PostgreSQL database in DATABASE_URL (postgres://bot:***@127.0.0.1:${port}/bot): connection refused: is the server running and listening on that host and port?`]);
    expect(exit.stdout).toBe('');
  }, TEST_TIMEOUT);

  it.skipIf(!postgresAvailable)('a database that does not exist on a real server', async () => {
    const db = await freshDatabase();
    await db.drop();
    const exit = await runMainToEnd({ DATA_DIR: tempDataDir(), DATABASE_URL: withSecret(db.url) });
    expect(exit.code, exit.stderr).toBe(1);
    expect(lines(exit.stderr)).toHaveLength(1);
    expect(exit.stderr).toMatch(new RegExp(`^Cannot use the PostgreSQL database in DATABASE_URL \\(.*:\\*\\*\\*@.*${db.name}\\): database "${db.name}" does not exist`));
    expect(exit.stderr).not.toContain(SECRET);
    expect(exit.stderr).not.toMatch(NO_STACK);
  }, TEST_TIMEOUT);
});

describe.skipIf(!postgresAvailable)('connections that break while the bot runs', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  beforeAll(async () => {
    db = await freshDatabase();
    const target = new URL(db.url);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  });
  afterAll(async () => {
    await proxy?.close();
    await db?.drop();
  });

  const answer = (postId: string, userId: string): RecordedAnswer => ({
    postId, platform: 'slack', workspaceId: 'T1', userId, userName: userId, questionId: 'q', kind: 'session', choices: [0], correct: true, points: 10, answeredAt: 2,
  });

  it('retries on a new connection when the server terminates ours or the network resets it; an outage shows in ping() until the server is back', async () => {
    const log = recordingLogger();
    const store = await PostgresStore.open(withSecret(db.url, proxy.port), { log, maxConnections: 3 });
    try {
      await store.insertPost({ id: 'p1', kind: 'session', platform: 'slack', workspaceId: 'T1', channelId: 'C1', questionId: 'q', status: 'open', createdAt: 1 });
      expect((await store.recordAnswer(answer('p1', 'U1'))).recorded).toBe(true);

      // 1. The server ends every connection of ours (a restart, an administrator, a failover).
      const admin = await db.admin();
      const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]);
      expect(rowCount).toBeGreaterThan(0);
      expect((await store.recordAnswer(answer('p1', 'U2'))).recorded).toBe(true);

      // 2. The network resets every open connection.
      proxy.cut();
      expect((await store.recordAnswer(answer('p1', 'U3'))).recorded).toBe(true);

      // 3. The server is unreachable for a moment: ping() says so; an answer given meanwhile is
      // retried and recorded once it is back, before the user is told anything.
      proxy.down();
      await expect(store.ping()).rejects.toThrow(/^PostgreSQL is not reachable: /);
      const during = store.recordAnswer(answer('p1', 'U4'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.up();
      expect((await during).recorded).toBe(true);
      await expect(store.ping()).resolves.toBeUndefined();

      // 4. A longer outage: the call fails after its retries (the user gets an error, not a false
      // "recorded"), and the store works again as soon as the server is back.
      proxy.down();
      await expect(store.recordAnswer(answer('p1', 'U5'))).rejects.toThrow();
      proxy.up();
      expect((await store.recordAnswer(answer('p1', 'U5'))).recorded).toBe(true);

      expect((await store.answersForPost('p1')).map((a) => a.userId)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5']);
      expect(log.text()).toMatch(/retrying/);
      expect(log.text()).not.toContain(SECRET);
    } finally {
      proxy.up();
      await store.close();
    }
  }, TEST_TIMEOUT);

  it('the real process keeps answering through a cut connection and never logs the password', async () => {
    const main = startMain({ DATA_DIR: tempDataDir(), DATABASE_URL: withSecret(db.url, proxy.port), LOG_LEVEL: 'debug' });
    try {
      await answerPractice(main);
      await main.waitForOutput(/== (Right|Not quite)/);
      proxy.cut();
      await answerPractice(main);
      await main.waitForOutput(/(== (Right|Not quite)[\s\S]*){2}/);
      main.child.stdin.end();
      const exit = await main.exited;
      expect(exit.code, main.stderr()).toBe(0);
      const admin = await db.admin();
      expect(Number((await admin.query(`SELECT COUNT(*) AS n FROM answers WHERE kind = 'practice'`)).rows[0].n)).toBe(2);
      expect(main.stderr() + main.stdout()).not.toContain(SECRET);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    }
  }, TEST_TIMEOUT);
});
