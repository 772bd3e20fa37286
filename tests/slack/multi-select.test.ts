// "Choose TWO" questions and per-option explanations through the real Bolt app: checkboxes and a
// submit button (the ticked boxes arrive in the click's state), on the small study pack.
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { seeded, wrongPicks } from '../support/quiz.ts';
import { writeStudyPack } from '../support/study-pack.ts';
import { blockTexts, buttonsOf, checkboxesOf, submitWith, useHarness, type Harness } from './support/harness.ts';

const study = writeStudyPack();
const clock = new FakeClock('2026-11-23T10:00:00Z');
const harness = useHarness({ packs: study.packs, core: { clock, quiz: { random: seeded(7) } } });
afterAll(() => study.remove());

async function slash(h: Harness, text: string, userId = 'U0ANN'): Promise<Record<string, any>> {
  const responseUrl = h.fake.responseUrl();
  await h.requests.slash('/quiz', text, { responseUrl, userId, channelId: 'C0QUIZ' });
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

async function click(h: Harness, button: Parameters<Harness['requests']['clickButton']>[0], extra: { userId?: string; messageTs?: string } = {}): Promise<Record<string, any>> {
  const responseUrl = h.fake.responseUrl();
  await h.requests.clickButton(button, { responseUrl, channelId: 'C0QUIZ', userId: extra.userId ?? 'U0ANN', ...(extra.messageTs ? { messageTs: extra.messageTs } : { ephemeral: true }) });
  return (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
}

const read = (m: Record<string, any>) => [m.text, ...['header', 'section', 'context'].flatMap((t) => blockTexts(m.blocks, t))].join('\n');
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('multi-select on Slack', () => {
  it('shows checkboxes and a submit button; scores the ticked set all or nothing, explaining each pick', async () => {
    const h = harness();
    const asked = await slash(h, 'practice patching');
    expect(asked.response_type).toBe('ephemeral');
    const [boxes] = checkboxesOf(asked.blocks);
    expect(boxes).toBeDefined();
    const postId = boxes!.block_id.split('|')[1]!;
    const q = h.core.quiz!.bank.get((await h.core.quiz!.store.getPost(postId))!.questionId)!;
    expect(blockTexts(asked.blocks, 'section').join('\n')).toContain(`(Choose ${q.correct.length === 2 ? 'TWO' : 'THREE'})`);
    expect(boxes!.options.map((o) => o.text.text)).toEqual(q.options.map((o, i) => `${'ABCDE'[i]}. ${o.text}`));
    const submit = buttonsOf(asked.blocks).find((b) => b.block_id === boxes!.block_id)!;
    expect(submit.text.text).toBe('Submit answer');
    expect(blockTexts(asked.blocks, 'context').join('\n')).toContain(`Choose ${q.correct.length === 2 ? 'TWO' : 'THREE'}, then press Submit answer.`);

    // Submit with one box ticked: told to pick the right number, nothing stored.
    const tooFew = await click(h, submitWith(asked.blocks, ['0']));
    expect(read(tooFew)).toContain(`pick exactly ${q.correct.length} options`);
    expect(await h.core.quiz!.store.answersForPost(postId)).toEqual([]);

    // The wrong set: "Not quite", every pick explained, the missed right option explained.
    const wrong = wrongPicks(q);
    const result = await click(h, submitWith(asked.blocks, wrong.map(String)));
    // It takes the private question's place (practice is one card that changes in place).
    expect(result).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(blockTexts(result.blocks, 'header')[0]).toMatch(/^Not quite\. You chose /);
    const fields = unescape(blockTexts(result.blocks, 'section').join('\n'));
    for (const i of wrong) expect(fields).toContain(`Your choice: ${'ABCDE'[i]}. ${q.options[i]!.text}*\n${q.options[i]!.why}`);
    for (const i of q.correct.filter((x) => !wrong.includes(x))) expect(fields).toContain(`Also right: ${'ABCDE'[i]}. ${q.options[i]!.text}*\n${q.options[i]!.why}`);
    expect((await h.core.quiz!.store.answersForPost(postId))[0]).toMatchObject({ choices: wrong, correct: false });
  });

  it('posts a multi-select round publicly and keeps its checkboxes (same block and action ids) through the live count', async () => {
    const h = harness();
    await slash(h, 'start 1 30 patching');
    const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.ok && c.body.channel === 'C0QUIZ');
    const ts = h.fake.messagesIn('C0QUIZ')[0]!.ts;
    const [boxes] = checkboxesOf(post.body.blocks);
    const postId = boxes!.block_id.split('|')[1]!;
    const q = h.core.quiz!.bank.get((await h.core.quiz!.store.getPost(postId))!.questionId)!;
    const right = await click(h, submitWith(post.body.blocks, q.correct.map(String)), { userId: 'U0BOB', messageTs: ts });
    expect(blockTexts(right.blocks, 'header')[0]).toMatch(/^Right: /);
    const update = await h.fake.waitFor((c) => c.method === 'chat.update' && read(c.body).includes('1 answer so far'));
    expect(checkboxesOf(update.body.blocks)).toEqual(checkboxesOf(post.body.blocks));
    expect(buttonsOf(update.body.blocks).map((b) => b.action_id)).toEqual(buttonsOf(post.body.blocks).map((b) => b.action_id));
    clock.advance(31_000);
    await h.core.quiz!.tick();
    const reveal = h.fake.callsOf('chat.update').at(-1)!;
    expect(checkboxesOf(reveal.body.blocks)).toEqual([]);
    const revealed = unescape(blockTexts(reveal.body.blocks, 'section').join('\n'));
    for (const [i, o] of q.options.entries()) expect(revealed).toContain(`${q.correct.includes(i) ? '✓' : '✗'} ${'ABCDE'[i]}. ${o.text}*\n${o.why}`);
  });
});
