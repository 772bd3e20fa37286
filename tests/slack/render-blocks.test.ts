// renderBlocks on its own: Block Kit shapes, Slack's limits and escaping, for hand-picked and random replies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeActionId, LIMITS, renderBlocks } from '../../src/adapters/slack/render-blocks.ts';
import type { Block, Button, Reply } from '../../src/core/reply/reply.ts';

const reply = (blocks: Block[], text = 'summary'): Reply => ({ visibility: 'private', text, blocks });
const button = (i: number, over: Partial<Button> = {}): Button => ({ action: 'who.topic', value: `pack/topic-${i}`, label: `Topic ${i}`, ...over });

/** Every text object in the rendered blocks, with its type and the limit that applies to it. */
function textsOf(blocks: any[]): { type: string; text: string; max: number }[] {
  return blocks.flatMap((b) => {
    if (b.type === 'header') return [{ ...b.text, max: LIMITS.header }];
    if (b.type === 'section') return [...(b.text ? [{ ...b.text, max: LIMITS.sectionText }] : []), ...(b.fields ?? []).map((f: any) => ({ ...f, max: LIMITS.fieldText }))];
    if (b.type === 'context') return b.elements.map((e: any) => ({ ...e, max: LIMITS.contextText }));
    if (b.type === 'actions') return b.elements.map((e: any) => ({ ...e.text, max: LIMITS.buttonText }));
    return [];
  });
}

const UNESCAPED = /[<>]|&(?!(amp|lt|gt);)/;

