// Diagrams in Slack: the text answer goes out first and unchanged, then the picture is uploaded through
// the Web API (getUploadURLExternal, the bytes, completeUploadExternal) — into the asker's DM for a
// private answer, into the thread for a mention. The fake Slack keeps the bytes, which decode as the PNG.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ResvgRenderer } from '../../src/adapters/images/resvg-renderer.ts';
import type { SvgRenderer } from '../../src/core/ports/svg-renderer.ts';
import { serviceDiagram } from '../../src/core/diagram/build.ts';
import { recordingLogger } from '../discord/support/bot.ts';
import { decode } from '../diagram/support.ts';
import { BOT_USER_ID } from './support/fake-slack.ts';
import { blockTexts, type Harness, useHarness } from './support/harness.ts';

let failRenders = false;
const real = new ResvgRenderer();
const renderer: SvgRenderer = { renderPng: async (svg) => (failRenders ? Promise.reject(new Error('renderer down')) : real.renderPng(svg)) };
const log = recordingLogger();
const harness = useHarness({ core: { renderer, log } });
let h: Harness;
beforeEach(() => {
  h = harness();
  failRenders = false;
});
afterAll(() => void (failRenders = false));

async function uploaded() {
  const done = await h.fake.waitFor((c) => c.method === 'files.completeUploadExternal');
  const id = (done.body.files as { id: string }[])[0]!.id;
  return { call: done, file: h.fake.files.get(id)! };
}

describe('diagrams in Slack', () => {
  it('answers /who in text at once, then uploads the diagram to the asker’s DM (private answers cannot carry files)', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.requests.slash('/responsibot', 'who patches the OS on EC2 vs RDS vs Lambda?', { responseUrl, userId: 'U0ANN' });
    const answer = await h.fake.waitFor((c) => c.method === 'response_url');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blockTexts(answer.body.blocks, 'header')).toEqual(['It depends on the service']);
    const { file } = await uploaded();
    expect(file.channel).toBe('DU0ANN');
    expect(file.filename).toMatch(/^responsibility-amazon-ec2-vs-amazon-rds-vs-aws-lambda-[0-9a-f]{8}\.png$/);
    expect(file.altText).toContain('Highlighted: Operating system of your instances.');
    expect(file.altText!.length).toBeLessThanOrEqual(1000);
    const png = decode(file.data!);
    expect(png.width).toBeGreaterThan(600);
    expect(png.at(20, 20)).toBe('#ffffff');
    // The upload came after the answer: the picture never holds the text back.
    const order = h.fake.calls.map((c) => c.method);
    expect(order.indexOf('response_url')).toBeLessThan(order.indexOf('files.getUploadURLExternal'));
  });

  it('uploads a mention’s diagram into its thread', async () => {
    const ts = h.requests.nextTs();
    await h.requests.event({ type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> who patches the guest OS on EC2?`, ts, channel: 'C0GENERAL' });
    const { file } = await uploaded();
    expect(file).toMatchObject({ channel: 'C0GENERAL', threadTs: ts });
    expect(h.fake.callsOf('chat.postMessage')[0]!.body.thread_ts).toBe(ts);
  });

  it('asks for files:write in the manifest', async () => {
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync('manifest.json', 'utf8')).oauth_config.scopes.bot).toContain('files:write');
  });

  it('still answers when the diagram cannot be drawn, and logs the failure once', async () => {
    failRenders = true;
    const before = log.lines.filter((l) => l.msg.includes('could not render a diagram')).length;
    for (let i = 0; i < 2; i++) {
      const responseUrl = h.fake.responseUrl();
      await h.requests.slash('/responsibot', 'who patches the database engine on RDS?', { responseUrl });
      const answer = await h.fake.waitFor((c) => c.method === 'response_url' && c.path === new URL(responseUrl).pathname);
      expect(blockTexts(answer.body.blocks, 'header').join()).toMatch(/responsible/);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.callsOf('files.getUploadURLExternal')).toEqual([]);
    expect(log.lines.filter((l) => l.msg.includes('could not render a diagram')).length - before).toBe(1);
  });
});

describe('quiz reveals in Slack channels', () => {
  it('uploads a revealed question’s diagram into the question’s thread', async () => {
    const to = { platform: 'slack' as const, workspaceId: 'T0TEAM', channelId: 'C0QUIZ' };
    const posted = await h.slack.messenger.post(to, { visibility: 'public', text: 'Question 1', blocks: [{ type: 'section', text: 'Question 1' }] });
    const pack = h.core.packs.find((p) => p.id === 'aws-srm')!;
    const image = serviceDiagram(pack, pack.services.find((s) => s.id === 'lambda')!, 'language-runtime');
    await h.slack.messenger.update(posted, { visibility: 'public', text: 'Question 1: closed', blocks: [{ type: 'section', text: 'closed' }], image });
    const { file } = await uploaded();
    expect(file).toMatchObject({ channel: 'C0QUIZ', threadTs: posted.messageId });
    expect(file.altText).toContain('AWS Lambda');
  });
});
