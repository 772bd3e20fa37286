// Team facts edited from chat, on PostgreSQL: the current chat version of each edited topic (none =
// removed) and the history of every edit. The newest edit's number is the version every process
// compares before answering, so an edit made through one process is used by all of them at once.
import type { TopicEdit, TopicOverride } from '../../core/quiz/store.ts';
import type { PgQueries } from './queries.ts';

export class PgTeamFacts {
  constructor(private readonly sql: PgQueries) {}

  async knowledgeVersion(): Promise<number> {
    return Number((await this.sql.rows<{ v: string }>('SELECT COALESCE(MAX(id), 0) AS v FROM topic_edits'))[0]!.v);
  }

  async topicOverrides(): Promise<TopicOverride[]> {
    return (await this.sql.rows('SELECT pack_id, topic_id, topic FROM topic_overrides ORDER BY pack_id, topic_id')).map((r) => ({
      packId: String(r.pack_id),
      topicId: String(r.topic_id),
      ...(r.topic === null ? {} : { topic: String(r.topic) }),
    }));
  }

  async saveTopicEdit(e: TopicEdit): Promise<number> {
    return this.sql.transaction(async (c) => {
      await c.query(
        `INSERT INTO topic_overrides (pack_id, topic_id, topic, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (pack_id, topic_id) DO UPDATE SET topic = excluded.topic, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [e.packId, e.topicId, e.after ?? null, e.by, e.at],
      );
      const { rows } = await c.query('INSERT INTO topic_edits (pack_id, topic_id, before, after, edited_by, edited_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
        e.packId, e.topicId, e.before ?? null, e.after ?? null, e.by, e.at,
      ]);
      return Number((rows[0] as { id: string }).id);
    });
  }

  async topicHistory(packId: string, topicId?: string, limit = 20): Promise<(TopicEdit & { id: number })[]> {
    const rows = topicId === undefined
      ? await this.sql.rows('SELECT * FROM topic_edits WHERE pack_id = $1 ORDER BY id DESC LIMIT $2', [packId, limit])
      : await this.sql.rows('SELECT * FROM topic_edits WHERE pack_id = $1 AND topic_id = $2 ORDER BY id DESC LIMIT $3', [packId, topicId, limit]);
    return rows.map((r) => ({
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