describe('renderBlocks', () => {
  it('renders each neutral block as its Block Kit counterpart', () => {
    const out = renderBlocks(
      reply([
        { type: 'header', text: 'AWS is responsible' },
        { type: 'section', text: 'The hypervisor' },
        { type: 'fields', fields: [{ label: 'What AWS does', value: 'Patches it' }] },
        { type: 'context', text: 'Source: AWS docs' },
        { type: 'divider' },
        { type: 'actions', buttons: [button(1, { style: 'primary' })] },
      ]),
    );
    expect(out.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'divider', 'actions']);
    expect(out.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'AWS is responsible', emoji: true } });
    expect(out.blocks[2]).toEqual({ type: 'section', fields: [{ type: 'mrkdwn', text: '*What AWS does*\nPatches it', verbatim: true }] });
    expect(out.blocks[5]).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Topic 1', emoji: true }, action_id: 'who.topic:0', value: 'pack/topic-1', style: 'primary' }] });
    expect(out.text).toBe('summary');
  });

  it('escapes &, < and > in every text, including the fallback, so nothing becomes a mention or link', () => {
    const hostile = '<!channel> <@U123> <!here|here> <https://evil.example|click> & <b>';
    const out = renderBlocks(
      reply(
        [
          { type: 'header', text: hostile },
          { type: 'section', text: hostile },
          { type: 'fields', fields: [{ label: hostile, value: hostile }] },
          { type: 'context', text: hostile },
          { type: 'actions', buttons: [button(1, { label: hostile })] },
        ],
        hostile,
      ),
    );
    const texts = [out.text, ...textsOf(out.blocks).map((t) => t.text)];
    expect(texts.filter((t) => UNESCAPED.test(t))).toEqual([]);
    expect(out.text).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;!here|here&gt; &lt;https://evil.example|click&gt; &amp; &lt;b&gt;');
    expect(out.blocks[1]).toMatchObject({ text: { type: 'plain_text' } });
  });

  it('clips texts to Slack’s limits without cutting an entity in half', () => {
    const long = '&'.repeat(5000);
    const out = renderBlocks(
      reply([
        { type: 'header', text: long },
        { type: 'section', text: long },
        { type: 'fields', fields: [{ label: 'L', value: long }] },
        { type: 'actions', buttons: [button(1, { label: 'x'.repeat(200) })] },
      ]),
    );
    for (const t of textsOf(out.blocks)) {
      expect(t.text.length).toBeLessThanOrEqual(t.max);
      expect(t.text.replace(/&amp;/g, '')).not.toMatch(/&/);
    }
  });

  it('splits more than 10 fields over several sections', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `V${i}` }));
    const out = renderBlocks(reply([{ type: 'fields', fields }]));
    expect(out.blocks.map((b) => (b as any).fields.length)).toEqual([10, 10, 3]);
  });

  it('splits more than 25 buttons over several actions blocks, with action_ids unique in the message', () => {
    const out = renderBlocks(reply([{ type: 'actions', buttons: Array.from({ length: 30 }, (_, i) => button(i)) }, { type: 'actions', buttons: [button(99)] }]));
    const elements = out.blocks.flatMap((b) => (b as any).elements);
    expect(out.blocks.map((b) => (b as any).elements.length)).toEqual([25, 5, 1]);
    expect(new Set(elements.map((e: any) => e.action_id)).size).toBe(31);
    expect(elements.every((e: any) => decodeActionId(e.action_id) === 'who.topic')).toBe(true);
  });

  it('drops a button whose value is too long for Slack rather than truncating it', () => {
    const out = renderBlocks(reply([{ type: 'actions', buttons: [button(1, { value: 'v'.repeat(2001) }), button(2)] }]));
    expect((out.blocks[0] as any).elements.map((e: any) => e.value)).toEqual(['pack/topic-2']);
  });

  it('keeps at most 50 blocks and says it shortened the message', () => {
    const blocks: Block[] = Array.from({ length: 80 }, (_, i) => ({ type: 'section', text: `Paragraph ${i}` }));
    const out = renderBlocks(reply(blocks));
    expect(out.blocks).toHaveLength(50);
    expect(JSON.stringify(out.blocks.at(-1))).toContain('Shortened');
    expect(renderBlocks(reply(blocks), { maxBlocks: 100 }).blocks).toHaveLength(80);
  });

  it('skips empty texts, which Slack rejects, and never sends an empty fallback', () => {
    const out = renderBlocks(reply([{ type: 'header', text: ' ' }, { type: 'section', text: '' }, { type: 'context', text: 'Only this' }], ''));
    expect(out.blocks).toHaveLength(1);
    expect(out.text).toBe('Only this');
  });

  it('stays within every limit and escapes everything, for any reply', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '&', '<', '>', '!', '@', 'é', '😀', '\n'), maxLength: 4000 });
    const btn = fc.record({ action: fc.constantFrom('who.topic', 'who.share'), value: fc.string({ maxLength: 2100 }), label: text, style: fc.constantFrom(undefined, 'primary' as const) }).map((b) => (b.style ? b : { action: b.action, value: b.value, label: b.label }));
    const block: fc.Arbitrary<Block> = fc.oneof(
      fc.record({ type: fc.constant('header' as const), text }),
      fc.record({ type: fc.constant('section' as const), text }),
      fc.record({ type: fc.constant('context' as const), text }),
      fc.constant({ type: 'divider' as const }),
      fc.record({ type: fc.constant('fields' as const), fields: fc.array(fc.record({ label: text, value: text }), { maxLength: 25 }) }),
      fc.record({ type: fc.constant('actions' as const), buttons: fc.array(btn, { maxLength: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 70 }), text, (blocks, summary) => {
        const out = renderBlocks(reply(blocks, summary));
        expect(out.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
        expect(out.text.length).toBeGreaterThan(0);
        expect(out.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
        expect(UNESCAPED.test(out.text)).toBe(false);
        for (const t of textsOf(out.blocks)) {
          expect(t.text.length).toBeGreaterThan(0);
          expect(t.text.length).toBeLessThanOrEqual(t.max);
          expect(UNESCAPED.test(t.text)).toBe(false);
        }
        const actionIds: string[] = [];
        for (const b of out.blocks as any[]) {
          if (b.type === 'section' && b.fields) expect(b.fields.length).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
          if (b.type === 'actions') {
            expect(b.elements.length).toBeLessThanOrEqual(LIMITS.elementsPerActions);
            for (const e of b.elements) {
              expect(e.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
              actionIds.push(e.action_id);
            }
          }
        }
        expect(new Set(actionIds).size).toBe(actionIds.length);
      }),
      { numRuns: 150 },
    );
  });
});
