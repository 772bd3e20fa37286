// The question bank agrees with the knowledge it was built from, and the store keeps its promises.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { QuestionBank } from '../../src/core/quiz/bank.ts';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { MIGRATIONS } from '../../src/adapters/sqlite/migrations.ts';
import { realPacks } from '../support/core.ts';
import { tempDbFile } from '../support/quiz.ts';

const packs = realPacks();
const bank = new QuestionBank(packs);
const aws = packs.find((p) => p.id === 'aws-srm')!;

describe('question bank', () => {
  it('has at least 80 hand-written questions for the AWS pack, each well formed', () => {
    const own = bank.questions.filter((q) => q.packId === 'aws-srm' && !q.generated);
    expect(own.length).toBeGreaterThanOrEqual(80);
    for (const q of own) {
      expect(q.options.length).toBeGreaterThanOrEqual(3);
      expect(q.options.length).toBeLessThanOrEqual(6);
      expect(q.correct.length).toBeGreaterThanOrEqual(1);
      expect(q.correct.length).toBeLessThanOrEqual(3);
      expect(new Set(q.options.map((o) => o.text.toLowerCase())).size).toBe(q.options.length);
    }
    expect(new Set(own.map((q) => q.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
  });

  it('generates one "Who is responsible for …?" question per topic with the parties as options', () => {
    expect(bank.counts('aws-srm').generated).toBe(aws.topics.length);
    const q = bank.generatedFor('aws-srm', 'infra-hypervisor')!;
    expect(q.text).toMatch(/^Who is responsible for /);
    expect(q.options.map((o) => o.text)).toEqual(['AWS', 'Customer', 'Shared']);
    expect(q.correct).toEqual([0]);
  });

  it('agrees with the answer engine: each generated question’s answer is the verdict for its topic title', () => {
    const engine = new AnswerEngine(packs);
    const disagreements = bank.questions
      .filter((q) => q.generated)
      .flatMap((q) => {
        const pack = packs.find((p) => p.id === q.packId)!;
        const topic = pack.topics.find((t) => t.id === q.topics[0])!;
        const verdict = engine.answer(topic.title).verdict;
        const expected = pack.parties[q.correct[0]!]!.id;
        return verdict === expected ? [] : [`${topic.id}: "${topic.title}" → engine says ${verdict}, question says ${expected}`];
      });
    expect(disagreements).toEqual([]);
  });
});

describe('SQLite store', () => {
  it('applies versioned migrations once, in WAL mode with foreign keys on', async () => {
    const file = tempDbFile();
    const a = new SqliteStore(file);
    expect(a.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
    expect(a.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(a.db.pragma('foreign_keys', { simple: true })).toBe(1);
    await a.close();
    const b = new SqliteStore(file); // reopening does not re-run migrations
    expect(b.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
    await b.close();
  });

  it('stores hostile strings verbatim (parameterised queries only)', async () => {
    const store = new SqliteStore(':memory:');
    const hostile = `Robert'); DROP TABLE answers;-- <!channel> "\u0000\u202e 🙂`;
    const id = await store.addReport({ platform: 'console', workspaceId: hostile, questionId: hostile, userId: hostile, userName: hostile, note: hostile, createdAt: 1 });
    const [r] = await store.openReports('console', hostile);
    expect(r).toMatchObject({ id, questionId: hostile, userName: hostile, note: hostile });
    await store.close();
  });

  it('refuses an answer for a post that does not exist (foreign key)', async () => {
    const store = new SqliteStore(':memory:');
    await expect(
      store.recordAnswer({ postId: 'nope', platform: 'console', workspaceId: 'w', userId: 'u', userName: 'u', questionId: 'q', kind: 'session', choices: [0], correct: true, points: 10, answeredAt: 1 }),
    ).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
  });

  it('gives a clear error for a database it cannot create', () => {
    const notADirectory = tempDbFile();
    writeFileSync(notADirectory, 'a file, not a folder');
    expect(() => new SqliteStore(`${notADirectory}/data/responsibot.db`)).toThrow(/Cannot open the database at .*: the file cannot be created or opened/);
  });
});
