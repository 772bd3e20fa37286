// All configuration comes from the environment (and an optional .env file), is validated here once,
// and is passed on typed. A bad value stops the start with a message naming the variable.
import { existsSync } from 'node:fs';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  KNOWLEDGE_DIR: optionalText.transform((v) => v ?? 'knowledge'),
  DATA_DIR: optionalText.transform((v) => v ?? 'data'),
  DATABASE_URL: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  // Many workspaces ("Add to Slack"): the app's OAuth credentials, and the key that seals each
  // workspace's token in the database. docs/slack.md, "Many workspaces".
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_REDIRECT_URI: optionalText.pipe(z.url().refine((u) => new URL(u).pathname === '/slack/oauth_redirect', 'must end in /slack/oauth_redirect').optional()),
  TOKEN_ENCRYPTION_KEY: optionalText,
  SLACK_ADMIN_USERS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  // The channel where admins hear about new question reports, until an admin picks one with /quiz report-alerts.
  SLACK_REPORT_ALERTS_CHANNEL: optionalText,
  DISCORD_REPORT_ALERTS_CHANNEL: optionalText,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // /healthz, /readyz and /metrics; off unless set (0 picks a free port and logs it).
  OPS_PORT: optionalText.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  DISCORD_TOKEN: optionalText,
  DISCORD_APP_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_API_URL: optionalText.pipe(z.url().optional()),
  // Gateway shards: "auto" asks Discord how many (about one per 1,000 servers); a number forces it.
  DISCORD_SHARDS: optionalText.pipe(z.union([z.literal('auto'), z.coerce.number<string>().int().min(1).max(10_000)]).default('auto')),
  // Which of those shards this process runs (e.g. "0,1"), to split them over several hosts; all by default.
  DISCORD_SHARD_IDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d+(\s*,\s*\d+)*$/, 'a comma-separated list of shard numbers, e.g. 0,1')
      .transform((v) => [...new Set(v.split(',').map((s) => Number(s.trim())))])
      .optional(),
  ),
});

export type Config = z.infer<typeof envSchema>;

/** Every variable the bot reads (the documentation must cover each; a test checks it). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`);
  }
  const c = parsed.data;
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is. Set one of them.');
  }
  if (c.DATABASE_URL && !isPostgresUrl(c.DATABASE_URL)) {
    // Never echo the value: it usually carries a password.
    throw new ConfigError('DATABASE_URL is not a PostgreSQL URL: expected postgres://user:password@host:5432/database (or leave it empty to use the SQLite file in DATA_DIR).');
  }
  if (c.SLACK_CLIENT_ID) {
    if (c.SLACK_BOT_TOKEN) throw new ConfigError('Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (many workspaces through OAuth), not both.');
    const missing = (['SLACK_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'] as const).filter((k) => !c[k]);
    if (missing.length) throw new ConfigError(`SLACK_CLIENT_ID is set but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not. Many workspaces need the client secret, and a key to encrypt their tokens (openssl rand -base64 32).`);
    if (!c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) throw new ConfigError('SLACK_CLIENT_ID is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is. Set one of them.');
  } else if (c.SLACK_CLIENT_SECRET) {
    throw new ConfigError('SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is not. Copy both from Basic Information → App Credentials.');
  }
  if (c.DISCORD_SHARD_IDS) {
    if (c.DISCORD_SHARDS === 'auto') throw new ConfigError('DISCORD_SHARD_IDS needs a fixed DISCORD_SHARDS: every host must agree on the number of shards.');
    const count = c.DISCORD_SHARDS;
    const outside = c.DISCORD_SHARD_IDS.filter((id) => id >= count);
    if (outside.length) throw new ConfigError(`DISCORD_SHARD_IDS: shard ${outside.join(', ')} does not exist with DISCORD_SHARDS=${count} (shards are numbered 0 to ${count - 1}).`);
  }
  if (c.DISCORD_TOKEN && !c.DISCORD_APP_ID) {
    throw new ConfigError('DISCORD_TOKEN is set but DISCORD_APP_ID is not. Copy the Application ID from the Discord developer portal.');
  }
  return c;
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && (url.hostname !== '' || url.searchParams.has('host'));
  } catch {
    return false;
  }
}

/** Reads ./.env into process.env if present (real environment variables win). */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
