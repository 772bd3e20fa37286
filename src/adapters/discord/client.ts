// The discord.js client as Responsibot needs it: slash commands, autocomplete and buttons arrive as
// interactions, which need only the Guilds intent (no message content, no member lists).
import { Client, GatewayIntentBits } from 'discord.js';
import { NO_MENTIONS } from './mentions.ts';

export function createDiscordClient(apiUrl?: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // The default for every message discord.js builds; each send sets it too (see mentions.ts).
    allowedMentions: NO_MENTIONS,
    // Points REST at another Discord (a test fake, a proxy); the gateway URL is whatever it reports.
    ...(apiUrl ? { rest: { api: apiUrl } } : {}),
  });
}
