// Reading what people type in Slack: Slack's own markup turned into plain text, the bot mention
// removed, and a leading command word routed to that command.
import { describe, expect, it } from 'vitest';
import { escapeText, escapeWithin, plainFromSlack } from '../../src/adapters/slack/escape.ts';
import { commandFromMessage } from '../../src/adapters/slack/incoming.ts';
import { makeCore } from '../support/core.ts';

const registry = makeCore().registry;

describe('plainFromSlack', () => {
  it('turns Slack tokens and entities into readable plain text', () => {
    expect(plainFromSlack('<!channel> <@U123> <@U9|ann> <!here> <#C1|general> <https://x.example|docs> <mailto:a@b.c> &amp; &lt;b&gt;')).toBe('@channel @U123 @ann @here #general docs mailto:a@b.c & <b>');
  });

  it('keeps a stray "<b>" and decodes "&amp;lt;" only once', () => {
    expect(plainFromSlack('<b> &amp;lt;')).toBe('<b> &lt;');
  });

  it('round-trips through escapeText', () => {
    expect(plainFromSlack(escapeText('a & <b> > c'))).toBe('a & <b> > c');
  });
});

describe('escapeWithin', () => {
  it('fits the escaped text into the limit without splitting an entity', () => {
    const out = escapeWithin('&&&&&&&&&&', 12);
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out).toMatch(/^(&amp;)+…$/);
  });
});

describe('commandFromMessage', () => {
  it('strips the bot mention and treats the rest as a /who question', () => {
    expect(commandFromMessage(registry, '<@UBOT> who patches RDS?', 'UBOT')).toEqual({ name: 'who', text: 'who patches RDS?' });
    expect(commandFromMessage(registry, '<@UBOT|responsibot> lambda', 'UBOT')).toEqual({ name: 'who', text: 'lambda' });
  });

  it('runs a registry command named by the first word, with or without a slash', () => {
    expect(commandFromMessage(registry, '<@UBOT> help', 'UBOT')).toEqual({ name: 'help', text: '' });
    expect(commandFromMessage(registry, '/help me', 'UBOT')).toEqual({ name: 'help', text: 'me' });
    expect(commandFromMessage(registry, '/who patches RDS?', 'UBOT')).toEqual({ name: 'who', text: 'patches RDS?' });
  });

  it('knows the Slack names of the commands people see in /responsibot-help', () => {
    expect(commandFromMessage(registry, '<@UBOT> responsibot-help', 'UBOT')).toEqual({ name: 'help', text: '' });
    expect(commandFromMessage(registry, '/responsibot patches RDS?', 'UBOT')).toEqual({ name: 'who', text: 'patches RDS?' });
    expect(commandFromMessage(registry, 'responsibot lambda', 'UBOT')).toEqual({ name: 'who', text: 'lambda' });
  });

  it('does not mistake a word that merely starts like a command for one', () => {
    expect(commandFromMessage(registry, 'helpdesk access', 'UBOT')).toEqual({ name: 'who', text: 'helpdesk access' });
  });

  it('keeps other people’s mentions as readable text', () => {
    expect(commandFromMessage(registry, '<@UBOT> does <@U9|ann> patch EC2?', 'UBOT').text).toBe('does @ann patch EC2?');
  });
});
