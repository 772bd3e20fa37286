// What a typed message (a mention or a DM) asks for: "help" or "/help" runs /help, any other text is a
// /who question. Only words that name a registered command count, so new commands work here unchanged.
import type { CommandRegistry } from '../../core/commands/registry.ts';
import { coreName } from '../../core/commands/names.ts';
import { SLACK_COMMAND_NAMES } from './command-names.ts';
import { plainFromSlack } from './escape.ts';

export interface CommandLine {
  name: string;
  text: string;
}

export function commandFromMessage(registry: CommandRegistry, slackText: string, botUserId?: string): CommandLine {
  const text = plainFromSlack(stripBotMention(slackText, botUserId)).trim();
  const m = /^\/?([a-z][\w-]*)(?=\s|$)\s*([\s\S]*)$/i.exec(text);
  // Slack's own names count too: "responsibot-help" is /help.
  const name = m?.[1] ? coreName(SLACK_COMMAND_NAMES, m[1]) : undefined;
  if (m && name && name !== 'who' && registry.get(name)) return { name, text: m[2] ?? '' };
  // "who patches RDS?" is itself the question: the engine reads the whole sentence best.
  return { name: 'who', text: text.replace(/^\/(?:who|responsibot)(?=\s|$)\s*/i, '').replace(/^responsibot(?=\s|$)\s*/i, '') };
}

/** Removes "<@BOT>" (and "<@BOT|name>") wherever it appears, so "@Responsibot who…" becomes "who…". */
export function stripBotMention(text: string, botUserId?: string): string {
  if (!botUserId) return text;
  return text.replace(new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
