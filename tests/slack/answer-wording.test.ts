// How answers read on Slack, through the real Bolt app and the fake Slack API: yes/no leads as
// sentences, parties named as a sentence names them, a short card with the detail behind "More",
// "Quiz me on this" however the answer was reached, and a service card's most relevant topics first.
import { beforeEach, describe, expect, it } from 'vitest';
import { blockTexts, buttonsOf, type Harness, useHarness } from './support/harness.ts';

const harness = useHarness();
let h: Harness;
beforeEach(() => {
  h = harness();
});

async function slash(text: string) {
  const responseUrl = h.fake.responseUrl();
  await h.requests.slash('/responsibot', text, { responseUrl });
  return (await h.fake.waitFor((c) => c.method === 'response_url' && c.path === new URL(responseUrl).pathname)).body;
}

async function click(button: ReturnType<typeof buttonsOf>[number]) {
  const responseUrl = h.fake.responseUrl();
  await h.requests.clickButton(button, { responseUrl });
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

const labels = (message: any) => buttonsOf(message.blocks).map((b) => b.text.text);
const sentences = (text: string) => text.match(/[^.!?]+[.!?]+/g)?.length ?? 0;

describe('answers on Slack', () => {
  it('leads a yes/no question with a sentence, keeps the card short and puts what each side does behind "More"', async () => {
    const message = await slash('is aws responsible for encrypting my ebs volumes?');
    const [section] = blockTexts(message.blocks, 'section');
    expect(section).toMatch(/^No — the customer is\. Encrypting EBS volumes\. /);
    // The lead, the title and two sentences of the explanation; nothing about each side's duties yet.
    expect(sentences(section!)).toBeLessThanOrEqual(4);
    expect(JSON.stringify(message.blocks)).not.toContain('What the customer does');
    expect(labels(message)).toContain('More');

    const more = await click(buttonsOf(message.blocks).find((b) => b.text.text === 'More')!);
    const fields = blockTexts(more.blocks, 'section').join('\n');
    expect(fields).toContain('*What AWS does*');
    expect(fields).toContain('*What the customer does*');
    expect(fields).not.toMatch(/What Customer does/);
  });

  it('names the customer as a sentence would on a service card, which lists its everyday duties before incidents and offers "Quiz me on this"', async () => {
    const card = await slash('iam');
    expect(blockTexts(card.blocks, 'header')).toEqual(['AWS IAM: who does what']);
    const fields = blockTexts(card.blocks, 'section').join('\n');
    expect(fields).toContain('*What the customer does*');
    // The card says the customer "creates users, groups, roles and policies": those topics lead, the
    // leaked-keys incident does not.
    expect(labels(card)[0]).toBe('Creating and managing IAM users and groups');
    expect(labels(card)).not.toContain('Access keys leaked by committing them to GitHub');
    expect(labels(card)).toContain('Quiz me on this');

    // A topic picked from the card offers a quiz on it too.
    const topic = await click(buttonsOf(card.blocks)[0]!);
    expect(blockTexts(topic.blocks, 'header')).toEqual(['The customer is responsible']);
    expect(labels(topic)).toContain('Quiz me on this');
  });

  it('offers "Quiz me on this" on an answer reached through "did you mean", and it asks a question', async () => {
    const vague = await slash('network');
    const guess = buttonsOf(vague.blocks).find((b) => b.text.text.startsWith('Did you mean'))!;
    const picked = await click(guess);
    const quizMe = buttonsOf(picked.blocks).find((b) => b.text.text === 'Quiz me on this');
    expect(quizMe).toBeDefined();
    const question = await click(quizMe!);
    expect(blockTexts(question.blocks, 'header')[0]).toMatch(/question/i);
    expect(blockTexts(question.blocks, 'section').join('\n')).toMatch(/^A\. /m);
  });
});
