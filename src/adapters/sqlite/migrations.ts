// Versioned schema migrations, applied in order at start inside one transaction each. Never edit a
// migration that has shipped: add a new one.
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'quiz state',
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        started_by TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'finished', 'stopped')),
        rounds INTEGER NOT NULL,
        seconds INTEGER NOT NULL,
        question_ids TEXT NOT NULL,
        current_round INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      -- One active study-group session per channel, enforced by the database.
      CREATE UNIQUE INDEX sessions_one_active ON sessions (platform, workspace_id, channel_id) WHERE status = 'active';

      CREATE TABLE posts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('daily', 'session', 'practice')),
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'closed', 'failed')),
        local_date TEXT,
        session_id TEXT REFERENCES sessions (id),
        round INTEGER,
        user_id TEXT,
        message_id TEXT,
        created_at INTEGER NOT NULL,
        opened_at INTEGER,
        closes_at INTEGER,
        closed_at INTEGER,
        lease_until INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        CHECK (kind <> 'daily' OR local_date IS NOT NULL)
      );
      -- One daily post per channel per local date: the guarantee behind "never posts twice".
      CREATE UNIQUE INDEX posts_daily_once ON posts (platform, workspace_id, channel_id, local_date) WHERE kind = 'daily';
      CREATE INDEX posts_open_due ON posts (status, closes_at);
      CREATE INDEX posts_session ON posts (session_id, round);

      CREATE TABLE answers (
        post_id TEXT NOT NULL REFERENCES posts (id),
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        option_index INTEGER NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        points INTEGER NOT NULL,
        answered_at INTEGER NOT NULL,
        -- One answer per user per post: a retried delivery or a double click records nothing new.
        PRIMARY KEY (post_id, user_id)
      );
      CREATE INDEX answers_workspace_time ON answers (platform, workspace_id, answered_at);
      CREATE INDEX answers_user ON answers (platform, workspace_id, user_id);

      CREATE TABLE schedules (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        time TEXT NOT NULL,
        timezone TEXT NOT NULL,
        days TEXT NOT NULL,
        topic TEXT,
        difficulty TEXT,
        window_minutes INTEGER,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, channel_id)
      );

      CREATE TABLE streaks (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        current INTEGER NOT NULL,
        best INTEGER NOT NULL,
        last_post_id TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, channel_id, user_id)
      );

      CREATE TABLE practice_cards (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        state TEXT NOT NULL,
        due INTEGER NOT NULL,
        PRIMARY KEY (platform, user_id, question_id)
      );

      CREATE TABLE reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        note TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed'))
      );
    `,
  },
  {
    version: 2,
    name: 'one post per session round',
    sql: `
      -- Each study-group round is posted once even when two processes both try to carry a session on
      -- (one that closed the round, one that found the session stalled). Replaces the plain index.
      DROP INDEX posts_session;
      CREATE UNIQUE INDEX posts_session_round_once ON posts (session_id, round) WHERE kind = 'session';
    `,
  },
  {
    version: 3,
    name: 'installations',
    sql: `
      -- Slack workspaces that installed the bot through OAuth. "sealed" is encrypted by the adapter
      -- (AES-256-GCM, TOKEN_ENCRYPTION_KEY): the database never holds a token in the clear.
      CREATE TABLE installations (
        platform TEXT NOT NULL,
        install_key TEXT NOT NULL,
        sealed TEXT NOT NULL,
        installed_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (platform, install_key)
      );

      -- One-time OAuth states of install flows in progress; taken (deleted) when used.
      CREATE TABLE oauth_states (
        state TEXT PRIMARY KEY,
        payload TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'answers keep every option picked (multi-select)',
    sql: `
      -- JSON array of option indexes. option_index stays (the first pick) so a process still on
      -- an older version sharing the file keeps working; rows written before this read as [option_index].
      ALTER TABLE answers ADD COLUMN choices TEXT;
    `,
  },
  {
    version: 5,
    name: 'practice rounds',
    sql: `
      -- JSON {startedAt, size, topic?} on the practice posts of a round; round holds the position.
      ALTER TABLE posts ADD COLUMN practice_round TEXT;
    `,
  },
  {
    version: 6,
    name: 'study-group loop: settings, sessions in a thread, claims',
    sql: `
      -- Per-channel (scope_id = the channel) or per-workspace (scope_id = '') settings changed from chat:
      -- threads by default, the weekly board, the admin channel and role. Read on use, so every
      -- process sees a change at once.
      CREATE TABLE settings (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        scope_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, scope_id, key)
      );

      -- 1 when a session's later rounds, reveals and scoreboard go in the thread of its first round (Slack).
      ALTER TABLE sessions ADD COLUMN in_thread INTEGER;

      -- Something done once per channel and period (the weekly board post): the first insert wins,
      -- however many processes try, like the daily post's unique row.
      CREATE TABLE claims (
        kind TEXT NOT NULL,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        period TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        PRIMARY KEY (kind, platform, workspace_id, channel_id, period)
      );
    `,
  },
  {
    version: 7,
    name: 'moderation: report outcomes, disabled questions',
    sql: `
      -- A report's outcome: status 'closed' with resolution 'resolved' or 'dismissed', who, when, and why.
      ALTER TABLE reports ADD COLUMN resolution TEXT;
      ALTER TABLE reports ADD COLUMN resolved_by TEXT;
      ALTER TABLE reports ADD COLUMN resolution_note TEXT;
      ALTER TABLE reports ADD COLUMN resolved_at INTEGER;

      -- Questions an admin took out of every pool of a workspace (until enabled again).
      CREATE TABLE disabled_questions (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        disabled_by TEXT NOT NULL,
        disabled_at INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, question_id)
      );
    `,
  },
  {
    version: 8,
    name: 'asked history per channel: sessions started from a channel',
    sql: `
      -- The channel /quiz start was typed in, when the session runs in a thread of its own (Discord):
      -- its rounds count in that channel's asked history, shared with the daily questions.
      ALTER TABLE sessions ADD COLUMN home_channel_id TEXT;
      -- A channel's asked history (daily and session posts) is read at every daily post and quiz start.
      CREATE INDEX posts_channel_kind ON posts (platform, workspace_id, channel_id, kind);
      CREATE INDEX sessions_home_channel ON sessions (platform, workspace_id, home_channel_id) WHERE home_channel_id IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: 'mock exams',
    sql: `
      -- A private, timed mock exam: the drawn questions, the picks and flags per question (JSON arrays
      -- in question order, each set by position in one statement), and once ended, its result (JSON).
      -- Everything needed to resume it after a restart, and to close it at its deadline from any process.
      CREATE TABLE exams (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        question_ids TEXT NOT NULL,
        domains TEXT,
        started_at INTEGER NOT NULL,
        deadline INTEGER NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        answers TEXT NOT NULL,
        flags TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'submitted', 'expired')),
        ended_at INTEGER,
        result TEXT
      );
      -- One running exam per person and workspace, enforced by the database.
      CREATE UNIQUE INDEX exams_one_active ON exams (platform, workspace_id, user_id) WHERE status = 'active';
      CREATE INDEX exams_due ON exams (status, deadline);
      CREATE INDEX exams_by_user ON exams (platform, workspace_id, user_id, ended_at);
    `,
  },
  {
    version: 10,
    name: 'team facts edited from chat',
    sql: `
      -- The current chat version of each topic of a team pack edited from chat (/facts), as JSON;
      -- NULL when it was removed. Loaded over the pack's files by every bot process.
      CREATE TABLE topic_overrides (
        pack_id TEXT NOT NULL,
        topic_id TEXT NOT NULL,
        topic TEXT,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (pack_id, topic_id)
      );

      -- Every chat edit: who, when, the topic before and after (JSON; NULL for none). The newest id is
      -- the version each process compares before answering.
      CREATE TABLE topic_edits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        pack_id TEXT NOT NULL,
        topic_id TEXT NOT NULL,
        before TEXT,
        after TEXT,
        edited_by TEXT NOT NULL,
        edited_at INTEGER NOT NULL
      );
      CREATE INDEX topic_edits_by_topic ON topic_edits (pack_id, topic_id, id);
    `,
  },
];
