// Command registration against the fake Discord: the bulk PUT carries exactly the JSON built from the
// core's registry, to the guild route with a guild id and the global route without; and the CLI.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommandsJson } from '../../src/adapters/discord/commands-json.ts';
import { registerDiscordCommands } from '../../src/adapters/discord/index.ts';
import { makeCore } from '../support/core.ts';
import { FakeDiscord, IDS } from './support/fake-discord.ts';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.close();
});

const core = makeCore();

describe('registerDiscordCommands', () => {
  it('overwrites the guild commands when a guild id is given', async () => {
    const result = await registerDiscordCommands({ registry: core.registry, token: 'tok', appId: IDS.app, guildId: IDS.guild, apiUrl: fake.apiUrl });
    const put = fake.requests.findLast((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${IDS.app}/guilds/${IDS.guild}/commands`);
    expect(put.authorization).toBe('Bot tok');
    expect(put.body).toEqual(buildCommandsJson(core.registry.list()));
    expect(result.scope).toBe('guild');
    expect(result.commands.map((c) => c.name)).toEqual(['who', 'quiz', 'facts', 'help']);
    expect(fake.commands.guild.get(IDS.guild)?.map((c) => c.name)).toEqual(['who', 'quiz', 'facts', 'help']);
  });

  it('overwrites the global commands without a guild id', async () => {
    const result = await registerDiscordCommands({ registry: core.registry, token: 'tok', appId: IDS.app, apiUrl: fake.apiUrl });
    const put = fake.requests.findLast((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${IDS.app}/commands`);
    expect(put.body).toEqual(buildCommandsJson(core.registry.list()));
    expect(result.scope).toBe('global');
    expect(fake.commands.global.map((c) => c.name)).toEqual(['who', 'quiz', 'facts', 'help']);
  });

  it('sends /who with an autocompleting required question option', () => {
    const who = buildCommandsJson(core.registry.list()).find((c) => c.name === 'who')!;
    expect(who).toMatchObject({ type: 1, options: [{ type: 3, name: 'question', required: true, autocomplete: true }] });
  });
});

function runCli(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/discord-register.ts'], {
    env: { ...process.env, DISCORD_TOKEN: '', DISCORD_APP_ID: '', DISCORD_GUILD_ID: '', DISCORD_API_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('npm run discord:register', () => {
  it('registers in the development guild and says what it registered', async () => {
    const { code, out } = await runCli({ DISCORD_TOKEN: 'cli-token', DISCORD_APP_ID: IDS.app, DISCORD_GUILD_ID: IDS.guild, DISCORD_API_URL: fake.apiUrl });
    expect(code).toBe(0);
    expect(out).toContain(`Registered 4 commands in guild ${IDS.guild}: /who, /quiz, /facts, /help`);
    expect(fake.requests.findLast((r) => r.method === 'PUT')?.authorization).toBe('Bot cli-token');
  });

  it('fails with a clear message when Discord rejects the token', async () => {
    fake.fail('PUT', /commands$/, 401, { code: 0, message: '401: Unauthorized' }, 1);
    const { code, err } = await runCli({ DISCORD_TOKEN: 'bad', DISCORD_APP_ID: IDS.app, DISCORD_API_URL: fake.apiUrl });
    expect(code).toBe(1);
    expect(err).toContain('Discord rejected DISCORD_TOKEN');
  });

  it('fails with a clear message when the token or app id is missing', async () => {
    const { code, err } = await runCli({});
    expect(code).toBe(1);
    expect(err).toContain('Set DISCORD_TOKEN and DISCORD_APP_ID');
  });
});
