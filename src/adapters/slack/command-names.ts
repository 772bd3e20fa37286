// Slack reserves its built-in slash commands (/who lists a channel's members) and refuses a manifest
// that declares one, so here the core's /who and /help go by the app's name. manifest.json declares
// exactly these names (tests/slack/manifest.test.ts checks them against Slack's built-ins).
import type { CommandNames } from '../../core/commands/names.ts';

export const SLACK_COMMAND_NAMES: CommandNames = {
  who: 'responsibot',
  help: 'responsibot-help',
};
