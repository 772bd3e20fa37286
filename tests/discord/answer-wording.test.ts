// How answers read on Discord, through the real discord.js client and the fake Discord: yes/no leads
// as sentences, parties named as a sentence names them, a short embed with the detail behind "More",
// "Quiz me on this" however the answer was reached, and a service card's most relevant topics first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore } from '../support/core.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import type { Json, SentInteraction } from './support/fake-discord.ts';

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot(makeCore());
});
afterAll(async () => {
  await bot?.close();
});

const ask = (q: string) => data(bot.fake.chatInput('who', [{ name: 'question', type: 3, value: q }]));
const data = async (i: SentInteraction): Promise<Json> => (await bot.fake.callback(i)).body.data;
const embed = (d: Json) => d.embeds[0];
const buttons = (d: Json): { custom_id: string; label: string }[] => (d.components ?? []).flatMap((row: Json) => row.components);
const press = (d: Json, label: string | RegExp) => data(bot.fake.click(buttons(d).find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)))!.custom_id));
/** Text as Discord shows it: markdown escapes removed. */
const shown = (text: string) => text.replace(/\\([^\w\s])/g, '$1');

describe('answers on Discord', () => {
  it('leads a yes/no question with a sentence, keeps the embed short and puts what each side does behind "More"', async () => {
    const d = await ask('is aws responsible for encrypting my ebs volumes?');
    expect(embed(d).title).toBe('The customer is responsible');
    const description = shown(embed(d).description);
    expect(description).toMatch(/^No — the customer is\. Encrypting EBS volumes\. /);
    expect(description.match(/[^.!?]+[.!?]+/g)!.length).toBeLessThanOrEqual(4);
    expect((embed(d).fields ?? []).map((f: Json) => f.name)).not.toContain('What the customer does');

    const more = await press(d, 'More');
    expect(embed(more).fields.map((f: Json) => f.name)).toEqual(['What AWS does', 'What the customer does']);
  });

  it('names the customer as a sentence would on a service card, lists its everyday duties first, and offers "Quiz me on this" there and on its topics', async () => {
    const card = await ask('iam');
    expect(embed(card).title).toBe('AWS IAM: who does what');
    expect(embed(card).fields.map((f: Json) => f.name)).toEqual(['What AWS does', 'What the customer does']);
    const labels = buttons(card).map((b) => b.label);
    expect(labels[0]).toBe('Creating and managing IAM users and groups');
    expect(labels).not.toContain('Access keys leaked by committing them to GitHub');
    expect(labels).toContain('Quiz me on this');

    const topic = await press(card, 'Creating and managing IAM users and groups');
    expect(embed(topic).title).toBe('The customer is responsible');
    expect(buttons(topic).map((b) => b.label)).toContain('Quiz me on this');
  });

  it('offers "Quiz me on this" on an answer reached through "did you mean", and it asks a question', async () => {
    const vague = await ask('ssh');
    const picked = await press(vague, /^Did you mean/);
    const question = await press(picked, 'Quiz me on this');
    expect(embed(question).title).toMatch(/question/i);
  });
});
