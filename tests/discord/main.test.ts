// `npm start` with DISCORD_TOKEN set: the composition root starts the Discord adapter (with the real
// store and quiz engine) against the fake Discord, answers interactions, and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, IDS, type Json } from './support/fake-discord.ts';
import { tempDir } from '../support/temp.ts';

let fake: FakeDiscord;
let child: ChildProcess;
let stderr = '';

beforeAll(async () => {
  fake = await FakeDiscord.start();
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: '',
      DISCORD_TOKEN: 'main-token',
      DISCORD_APP_ID: IDS.app,
      DISCORD_GUILD_ID: '',
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: tempDir('responsibot-discord-'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await fake.connected(60_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\nstderr: ${stderr}`);
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
  }
  await fake?.close();
});

const buttons = (d: Json): { custom_id: string; label: string }[] => (d.components ?? []).flatMap((row: Json) => row.components);

describe('npm start with DISCORD_TOKEN', () => {
  it('logs in with the configured token and answers /who', async () => {
    expect(fake.identifies[0].token).toBe('main-token');
    const d = (await fake.callback(fake.chatInput('who', [{ name: 'question', type: 3, value: 'who patches the guest OS on EC2?' }]))).body.data;
    expect(d.flags).toBe(64);
    expect(d.embeds[0].title).toBe('The customer is responsible');
    for (const b of buttons(d)) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  });

  it('runs /quiz practice and takes an answer click', async () => {
    const practice = (await fake.callback(fake.chatInput('quiz', [{ name: 'practice', type: 1, options: [] }]))).body.data;
    expect(practice.flags).toBe(64);
    const choices = buttons(practice);
    expect(choices.length).toBeGreaterThan(1);
    // Practice draws at random: a "Choose TWO" question is answered in its select menu, not by a button.
    const [first] = choices as Json[];
    const answer = first!.type === 3 ? fake.select(first!.custom_id, first!.options.slice(0, first!.min_values).map((o: Json) => o.value)) : fake.click(first!.custom_id);
    const answered = (await fake.callback(answer)).body;
    // The result updates the ephemeral question message in place (UPDATE_MESSAGE).
    expect(answered.type).toBe(7);
    expect(answered.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('stops cleanly on SIGTERM', async () => {
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(stderr).not.toMatch(/error/i);
  });
});
