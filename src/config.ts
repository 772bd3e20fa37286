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
  SLACK_ADMIN_USERS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // /healthz, /readyz and /metrics; off unless set (0 picks a free port and logs it).
  OPS_PORT: optionalText.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  DISCORD_TOKEN: optionalText,
  DISCORD_APP_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_API_URL: optionalText.pipe(z.url().optional()),
});

export type Config = z.infer<typeof envSchema>;

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
