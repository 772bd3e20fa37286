// Starting and stopping the adapter. With an app token it uses Socket Mode: it opens a WebSocket from
// apps.connections.open (with the app token), acks each envelope, and answers as in HTTP mode. A bad
// token or a missing secret stops the start with a clear error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../src/adapters/slack/index.ts';
import { makeCore } from '../support/core.ts';
import { FakeSlack, TEAM_ID } from './support/fake-slack.ts';
import { blockTexts } from './support/harness.ts';

let fake: FakeSlack;
let slack: RunningSlack | undefined;

beforeAll(async () => {
  fake = await FakeSlack.start();
  const core = makeCore();
  slack = await startSlack({ core, botToken: 'xoxb-test-token', appToken: 'xapp-test-token', port: 0, apiUrl: fake.apiUrl, adminUsers: [], log: core.log });
  await fake.socketConnected();
});
afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

describe('Socket Mode', () => {
  it('connects with the app token and listens on no port', () => {
    expect(slack!.port).toBe(0);
    expect(fake.callsOf('apps.connections.open')[0]!.token).toBe('xapp-test-token');
  });

  it('acks a slash command envelope with the answer in the acknowledgement', async () => {
    const responseUrl = fake.responseUrl();
    const ack = await fake.sendEnvelope('slash_commands', {
      token: 'x', team_id: TEAM_ID, team_domain: 'test', channel_id: 'C0GENERAL', channel_name: 'general', user_id: 'U0ANN', user_name: 'ann',
      command: '/responsibot', text: 'who patches the hypervisor?', api_app_id: 'A0APP', response_url: responseUrl, trigger_id: '1.2.3',
    });
    expect(ack.body.envelope_id).toBeTruthy();
    const answer = ack.body.payload;
    expect(answer.response_type).toBe('ephemeral');
    expect(blockTexts(answer.blocks, 'header')).toEqual(['AWS is responsible']);
  });

  it('closes the WebSocket on stop()', async () => {
    await slack!.stop();
    await fake.waitFor((c) => c.method === 'socket_closed');
    slack = undefined;
  });
});

describe('startSlack', () => {
  it('fails the start when Slack rejects the bot token', async () => {
    const local = await FakeSlack.start();
    try {
      local.failNext('auth.test', { error: 'invalid_auth' });
      const core = makeCore();
      await expect(startSlack({ core, botToken: 'xoxb-wrong', signingSecret: 's', port: 0, host: '127.0.0.1', apiUrl: local.apiUrl, adminUsers: [], log: core.log })).rejects.toThrow(/invalid_auth/);
      expect(core.messengers.has('slack')).toBe(false);
    } finally {
      await local.close();
    }
  });

  it('needs an app token or a signing secret', async () => {
    const core = makeCore();
    await expect(startSlack({ core, botToken: 'xoxb-x', port: 0, adminUsers: [], log: core.log })).rejects.toThrow(/app token .* or a signing secret/);
  });

  it('stops listening on stop()', async () => {
    const local = await FakeSlack.start();
    try {
      const core = makeCore();
      const running = await startSlack({ core, botToken: 'xoxb-test-token', signingSecret: 's', port: 0, host: '127.0.0.1', apiUrl: local.apiUrl, adminUsers: [], log: core.log });
      expect(running.port).toBeGreaterThan(0);
      await running.stop();
      await expect(fetch(`http://127.0.0.1:${running.port}/slack/events`, { method: 'POST', body: '{}' })).rejects.toThrow();
      expect(core.messengers.has('slack')).toBe(false);
    } finally {
      await local.close();
    }
  });
});
