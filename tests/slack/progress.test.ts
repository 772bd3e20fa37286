// Practice rounds, /quiz stats and the App Home's "Practice now" through the real Bolt app, on the
// small study pack with a FakeClock.
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { seeded } from '../support/quiz.ts';
import { writeStudyPack } from '../support/study-pack.ts';
import { blockTexts, buttonsOf, checkboxesOf, submitWith, useHarness, type Harness } from './support/harness.ts';

const study = writeStudyPack();
const clock = new FakeClock('2026-11-23T10:00:00Z');
const harness = useHarness({ packs: study.packs, core: { clock, quiz: { random: seeded(3) } } });
afterAll(() => study.remove());
const DAY = 24 * 60 * 60_000;

/** A slash command; resolves with the `count` messages it answered with (in the ack or through response_url). */
async function slash(h: Harness, text: string, userId: string, count = 1): Promise<Record<string, any>[]> {
  const responseUrl = h.fake.responseUrl();
  const path = new URL(responseUrl).pathname;
  const answers = () => h.fake.callsOf('response_url').filter((c) => c.path === path);
  await h.requests.slash('/quiz', text, { responseUrl, userId, channelId: 'C0QUIZ' });
  await h.fake.waitFor(() => answers().length >= count);
  return answers().map((c) => c.body);
}

async function click(h: Harness, button: Parameters<Harness['requests']['clickButton']>[0], userId: string): Promise<Record<string, any>> {
  const responseUrl = h.fake.responseUrl();
  await h.requests.clickButton(button, { responseUrl, userId, channelId: 'C0QUIZ', ephemeral: true });
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

const read = (m: Record<string, any>) => [m.text, ...['header', 'section', 'context'].flatMap((t) => blockTexts(m.blocks, t))].join('\n');

/** Answers a practice question message wrong (the first wrong option, or a wrong set of boxes). */
async function answerWrong(h: Harness, question: Record<string, any>, userId: string): Promise<Record<string, any>> {
  const buttons = buttonsOf(question.blocks).filter((b) => b.action_id.startsWith('quiz.answer:'));
  const boxes = checkboxesOf(question.blocks)[0];
  const postId = boxes ? boxes.block_id.split('|')[1]! : buttons[0]!.value.split(':')[0]!;
  const q = h.core.quiz!.bank.get((await h.core.quiz!.store.getPost(postId))!.questionId)!;
  const wrong = [...q.options.keys()].find((i) => !q.correct.includes(i))!;
  return click(h, boxes ? submitWith(question.blocks, [wrong, ...q.correct.slice(1)].map(String)) : buttons[wrong]!, userId);
}

describe('practice and progress on Slack', () => {
  it('runs a practice round of 2, each question ephemeral, then the round’s score', async () => {
    const h = harness();
    const replies = await slash(h, 'practice 2 hypervisor', 'U0ANN', 2);
    const intro = replies.find((r) => read(r).includes('Practice round of 2'));
    const first = replies.find((r) => r !== intro);
    expect(intro).toBeDefined();
    expect(blockTexts(first!.blocks, 'header')).toEqual(['Practice round: 1 of 2']);
    const result = await answerWrong(h, first!, 'U0ANN');
    expect(read(result)).toContain('Rated Again.');
    // One card for the round: the result replaces its question (saying it again), the next question the result.
    expect(result.replace_original).toBe(true);
    expect(blockTexts(result.blocks, 'section')).toContain(blockTexts(first!.blocks, 'section')[0]);
    const next = buttonsOf(result.blocks).find((b) => b.text.text === 'Next question (2 of 2)')!;
    const second = await click(h, next, 'U0ANN');
    expect(second.response_type).toBe('ephemeral');
    expect(second.replace_original).toBe(true);
    expect(blockTexts(second.blocks, 'header')).toEqual(['Practice round: 2 of 2']);
    const done = await answerWrong(h, second, 'U0ANN');
    expect(read(done)).toContain('Round done: 0 of 2 right.');
    expect(done.replace_original).toBe(true);
    // "Another round" leaves the round's score where it is and starts anew.
    const another = await click(h, buttonsOf(done.blocks).find((b) => b.text.text === 'Another round')!, 'U0ANN');
    expect(another.replace_original).toBe(false);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('shows domains, topics and reviews due in /quiz stats and on the App Home, whose "Practice now" DMs a round', async () => {
    const h = harness();
    const [question] = await slash(h, 'practice guest-os', 'U0BOB');
    await answerWrong(h, question!, 'U0BOB');
    clock.advance(DAY);
    const [stats] = await slash(h, 'stats', 'U0BOB');
    const fields = blockTexts(stats!.blocks, 'section').join('\n');
    expect(fields).toContain('*Reviews due*\n1 now');
    expect(fields).toContain('*By study domain*\nOperations: 1 answered, 0% right, 1 due\nNot practised yet: Infrastructure');
    expect(buttonsOf(stats!.blocks).map((b) => b.text.text)).toContain('Practice now · 1 review due');

    await h.requests.event({ type: 'app_home_opened', user: 'U0BOB', channel: 'DU0BOB', tab: 'home' });
    const home = (await h.fake.waitFor((c) => c.method === 'views.publish')).body.view.blocks;
    expect(blockTexts(home, 'section').join('\n')).toContain('*By study domain*\nOperations: 1 answered, 0% right, 1 due');
    const practiceNow = buttonsOf(home).find((b) => b.text.text === 'Practice now · 1 review due')!;
    // A button on the Home tab has no response_url: the round arrives as a direct message.
    await h.requests.clickButton(practiceNow, { userId: 'U0BOB', channelId: '' });
    const dm = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DU0BOB' && read(c.body).includes('Practice round: 1 of 5'));
    // The due review comes first: the question bob got wrong.
    expect(read(dm.body)).toContain(blockTexts(question!.blocks, 'section')[0]!);
  });
});
