// manifest.json is what installs the app; its slash commands must be exactly the registry's commands
// under their Slack names, so a command added to the core without the manifest (or the other way
// round) fails here, and so does a name Slack keeps for itself (it refuses such a manifest).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SLACK_COMMAND_NAMES } from '../../src/adapters/slack/command-names.ts';
import { BOT_SCOPES } from '../../src/adapters/slack/scopes.ts';
import { localise, slash } from '../../src/core/commands/names.ts';
import { makeCore } from '../support/core.ts';
import { type Harness, useHarness } from './support/harness.ts';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
const commands = makeCore().registry.list();

/** Slack's built-in slash commands: an app manifest that declares one of these is rejected. */
const SLACK_BUILT_INS = ['me', 'status', 'away', 'dnd', 'shrug', 'remind', 'msg', 'feed', 'who', 'collapse', 'expand', 'leave', 'join', 'open', 'search', 'topic', 'mute', 'pro', 'shortcuts', 'invite', 'kick', 'archive', 'rename'];

describe('manifest.json', () => {
  it('declares no command Slack keeps for itself', () => {
    const declared: string[] = manifest.features.slash_commands.map((c: any) => c.command);
    for (const command of declared) {
      expect(command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(SLACK_BUILT_INS, `${command} is a Slack built-in`).not.toContain(command.slice(1));
    }
  });

  it('declares one slash command per registry command, under its Slack name, with the same description', () => {
    const declared = manifest.features.slash_commands.map((c: any) => ({ command: c.command, description: c.description }));
    const expected = commands.map((c) => ({ command: slash(SLACK_COMMAND_NAMES, c.name), description: c.description }));
    expect(sortBy(declared)).toEqual(sortBy(expected));
  });

  it('gives each command the usage hint from its usage line', () => {
    for (const c of commands) {
      const name = slash(SLACK_COMMAND_NAMES, c.name);
      const declared = manifest.features.slash_commands.find((s: any) => s.command === name);
      const hint = localise(c.usage, SLACK_COMMAND_NAMES).replace(new RegExp(`^${name}\\s*`), '');
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

describe('the manifest’s commands on the running app', () => {
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it('answers every declared command, and its usage and help name only declared commands', async () => {
    const declared: string[] = manifest.features.slash_commands.map((c: any) => c.command);
    for (const command of declared) {
      const responseUrl = h.fake.responseUrl();
      await h.requests.slash(command, '', { responseUrl });
      const call = await h.fake.waitFor((c) => c.method === 'response_url' && c.path === new URL(responseUrl).pathname);
      const shown = JSON.stringify([call.body.text, call.body.blocks]);
      expect(shown, command).not.toContain('There is no');
      // Every "/name" the answer tells people to type is one they can type here.
      for (const [, name] of shown.matchAll(/(?<![\w/.<])\/([a-z][\w-]*)/g)) expect(declared, `${command} mentions /${name}`).toContain(`/${name}`);
    }
  });
});

function sortBy<T extends { command: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.command.localeCompare(b.command));
}
