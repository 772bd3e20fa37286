// /quiz forget-me on SQLite: everything kept about one person of a workspace goes in one transaction.
import type Database from 'better-sqlite3';
import type { Forgotten } from '../../core/quiz/store.ts';
import type { Platform } from '../../core/ports/messenger.ts';

export class SqlitePrivacy {
  constructor(private readonly db: Database.Database) {}

  async forgetUser(platform: Platform, workspaceId: string, userId: string): Promise<Forgotten> {
    return this.db.transaction(() => {
      const who = [platform, workspaceId, userId];
      const answers = this.db.prepare('DELETE FROM answers WHERE platform = ? AND workspace_id = ? AND user_id = ?').run(...who).changes;
      this.db.prepare('DELETE FROM streaks WHERE platform = ? AND workspace_id = ? AND user_id = ?').run(...who);
      // Practice cards are kept per platform user (not per workspace): a Slack or Discord user id is already one person.
      this.db.prepare('DELETE FROM practice_cards WHERE platform = ? AND user_id = ?').run(platform, userId);
      // A practice question still open stays until it closes; its answers are already gone.
      this.db.prepare(`DELETE FROM posts WHERE kind = 'practice' AND platform = ? AND workspace_id = ? AND user_id = ? AND status IN ('closed', 'failed')`).run(...who);
      // Mock exams, running or finished, with their results.
      this.db.prepare('DELETE FROM exams WHERE platform = ? AND workspace_id = ? AND user_id = ?').run(...who);
      const reports = this.db.prepare('DELETE FROM reports WHERE platform = ? AND workspace_id = ? AND user_id = ?').run(...who).changes;
      return { answers, reports };
    }).immediate();
  }
}
