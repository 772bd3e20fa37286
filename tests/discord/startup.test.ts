// Starting and stopping the adapter: a rejected token fails the start with a clear error and leaves
// nothing running; stop() detaches the messenger and closes the connection.
import { describe, expect, it } from 'vitest';
import { startDiscord } from '../../src/adapters/discord/index.ts';
import { makeCore } from '../support/core.ts';
import { recordingLogger } from './support/bot.ts';
import { FakeDiscord, IDS } from './support/fake-discord.ts';

describe('startDiscord', () => {
  it('fails the start when Discord rejects the token', async () => {
    const fake = await FakeDiscord.start();
    try {
      fake.fail('GET', /^\/gateway\/bot$/, 401, { code: 0, message: '401: Unauthorized' });
      const core = makeCore();
      await expect(startDiscord({ core, token: 'wrong', appId: IDS.app, apiUrl: fake.apiUrl, log: recordingLogger() })).rejects.toThrow(/Discord login failed: .*token/i);
      expect(core.messengers.has('discord')).toBe(false);
      expect(fake.identifies).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });

  it('attaches its messenger while running and detaches it on stop', async () => {
    const fake = await FakeDiscord.start();
    try {
      const core = makeCore();
      const log = recordingLogger();
      const adapter = await startDiscord({ core, token: 't', appId: '123', apiUrl: fake.apiUrl, log });
      expect(core.messengers.get('discord')).toBe(adapter.messenger);
      // A mismatched DISCORD_APP_ID is a configuration mistake worth a warning, not a crash.
      expect(log.lines.some((l) => l.level === 'warn' && /DISCORD_APP_ID/.test(l.msg))).toBe(true);
      await adapter.stop();
      expect(core.messengers.has('discord')).toBe(false);
      expect(adapter.client.isReady()).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
