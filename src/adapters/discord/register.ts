// Registers the core's commands with Discord in one bulk overwrite: commands removed from the core
// disappear from Discord too. A guild id registers in that guild only (instant; for development).
import { REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../../core/commands/command.ts';
import { buildCommandsJson } from './commands-json.ts';

export interface RegisterOptions {
  registry: { list(): CommandDefinition[] };
  token: string;
  appId: string;
  guildId?: string;
  /** REST base without the version, e.g. "http://127.0.0.1:3000/api" (discord.js appends /v10). */
  apiUrl?: string;
}

export interface Registered {
  scope: 'guild' | 'global';
  commands: { id: string; name: string }[];
}

export async function registerDiscordCommands({ registry, token, appId, guildId, apiUrl }: RegisterOptions): Promise<Registered> {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  try {
    const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
    const saved = (await rest.put(route, { body: buildCommandsJson(registry.list()) })) as { id: string; name: string }[];
    return { scope: guildId ? 'guild' : 'global', commands: saved.map(({ id, name }) => ({ id, name })) };
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
