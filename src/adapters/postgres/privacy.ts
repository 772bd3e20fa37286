// /quiz forget-me on PostgreSQL: everything kept about one person of a workspace goes in one transaction.
import type { Forgotten } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';
import type { PgQueries } from './queries.ts';

export class PgPrivacy {
  constructor(private readonly sql: PgQueries) {}

  async forgetUser(platform: Platform, workspaceId: string, userId: string): Promise<Forgotten> {
    return this.sql.transaction(async (c) => {
      const who = [platform, workspaceId, userId];
      const answers = (await c.query('DELETE FROM answers WHERE platform = $1 AND workspace_id = $2 AND user_id = $3', who)).rowCount ?? 0;
      await c.query('DELETE FROM streaks WHERE platform = $1 AND workspace_id = $2 AND user_id = $3', who);
      // Practice cards are kept per platform user (not per workspace): a Slack or Discord user id is already one person.
      await c.query('DELETE FROM practice_cards WHERE platform = $1 AND user_id = $2', [platform, userId]);
      // A practice question still open stays until it closes; its answers are already gone.
      await c.query(`DELETE FROM posts WHERE kind = 'practice' AND platform = $1 AND workspace_id = $2 AND user_id = $3 AND status IN ('closed', 'failed')`, who);
      // Mock exams, running or finished, with their results.
      await c.query('DELETE FROM exams WHERE platform = $1 AND workspace_id = $2 AND user_id = $3', who);
      const reports = (await c.query('DELETE FROM reports WHERE platform = $1 AND workspace_id = $2 AND user_id = $3', who)).rowCount ?? 0;
      return { answers, reports };
    });
  }
}
