// OAuth distribution with Socket Mode: the events come over the WebSocket (no public URL for them),
// the install pages are served on PORT, and each workspace is answered with its own token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../src/adapters/slack/index.ts';
import { makeCore } from '../support/core.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { blockTexts } from './support/harness.ts';
import { install, oauthWorld, type OAuthWorld } from './support/oauth.ts';

let fake: FakeSlack;
let w: OAuthWorld;
let slack: RunningSlack;

beforeAll(async () => {
  fake = await FakeSlack.start();
  w = oauthWorld(fake);
  const core = makeCore({ store: w.store });
  slack = await startSlack({ core, oauth: w.oauth, appToken: 'xapp-test-token', port: 0, apiUrl: fake.apiUrl, adminUsers: [], log: core.log });
  await fake.socketConnected();
});
afterAll(async () => {
  await slack?.stop();
  await fake?.close();
  await w?.close();
});

describe('OAuth with Socket Mode', () => {
  it('serves the install pages on their own port and answers the new workspace over the socket', async () => {
    expect(slack.port).toBeGreaterThan(0);
    expect((await install(`http://127.0.0.1:${slack.port}`, fake, 'T0BETA')).status).toBe(200);
    const token = [...fake.issuedTokens.keys()][0]!;

    const ack = await fake.sendEnvelope('slash_commands', {
      token: 'x', team_id: 'T0BETA', team_domain: 'beta', channel_id: 'C0BETA', channel_name: 'general', user_id: 'U0ANN', user_name: 'ann',
      command: '/responsibot', text: 'who patches the hypervisor?', api_app_id: 'A0APP', response_url: fake.responseUrl(), trigger_id: '1.2.3', is_enterprise_install: 'false',
    });
    expect(blockTexts(ack.body.payload.blocks, 'header')).toEqual(['AWS is responsible']);

    await fake.sendEnvelope('events_api', {
      token: 'x', team_id: 'T0BETA', api_app_id: 'A0APP', type: 'event_callback', event_id: 'Ev1', event_time: 1700000000,
      authorizations: [{ enterprise_id: null, team_id: 'T0BETA', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      event: { type: 'app_mention', user: 'U0ANN', text: '<@UBOT> who patches the hypervisor?', ts: '1700000002.000100', channel: 'C0BETA', event_ts: '1700000002.000100' },
    });
    const reply = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === '1700000002.000100');
    expect(reply.token).toBe(token);
  });
});
