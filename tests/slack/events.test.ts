// Events and request verification end to end: mentions answered in a thread, DMs in the DM, the App
// Home published, Slack's URL check, and forged or replayed requests refused.
import { beforeEach, describe, expect, it } from 'vitest';
import { CaptureLog } from './support/capture-log.ts';
import { BOT_USER_ID, FakeSlack } from './support/fake-slack.ts';
import { blockTexts, buttonsOf, startHarness, type Harness, useHarness } from './support/harness.ts';
import { sign } from './support/slack-requests.ts';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('mentions', () => {
  it('answers "@Responsibot who patches RDS?" publicly, in a thread under the mention', async () => {
    const ts = h.requests.nextTs();
    const res = await h.requests.event({ type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> who patches the hypervisor?`, ts, channel: 'C0GENERAL' });
    expect(res.status).toBe(200);
    const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.token).toBe('xoxb-test-token');
    expect(post.body.channel).toBe('C0GENERAL');
    expect(post.body.thread_ts).toBe(ts);
    expect(blockTexts(post.body.blocks, 'header')).toEqual(['AWS is responsible']);
    expect(String(post.body.unfurl_links)).toBe('false');
    // Already public: no "Share in channel" button.
    expect(buttonsOf(post.body.blocks).map((b) => b.text.text)).not.toContain('Share in channel');
  });

  it('replies in the existing thread when mentioned inside one', async () => {
    const parent = h.requests.nextTs();
    await h.requests.event({ type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> lambda`, ts: h.requests.nextTs(), thread_ts: parent, channel: 'C0GENERAL' });
    const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body.thread_ts).toBe(parent);
  });

  it('does not answer twice when Slack re-sends the same mention: the same process skips the retry', async () => {
    const log = new CaptureLog();
    const local = await startHarness({ core: { log } });
    try {
      const mention = { type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> who patches the hypervisor?`, ts: `${Math.floor(Date.now() / 1000)}.000100`, channel: 'C0GENERAL' };
      await local.requests.event(mention, { eventId: 'EvSAME' });
      await local.fake.waitFor((c) => c.method === 'chat.postMessage');
      await local.requests.event(mention, { eventId: 'EvSAME', retryNum: 1 });
      await log.waitFor(/re-sent an event this process already handled/);
      await local.slack.stop();
      expect(local.fake.callsOf('chat.postMessage')).toHaveLength(1);
    } finally {
      await local.stop();
    }
  });

  it('does not answer twice when the re-sent mention reaches a restarted process: it finds the first answer', async () => {
    const fake = await FakeSlack.start();
    try {
      const mention = { type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> who patches the hypervisor?`, ts: `${Math.floor(Date.now() / 1000)}.000100`, channel: 'C0GENERAL' };
      const first = await startHarness({ fake });
      await first.requests.event(mention, { eventId: 'EvSAME' });
      await fake.waitFor((c) => c.method === 'chat.postMessage');
      await first.stop();
      const second = await startHarness({ fake });
      await second.requests.event(mention, { eventId: 'EvSAME', retryNum: 1 });
      await fake.waitFor((c) => c.method === 'conversations.replies');
      await second.stop();
      expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('runs a command when the text starts with a command word', async () => {
    await h.requests.event({ type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> help`, ts: h.requests.nextTs(), channel: 'C0GENERAL' });
    const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(JSON.stringify(post.body.blocks)).toContain('/responsibot &lt;question&gt;');
  });
});

describe('direct messages', () => {
  it('answers a DM in the DM', async () => {
    await h.requests.event({ type: 'message', channel_type: 'im', channel: 'D0ANN', user: 'U0ANN', text: 'who patches the guest OS on EC2', ts: h.requests.nextTs() });
    const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body.channel).toBe('D0ANN');
    expect(post.body.thread_ts).toBeUndefined();
    expect(blockTexts(post.body.blocks, 'header')).toEqual(['The customer is responsible']);
  });

  it('ignores bot messages and message subtypes', async () => {
    // Its own adapter, so stop() can drain every in-flight handler before we count the posts.
    const local = await startHarness();
    try {
      await local.requests.event({ type: 'message', channel_type: 'im', channel: 'D0ANN', user: 'U0OTHER', bot_id: 'B0OTHER', text: 'who patches RDS?', ts: local.requests.nextTs() });
      await local.requests.event({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0ANN', user: 'U0ANN', text: 'who patches RDS?', ts: local.requests.nextTs() });
      await local.requests.event({ type: 'message', channel_type: 'im', channel: 'D0ANN', user: 'U0ANN', text: 'lambda', ts: local.requests.nextTs() });
      await local.fake.waitFor((c) => c.method === 'chat.postMessage');
      await local.slack.stop();
      expect(local.fake.callsOf('chat.postMessage')).toHaveLength(1);
    } finally {
      await local.stop();
    }
  });
});

describe('App Home', () => {
  it('publishes the home tab with how to use the bot and the quiz part', async () => {
    await h.requests.event({ type: 'app_home_opened', user: 'U0ANN', channel: 'D0ANN', tab: 'home' });
    const publish = await h.fake.waitFor((c) => c.method === 'views.publish');
    expect(publish.body.user_id).toBe('U0ANN');
    expect(publish.body.view.type).toBe('home');
    const text = JSON.stringify(publish.body.view.blocks);
    for (const c of h.core.registry.list()) expect(text).toContain(c.description);
    expect(text).toContain('Your quiz');
  });

  it('waits out a 429 on views.publish and publishes once after Retry-After', async () => {
    h.fake.failNext('views.publish', { status: 429, retryAfter: 1 });
    await h.requests.event({ type: 'app_home_opened', user: 'U0ANN', channel: 'D0ANN', tab: 'home' });
    const ok = await h.fake.waitFor((c) => c.method === 'views.publish' && c.ok);
    const [limited] = h.fake.callsOf('views.publish');
    expect(limited!.status).toBe(429);
    expect(ok.at - limited!.at).toBeGreaterThanOrEqual(1000);
  });
});

describe('request verification', () => {
  it('answers Slack’s url_verification challenge', async () => {
    const res = await h.requests.send(JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }), 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('refuses a request with a bad signature (401) and does nothing', async () => {
    const res = await h.requests.slash('/responsibot', 'who patches the hypervisor?', { responseUrl: h.fake.responseUrl() }, { signature: sign('not-the-secret', Math.floor(Date.now() / 1000), 'x') });
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed but stale request (older than 5 minutes) with 401', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.requests.event({ type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> hi`, ts: h.requests.nextTs(), channel: 'C0GENERAL' }, { timestamp: stale });
    expect(res.status).toBe(401);
  });
});
