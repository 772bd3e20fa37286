// Multi-round quiz sessions on SQLite, and the spaced-repetition cards of practice.
import type Database from 'better-sqlite3';
import type { ChannelKey, PracticeCard, Session } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';

type Row = Record<string, unknown>;

export class SqliteSessions {
  constructor(private readonly db: Database.Database) {}

  async createSession(s: Session): Promise<boolean> {
    const r = this.db
      .prepare(
        `INSERT INTO sessions (id, platform, workspace_id, channel_id, started_by, status, rounds, seconds, question_ids, current_round, created_at, in_thread, home_channel_id)
         VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(s.id, s.platform, s.workspaceId, s.channelId, s.startedBy, s.rounds, s.seconds, JSON.stringify(s.questionIds), s.currentRound, s.createdAt, s.inThread ? 1 : null, s.homeChannelId ?? null);
    return r.changes === 1;
  }

  async getSession(id: string): Promise<Session | undefined> {
    return toSession(this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as Row | undefined);
  }

  async activeSession(c: ChannelKey): Promise<Session | undefined> {
    return toSession(
      this.db
        .prepare(`SELECT * FROM sessions WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND status = 'active'`)
        .get(c.platform, c.workspaceId, c.channelId) as Row | undefined,
    );
  }

  async setSessionRound(id: string, round: number): Promise<void> {
    this.db.prepare('UPDATE sessions SET current_round = ? WHERE id = ?').run(round, id);
  }

  async stalledSessions(quietSince: number): Promise<Session[]> {
    return (this.db.prepare(STALLED_SESSIONS).all(quietSince) as Row[]).map((r) => toSession(r)!);
  }

  async endSession(id: string, status: 'finished' | 'stopped', now: number): Promise<boolean> {
    return this.db.prepare(`UPDATE sessions SET status = ?, ended_at = ? WHERE id = ? AND status = 'active'`).run(status, now, id).changes === 1;
  }

  async practiceCards(platform: Platform, userId: string): Promise<PracticeCard[]> {
    return (this.db.prepare('SELECT question_id, state, due FROM practice_cards WHERE platform = ? AND user_id = ?').all(platform, userId) as Row[]).map((r) => ({
      questionId: String(r.question_id),
      state: String(r.state),
      due: Number(r.due),
    }));
  }

  async savePracticeCard(platform: Platform, userId: string, card: PracticeCard): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO practice_cards (platform, user_id, question_id, state, due) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, user_id, question_id) DO UPDATE SET state = excluded.state, due = excluded.due`,
      )
      .run(platform, userId, card.questionId, card.state, card.due);
  }
}

const STALLED_SESSIONS = `
  SELECT s.* FROM sessions s
  WHERE s.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.session_id = s.id AND p.status IN ('pending', 'open'))
    AND COALESCE((SELECT MAX(p.closed_at) FROM posts p WHERE p.session_id = s.id), s.created_at) < ?
  ORDER BY s.created_at`;

function toSession(r: Row | undefined): Session | undefined {
  if (!r) return undefined;
  const s: Session = {
    id: String(r.id),
    platform: r.platform as Platform,
    workspaceId: String(r.workspace_id),
    channelId: String(r.channel_id),
    startedBy: String(r.started_by),
    status: r.status as Session['status'],
    rounds: Number(r.rounds),
    seconds: Number(r.seconds),
    questionIds: JSON.parse(String(r.question_ids)) as string[],
    currentRound: Number(r.current_round),
    createdAt: Number(r.created_at),
  };
  if (r.ended_at !== null) s.endedAt = Number(r.ended_at);
  if (r.in_thread) s.inThread = true;
  if (r.home_channel_id !== null && r.home_channel_id !== undefined) s.homeChannelId = String(r.home_channel_id);
  return s;
}
