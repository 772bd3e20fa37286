// Slash commands and buttons end to end: signed requests into the real Bolt app, answers read back from
// what the fake Slack received on the response_url.
import { beforeEach, describe, expect, it } from 'vitest';
import { blockTexts, buttonsOf, type Harness, useHarness } from './support/harness.ts';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

/** Runs a slash command and returns the first message posted to its response_url. */
async function slash(command: string, text: string, opts: { userName?: string } = {}) {
  const responseUrl = h.fake.responseUrl();
  const res = await h.requests.slash(command, text, { responseUrl, ...opts });
  expect(res.status).toBe(200);
  const call = await h.fake.waitFor((c) => c.method === 'response_url' && c.path === new URL(responseUrl).pathname);
  return { responseUrl, message: call.body };
}

describe('/responsibot (the core’s /who)', () => {
  it('answers privately with the verdict as a header: the hypervisor is AWS’s', async () => {
    const { message } = await slash('/responsibot', 'who patches the hypervisor?');
    expect(message.response_type).toBe('ephemeral');
    expect(blockTexts(message.blocks, 'header')).toEqual(['AWS is responsible']);
    expect(blockTexts(message.blocks, 'section').join('\n')).toContain('hypervisor');
    expect(blockTexts(message.blocks, 'context').join('\n')).toMatch(/^Source: /m);
    expect(message.text).toContain('AWS is responsible');
  });

  it('says the customer patches the guest OS on EC2', async () => {
    const { message } = await slash('/responsibot', 'who patches the guest OS on EC2');
    expect(blockTexts(message.blocks, 'header')).toEqual(['The customer is responsible']);
  });

  it('answers in the acknowledgement itself when the answer is ready at once (no extra round trip)', async () => {
    const responseUrl = h.fake.responseUrl();
    const res = await h.requests.slash('/responsibot', 'who patches the hypervisor?', { responseUrl });
    expect(res.status).toBe(200);
    const ack = JSON.parse(await res.text());
    expect(ack.response_type).toBe('ephemeral');
    expect(blockTexts(ack.blocks, 'header')).toEqual(['AWS is responsible']);
    // Nothing else was sent: the response_url only saw the acknowledgement the harness forwarded.
    expect(h.fake.callsOf('response_url').filter((c) => c.path === new URL(responseUrl).pathname)).toHaveLength(1);
  });

  it('shares the answer publicly with the same verdict when "Share in channel" is clicked', async () => {
    const { message } = await slash('/responsibot', 'who patches the hypervisor?', { userName: 'priya' });
    const share = buttonsOf(message.blocks).find((b) => b.text.text === 'Share in channel');
    expect(share).toBeDefined();
    const shareUrl = h.fake.responseUrl();
    expect((await h.requests.clickButton(share!, { responseUrl: shareUrl, userName: 'priya' })).status).toBe(200);
    const shared = await h.fake.waitFor((c) => c.path === new URL(shareUrl).pathname);
    expect(shared.body.response_type).toBe('in_channel');
    expect(shared.body.replace_original).toBe(false);
    expect(blockTexts(shared.body.blocks, 'header')).toEqual(['AWS is responsible']);
    expect(blockTexts(shared.body.blocks, 'context')).toContain('Shared by priya');
    expect(buttonsOf(shared.body.blocks).map((b) => b.text.text)).not.toContain('Share in channel');
  });

  it('offers "did you mean" buttons for a vague question, each with a unique action_id, and they work', async () => {
    const { message } = await slash('/responsibot', 'network');
    const buttons = buttonsOf(message.blocks);
    const didYouMean = buttons.filter((b) => b.text.text.startsWith('Did you mean'));
    expect(didYouMean.length).toBeGreaterThanOrEqual(2);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);

    const pickUrl = h.fake.responseUrl();
    await h.requests.clickButton(didYouMean[0]!, { responseUrl: pickUrl });
    const picked = await h.fake.waitFor((c) => c.path === new URL(pickUrl).pathname);
    expect(picked.body.response_type).toBe('ephemeral');
    expect(blockTexts(picked.body.blocks, 'header')[0]).toMatch(/responsib/);
    expect(blockTexts(picked.body.blocks, 'section').join(' ')).toContain(didYouMean[0]!.text.text.replace('Did you mean: ', '').slice(0, 20));
  });

  it('says it does not know rather than guessing on an out-of-scope question', async () => {
    const { message } = await slash('/responsibot', 'weather tomorrow');
    expect(blockTexts(message.blocks, 'header')).toEqual(["I don't know that one"]);
    expect(message.response_type).toBe('ephemeral');
  });

  it('shows the usage for an empty question', async () => {
    const { message } = await slash('/responsibot', '');
    expect(JSON.stringify(message.blocks)).toContain('Usage: /responsibot &lt;question&gt;');
  });
});

describe('/responsibot-help', () => {
  it('lists every registry command by the name Slack users type', async () => {
    const { message } = await slash('/responsibot-help', '');
    expect(message.response_type).toBe('ephemeral');
    const fields = blockTexts(message.blocks, 'section').join('\n');
    expect(fields).toContain('/responsibot &lt;question&gt;');
    expect(fields).toContain('/responsibot-help');
    expect(fields).toContain('/quiz');
    // Slack's own /who lists channel members: telling people to type it would send them there.
    expect(fields).not.toMatch(/\/who\b|\/help\b/);
    expect(message.text).not.toMatch(/\/who\b|\/help\b/);
  });
});

describe('a slash command the bot does not define', () => {
  it('points to /responsibot-help instead of leaving Slack to time out (e.g. a command renamed in the app settings)', async () => {
    const { message } = await slash('/whom', 'patches ec2');
    expect(message.response_type).toBe('ephemeral');
    expect(message.text).toContain('There is no /whom command');
    expect(message.text).toContain('Try /responsibot-help');
  });
});

describe('buttons', () => {
  it('answers a button without a response_url (App Home) in the user’s DM', async () => {
    await h.requests.clickButton({ action_id: 'who.topic:0', value: 'aws-srm/rds-host-os' }, { userId: 'U0ANN' });
    const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(h.fake.callsOf('conversations.open')[0]!.body.users).toBe('U0ANN');
    expect(post.body.channel).toBe('DU0ANN');
    expect(blockTexts(post.body.blocks, 'header')[0]).toMatch(/is responsible/);
  });

  it('answers a button whose action no longer exists instead of failing', async () => {
    const url = h.fake.responseUrl();
    await h.requests.clickButton({ action_id: 'gone.action:0', value: 'x' }, { responseUrl: url });
    const reply = await h.fake.waitFor((c) => c.path === new URL(url).pathname);
    expect(reply.body.text).toContain('no longer does anything');
  });
});
