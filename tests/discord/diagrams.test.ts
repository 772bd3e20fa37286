// Diagrams in Discord: the PNG is attached to the interaction response and shown in the embed
// (attachment://…), with the alt text as the attachment's description. A failed render still answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResvgRenderer } from '../../src/adapters/images/resvg-renderer.ts';
import type { SvgRenderer } from '../../src/core/ports/svg-renderer.ts';
import { makeCore } from '../support/core.ts';
import { decode, fillPoint } from '../diagram/support.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import { stackLayout } from '../../src/core/diagram/svg.ts';
import type { StackDiagram } from '../../src/core/diagram/diagram.ts';
import { diagramForAnswer, serviceDiagram } from '../../src/core/diagram/build.ts';
import { privateReply } from '../../src/core/reply/reply.ts';
import { IDS } from './support/fake-discord.ts';

let failRenders = false;
const real = new ResvgRenderer();
const renderer: SvgRenderer = { renderPng: async (svg) => (failRenders ? Promise.reject(new Error('renderer down')) : real.renderPng(svg)) };
let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot(makeCore({ renderer }));
});
afterAll(async () => {
  await bot.close();
});

const question = (value: string) => [{ name: 'question', type: 3, value }];

describe('diagrams in Discord', () => {
  it('attaches the diagram to the answer and shows it in the embed', async () => {
    const asked = 'who patches the guest OS on EC2?';
    const call = await bot.fake.callback(bot.fake.chatInput('who', question(asked)));
    const data = call.body.data;
    expect(data.embeds[0].title).toBe('The customer is responsible');
    const [file] = call.files!;
    expect(data.embeds[0].image.url).toBe(`attachment://${file!.name}`);
    expect(file!.name).toMatch(/^responsibility-amazon-ec2-who-secures-what-[0-9a-f]{8}\.png$/);
    expect(data.attachments[0].description).toContain('Highlighted: Operating system of your instances.');
    // The picture is the one the core drew: the highlighted guest OS is the customer's blue on EC2.
    const d = diagramForAnswer(bot.core.engine.answer(asked)) as StackDiagram;
    const png = decode(file!.data);
    const layout = stackLayout(d);
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    expect(png.at(...fillPoint(layout.cells[d.rows.findIndex((r) => r.id === 'guest-os')]![0]!))).toBe('#2e86de');
  });

  it('answers without a picture when it cannot be drawn', async () => {
    failRenders = true;
    try {
      const call = await bot.fake.callback(bot.fake.chatInput('who', question('who patches the database engine on RDS?')));
      expect(call.files).toBeUndefined();
      expect(call.body.data.embeds[0].title).toBe('AWS is responsible');
      expect(call.body.data.embeds[0].image).toBeUndefined();
    } finally {
      failRenders = false;
    }
  });
});

describe('quiz reveals in Discord channels', () => {
  it('edits the revealed question with its diagram attached and shown in the embed', async () => {
    const messenger = bot.core.messengers.get('discord')!;
    const to = { platform: 'discord' as const, workspaceId: IDS.guild, channelId: IDS.channel };
    const posted = await messenger.post(to, privateReply('Question 1'));
    const pack = bot.core.packs.find((p) => p.id === 'aws-srm')!;
    const image = serviceDiagram(pack, pack.services.find((s) => s.id === 'rds')!, 'platform');
    await messenger.update(posted, { ...privateReply('Question 1: closed'), visibility: 'public', image });
    const edit = bot.fake.requests.find((r) => r.method === 'PATCH' && r.path === `/channels/${IDS.channel}/messages/${posted.messageId}`)!;
    const [file] = edit.files!;
    expect(edit.body.embeds[0].image.url).toBe(`attachment://${file!.name}`);
    expect(edit.body.attachments[0]).toMatchObject({ filename: file!.name });
    expect(edit.body.attachments[0].description).toContain('Amazon RDS');
    expect(decode(file!.data).width).toBeGreaterThan(400);
  });
});
