// Upgrades: a database made by an earlier release (schema version 1, with a quiz in it) is opened by
// this one. Both stores must apply every later migration once, keep the data, and then behave as new.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS as PG_MIGRATIONS } from '../../src/adapters/postgres/migrations.ts';
import { PostgresStore } from '../../src/adapters/postgres/postgres-store.ts';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../src/adapters/sqlite/migrations.ts';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import type { QuizStore } from '../../src/core/quiz/store.ts';
import { freshDatabase, postgresAvailable, reportSkip, type TestDatabase } from '../support/postgres.ts';

// A version-1 database in the middle of a quiz: a session, its first round closed and answered.
const V1_DATA = `
  INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'quiz state', 1);
  INSERT INTO sessions (id, platform, workspace_id, channel_id, started_by, status, rounds, seconds, question_ids, current_round, created_at)
    VALUES ('s1', 'slack', 'T1', 'C1', 'U0ANN', 'active', 2, 30, '["q1","q2"]', 1, 100);
  INSERT INTO posts (id, kind, platform, workspace_id, channel_id, question_id, status, session_id, round, created_at, opened_at, closes_at, closed_at, attempts)
    VALUES ('r1', 'session', 'slack', 'T1', 'C1', 'q1', 'closed', 's1', 1, 100, 100, 130, 130, 1);
  INSERT INTO answers (post_id, user_id, user_name, platform, workspace_id, question_id, kind, option_index, correct, points, answered_at)
    VALUES ('r1', 'U1', 'Ann', 'slack', 'T1', 'q1', 'session', 0, TRUE, 12, 110);`;

const latest = (m: { version: number }[]) => Math.max(...m.map((x) => x.version));

/** What the upgraded store must show, through the port only. */
async function expectUpgraded(store: QuizStore): Promise<void> {
  expect(await store.getSession('s1')).toMatchObject({ status: 'active', questionIds: ['q1', 'q2'], currentRound: 1 });
  expect(await store.answersForSession('s1')).toEqual([
    { postId: 'r1', userId: 'U1', userName: 'Ann', platform: 'slack', workspaceId: 'T1', questionId: 'q1', kind: 'session', choices: [0], correct: true, points: 12, answeredAt: 110 },
  ]);
  // Version 2: one post per session round.
  const round = (id: string) => ({ id, kind: 'session' as const, platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1', questionId: 'q2', status: 'pending' as const, sessionId: 's1', round: 2, createdAt: 200 });
  expect(await store.insertPost(round('r2'))).toBe(true);
  expect(await store.insertPost(round('r2-again'))).toBe(false);
  // Version 4: an answer keeps every option picked (multi-select).
  await store.markOpen('r2', 'm2', 200, 300);
  await store.recordAnswer({ postId: 'r2', userId: 'U1', userName: 'Ann', platform: 'slack', workspaceId: 'T1', questionId: 'q2', kind: 'session', choices: [0, 3], correct: false, points: 0, answeredAt: 210 });
  expect((await store.answersForPost('r2'))[0]).toMatchObject({ choices: [0, 3], correct: false });
  // Version 5: practice posts remember their round.
  const practice = { id: 'p1', kind: 'practice' as const, platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1', questionId: 'q1', status: 'open' as const, userId: 'U1', round: 2, practiceRound: { startedAt: 300, size: 5, topic: 'iam,kms' }, createdAt: 300, openedAt: 300 };
  expect(await store.insertPost(practice)).toBe(true);
  expect(await store.getPost('p1')).toMatchObject({ round: 2, practiceRound: { startedAt: 300, size: 5, topic: 'iam,kms' } });
}

describe('the migrations of both stores', () => {
  it('number their versions 1, 2, 3, … with no gap or repeat, and the same versions mean the same change', () => {
    for (const list of [SQLITE_MIGRATIONS, PG_MIGRATIONS]) expect(list.map((m) => m.version)).toEqual(list.map((_, i) => i + 1));
    expect(PG_MIGRATIONS.map((m) => m.name)).toEqual(SQLITE_MIGRATIONS.map((m) => m.name));
  });
});

describe('upgrading a SQLite database from schema version 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'responsibot-upgrade-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies every later migration once and keeps the data', async () => {
    const file = join(dir, 'responsibot.db');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    old.exec(SQLITE_MIGRATIONS[0]!.sql);
    old.exec(V1_DATA.replace('TRUE', '1'));
    old.close();

    const store = new SqliteStore(file);
    expect(store.schemaVersion()).toBe(latest(SQLITE_MIGRATIONS));
    await expectUpgraded(store);
    await store.close();
    const again = new SqliteStore(file);
    expect((again.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    await again.close();
  });
});

reportSkip('upgrading a PostgreSQL database');

describe.skipIf(!postgresAvailable)('upgrading a PostgreSQL database from schema version 1', () => {
  let db: TestDatabase;
  afterAll(() => db?.drop());

  it('applies every later migration once, with several processes starting at once, and keeps the data', async () => {
    db = await freshDatabase();
    const admin = await db.admin();
    await admin.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    await admin.query(PG_MIGRATIONS[0]!.sql);
    await admin.query(V1_DATA);

    const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(db.url, { maxConnections: 2 })));
    try {
      for (const s of stores) expect(await s.schemaVersion()).toBe(latest(PG_MIGRATIONS));
      await expectUpgraded(stores[0]!);
      const versions = (await admin.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r: { version: number }) => r.version);
      expect(versions).toEqual(PG_MIGRATIONS.map((m) => m.version));
    } finally {
      for (const s of stores) await s.close();
    }
  });
});
