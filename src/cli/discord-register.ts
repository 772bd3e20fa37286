// npm run discord:register: registers the slash commands, built from the core's command definitions,
// with Discord. With DISCORD_GUILD_ID set they go to that one server (instant, for development);
// without it they are global. Run it again after adding or changing a command.
import { loadDotEnv } from '../config.ts';
import { createCore } from '../core/responsibot.ts';
import { registerDiscordCommands } from '../adapters/discord/index.ts';
import { DiscordAPIError } from 'discord.js';
import { loadPacksOrExit } from './load.ts';
import { SqliteStore } from '../adapters/sqlite/sqlite-store.ts';
import { exitWith, parseCli } from './args.ts';

await parseCli({
  name: 'npm run discord:register',
  usage: `Usage: npm run discord:register

Registers the bot's slash commands with Discord. It reads, from the environment or .env:
  DISCORD_TOKEN     the bot token (required)
  DISCORD_APP_ID    the application id (required)
  DISCORD_GUILD_ID  register in this one server only, instantly (otherwise globally, which can take minutes)
  KNOWLEDGE_DIR     the knowledge packs' folder (default: knowledge)
Run it again after adding or changing a command. --help shows this help.`,
  options: {},
});

function fail(message: string): Promise<never> {
  return exitWith(1, process.stderr, `${message}\n`);
}

loadDotEnv();
const env = (name: string) => process.env[name]?.trim() || undefined;
const guildId = env('DISCORD_GUILD_ID');
const apiUrl = env('DISCORD_API_URL');
const token = env('DISCORD_TOKEN') ?? (await missingCredentials());
const appId = env('DISCORD_APP_ID') ?? (await missingCredentials());

function missingCredentials(): Promise<never> {
  return fail('Set DISCORD_TOKEN and DISCORD_APP_ID (in the environment or .env) to register commands. Both are on your application\'s page in the Discord developer portal.');
}

// The command definitions are the ones the running bot has; a throwaway in-memory store makes the
// quiz commands part of the registry without touching the real database.
const core = createCore(await loadPacksOrExit(env('KNOWLEDGE_DIR') ?? 'knowledge'), { store: new SqliteStore(':memory:') });
try {
  const { scope, commands } = await registerDiscordCommands({ registry: core.registry, token, appId, ...(guildId ? { guildId } : {}), ...(apiUrl ? { apiUrl } : {}) });
  const names = commands.map((c) => `/${c.name}`).join(', ');
  process.stdout.write(
    scope === 'guild'
      ? `Registered ${commands.length} commands in guild ${guildId}: ${names}\n`
      : `Registered ${commands.length} global commands: ${names}\n(Global commands can take a few minutes to show up; set DISCORD_GUILD_ID to test in one server instantly.)\n`,
  );
} catch (err) {
  await fail(`Could not register Discord commands: ${explain(err)}`);
}

function explain(err: unknown): string {
  if (err instanceof DiscordAPIError) {
    if (err.status === 401) return 'Discord rejected DISCORD_TOKEN (401). Copy the bot token again from the developer portal.';
    if (err.code === 50001) return `the bot has no access to guild ${guildId} (50001). Invite it with the applications.commands scope, or check DISCORD_GUILD_ID.`;
    if (err.status === 404) return `Discord does not know that application or guild (404). Check DISCORD_APP_ID${guildId ? ' and DISCORD_GUILD_ID' : ''}.`;
    return `${err.message} (HTTP ${err.status}, code ${String(err.code)})`;
  }
  return err instanceof Error ? err.message : String(err);
}
