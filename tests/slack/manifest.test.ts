// manifest.json is what installs the app; its slash commands must be exactly the registry's commands,
// so a command added to the core without the manifest (or the other way round) fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../src/adapters/slack/scopes.ts';
import { makeCore } from '../support/core.ts';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
const commands = makeCore().registry.list();

describe('manifest.json', () => {
  it('declares one slash command per registry command, with the same name and description', () => {
    const declared = manifest.features.slash_commands.map((c: any) => ({ command: c.command, description: c.description }));
    const expected = commands.map((c) => ({ command: `/${c.name}`, description: c.description }));
    expect(sortBy(declared)).toEqual(sortBy(expected));
  });

  it('gives each command the usage hint from its usage line', () => {
    for (const c of commands) {
      const declared = manifest.features.slash_commands.find((s: any) => s.command === `/${c.name}`);
      const hint = c.usage.replace(new RegExp(`^/${c.name}\\s*`), '');
      expect(declared.usage_hint ?? '').toBe(hint);
    }
  });

  it('subscribes to the events the adapter handles, with the scopes they need', () => {
    // app_uninstalled and tokens_revoked: clean-up when a workspace lets the bot go (OAuth distribution).
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'app_uninstalled', 'message.im', 'tokens_revoked']);
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const s of ['commands', 'chat:write', 'app_mentions:read', 'im:history', 'im:read', 'im:write', 'users:read', 'channels:history']) expect(scopes).toContain(s);
    // conversations.info / conversations.members: is the bot in the channel, may this user see its schedule.
    for (const s of ['channels:read', 'groups:read', 'mpim:read']) expect(scopes).toContain(s);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    // "Add to Slack" asks for exactly the manifest's scopes.
    expect([...scopes].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.features.bot_user.display_name).toBeTruthy();
  });
});

function sortBy<T extends { command: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.command.localeCompare(b.command));
}
