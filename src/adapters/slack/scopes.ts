// The bot scopes Responsibot asks for, the same list as manifest.json (a test keeps them equal): an
// "Add to Slack" install requests exactly these. docs/slack.md explains each one.
export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'channels:read',
  'chat:write',
  'commands',
  'files:write',
  'groups:history',
  'groups:read',
  'im:history',
  'im:read',
  'im:write',
  'mpim:read',
  'usergroups:read',
  'users:read',
] as const;

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
