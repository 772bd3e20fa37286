// A command is declared once here, in the core: its name, help, options and handler. Slack's manifest,
// Discord's command JSON, the console and /help are all derived from these declarations.
import type { Reply } from '../reply/reply.ts';
import type { CommandNames } from './names.ts';

export interface Caller {
  /** Platform-scoped user id. */
  id: string;
  /** Display name, for scoreboards and "shared by" lines. Plain text, may contain anything. */
  name: string;
}

export interface CommandContext {
  platform: 'console' | 'slack' | 'discord' | 'cli';
  user: Caller;
  /** Workspace (Slack team, Discord guild) — scores and leaderboards are per workspace. */
  workspaceId: string;
  channelId: string;
  /** Each adapter decides what admin means (Slack workspace admin, Discord Manage Server, …). */
  isAdmin(): Promise<boolean>;
  /**
   * Which permissions the bot lacks to post in this channel (and to open threads when asked), as
   * human-readable names. Adapters that cannot tell leave it out.
   */
  missingPostingPermissions?(opts: { thread?: boolean }): Promise<string[]>;
  /** How this platform types the core's commands, where it differs (Slack: who → responsibot). */
  commandNames?: CommandNames;
  /**
   * Groups that can be made admins (/quiz admin-role): a Slack user group, a Discord role. Adapters
   * without such groups leave it out.
   */
  groups?: {
    /** The group meant by what the user typed (a mention, an @name or a name); undefined if none. */
    find(typed: string): Promise<AdminGroup | undefined>;
    /** Whether the caller is a member of the group. */
    has(groupId: string): Promise<boolean>;
  };
}

export interface AdminGroup {
  id: string;
  /** The name shown back ("@cloud-admins"), when known; shown as plain text, never a mention. */
  label?: string;
}

export interface CommandOption {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
  /** Offer suggestions while the user types (Discord autocomplete). */
  autocomplete?: boolean;
  choices?: string[];
  min?: number;
  max?: number;
}

export interface Subcommand {
  name: string;
  description: string;
  options: CommandOption[];
}

export interface CommandDefinition {
  name: string;
  description: string;
  /** One line, e.g. "/who <question>". */
  usage: string;
  examples: string[];
  /** Structured options (for platforms with typed slash commands). Text platforms parse `text`. */
  options?: CommandOption[];
  subcommands?: Subcommand[];
  run(text: string, ctx: CommandContext): Promise<Reply[]>;
}

export interface ActionDefinition {
  /** The id buttons carry in `Button.action`. */
  id: string;
  run(value: string, ctx: CommandContext): Promise<Reply[]>;
}

/** A mistake in what the user typed: shown to them as-is, never logged as a failure. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Suggestion {
  label: string;
  value: string;
}

export interface Autocompleting {
  /** Suggestions for a partly typed option value (Discord autocomplete). */
  autocomplete(option: string, partial: string): Suggestion[];
}
