// Team facts edited from chat, on SQLite: the current chat version of each edited topic (none = removed)
// and the history of every edit. The newest edit's number is the version every process compares
// before answering, so an edit made through one process is used by all of them at once.
import type Database from 'better-sqlite3';
import type { TopicEdit, TopicOverride } from '../../core/quiz/store.ts';

type Row = Record<string, unknown>;

export class SqliteTeamFacts {
  constructor(private readonly db: Database.Database) {}

  async knowledgeVersion(): Promise<number> {
    return Number((this.db.prepare('SELECT COALESCE(MAX(id), 0) AS v FROM topic_edits').get() as { v: number }).v);
  }

  async topicOverrides(): Promise<TopicOverride[]> {
    return (this.db.prepare('SELECT pack_id, topic_id, topic FROM topic_overrides ORDER BY pack_id, topic_id').all() as Row[]).map((r) => ({
      packId: String(r.pack_id),
      topicId: String(r.topic_id),
      ...(r.topic === null ? {} : { topic: String(r.topic) }),
    }));
  }

  async saveTopicEdit(e: TopicEdit): Promise<number> {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO topic_overrides (pack_id, topic_id, topic, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (pack_id, topic_id) DO UPDATE SET topic = excluded.topic, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        )
        .run(e.packId, e.topicId, e.after ?? null, e.by, e.at);
      const r = this.db
        .prepare('INSERT INTO topic_edits (pack_id, topic_id, before, after, edited_by, edited_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.packId, e.topicId, e.before ?? null, e.after ?? null, e.by, e.at);
      return Number(r.lastInsertRowid);
    }).immediate();
  }

  async topicHistory(packId: string, topicId?: string, limit = 20): Promise<(TopicEdit & { id: number })[]> {
    const where = topicId === undefined ? 'pack_id = ?' : 'pack_id = ? AND topic_id = ?';
    const args = topicId === undefined ? [packId] : [packId, topicId];
    return (this.db.prepare(`SELECT * FROM topic_edits WHERE ${where} ORDER BY id DESC LIMIT ?`).all(...args, limit) as Row[]).map((r) => ({
      id: Number(r.id),
      packId: String(r.pack_id),
      topicId: String(r.topic_id),
      ...(r.before === null ? {} : { before: String(r.before) }),
      ...(r.after === null ? {} : { after: String(r.after) }),
      by: String(r.edited_by),
      at: Number(r.edited_at),
    }));
  }
}
