// Multi-round quiz sessions on PostgreSQL, and the spaced-repetition cards of practice.
import type { ChannelKey, PracticeCard, Session } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';
import { many, one, type PgQueries } from './queries.ts';

export class PgSessions {
  constructor(private readonly sql: PgQueries) {}

  async createSession(s: Session): Promise<boolean> {
    const n = await this.sql.count(
      `INSERT INTO sessions (id, platform, workspace_id, channel_id, started_by, status, rounds, seconds, question_ids, current_round, created_at, in_thread, home_channel_id)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
      [s.id, s.platform, s.workspaceId, s.channelId, s.startedBy, s.rounds, s.seconds, JSON.stringify(s.questionIds), s.currentRound, s.createdAt, s.inThread ? true : null, s.homeChannelId ?? null],
    );
    return n === 1;
  }

  async getSession(id: string): Promise<Session | undefined> {
    return one<Session>(await this.sql.rows(`SELECT ${SESSION} FROM sessions WHERE id = $1`, [id]));
  }

  async activeSession(c: ChannelKey): Promise<Session | undefined> {
    return one<Session>(
      await this.sql.rows(`SELECT ${SESSION} FROM sessions WHERE platform = $1 AND workspace_id = $2 AND channel_id = $3 AND status = 'active'`, [c.platform, c.workspaceId, c.channelId]),
    );
  }

  async setSessionRound(id: string, round: number): Promise<void> {
    await this.sql.count('UPDATE sessions SET current_round = $1 WHERE id = $2', [round, id]);
  }

  async stalledSessions(quietSince: number): Promise<Session[]> {
    return many<Session>(
      await this.sql.rows(
        `SELECT ${SESSION_COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}, NULLIF(s.in_thread, FALSE) AS in_thread FROM sessions s
         WHERE s.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.session_id = s.id AND p.status IN ('pending', 'open'))
           AND COALESCE((SELECT MAX(p.closed_at) FROM posts p WHERE p.session_id = s.id), s.created_at) < $1
         ORDER BY s.created_at`,
        [quietSince],
      ),
    );
  }

  async endSession(id: string, status: 'finished' | 'stopped', now: number): Promise<boolean> {
    return (await this.sql.count(`UPDATE sessions SET status = $1, ended_at = $2 WHERE id = $3 AND status = 'active'`, [status, now, id])) === 1;
  }

  async practiceCards(platform: Platform, userId: string): Promise<PracticeCard[]> {
    return many<PracticeCard>(await this.sql.rows('SELECT question_id, state, due FROM practice_cards WHERE platform = $1 AND user_id = $2', [platform, userId]));
  }

  async savePracticeCard(platform: Platform, userId: string, card: PracticeCard): Promise<void> {
    await this.sql.count(
      `INSERT INTO practice_cards (platform, user_id, question_id, state, due) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (platform, user_id, question_id) DO UPDATE SET state = excluded.state, due = excluded.due`,
      [platform, userId, card.questionId, card.state, card.due],
    );
  }
}

const SESSION_COLUMNS = 'id, platform, workspace_id, channel_id, started_by, status, rounds, seconds, question_ids, current_round, created_at, ended_at, home_channel_id';

// in_thread reads as absent unless true, like every other optional field.
const SESSION = `${SESSION_COLUMNS}, NULLIF(in_thread, FALSE) AS in_thread`;
