// renderDiscord alone: the mapping from the neutral Reply, and every Discord limit, including for
// arbitrary replies (property-based), so no reply can ever earn a 400 from Discord.
import type { APIButtonComponentWithCustomId } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, customId, markdownSafe, parseCustomId, renderDiscord, type DiscordMessage } from '../../src/adapters/discord/render.ts';
import type { Block, Button, Reply } from '../../src/core/reply/reply.ts';

const reply = (blocks: Block[], extra: Partial<Reply> = {}): Reply => ({ visibility: 'private', text: 'summary', blocks, ...extra });
const buttonsOf = (n: number, prefix = 'b'): Button[] => Array.from({ length: n }, (_, i) => ({ action: 'who.topic', value: `${prefix}${i}`, label: `Button ${i}` }));

/** The buttons of every row (rows of buttons only: these replies have no select menus). */
const buttonsIn = (out: DiscordMessage): APIButtonComponentWithCustomId[] => out.components.flatMap((r) => r.components as APIButtonComponentWithCustomId[]);

function embedLength(e: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

describe('renderDiscord', () => {
  it('maps header, sections, fields, context, colour and buttons onto one embed', () => {
    const out = renderDiscord(
      reply(
        [
          { type: 'header', text: 'AWS is responsible' },
          { type: 'section', text: 'Patching the hypervisor' },
          { type: 'divider' },
          { type: 'section', text: 'AWS runs it.' },
          { type: 'fields', fields: [{ label: 'What AWS does', value: 'Patches it.' }] },
          { type: 'context', text: 'Exam tip: hypervisor = AWS' },
          { type: 'context', text: 'Source: AWS docs' },
          {
            type: 'actions',
            buttons: [
              { action: 'who.share', value: 'p/t', label: 'Share in channel', style: 'primary' },
              { action: 'x.stop', value: '1', label: 'Stop', style: 'danger' },
              { action: 'who.topic', value: 'p/u', label: 'Other' },
            ],
          },
        ],
        { color: '#ff9900' },
      ),
    );
    expect(out.embeds).toEqual([
      {
        title: 'AWS is responsible',
        description: 'Patching the hypervisor\n\nAWS runs it.',
        fields: [{ name: 'What AWS does', value: 'Patches it.', inline: false }],
        footer: { text: 'Exam tip: hypervisor = AWS\nSource: AWS docs' },
        color: 0xff9900,
      },
    ]);
    expect(out.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, custom_id: 'who.share|p/t', label: 'Share in channel', style: 1 },
          { type: 2, custom_id: 'x.stop|1', label: 'Stop', style: 4 },
          { type: 2, custom_id: 'who.topic|p/u', label: 'Other', style: 2 },
        ],
      },
    ]);
    expect(out.flags).toBe(64);
    expect(out.allowedMentions).toEqual({ parse: [] });
    expect(out.dropped).toEqual([]);
  });

  it('makes public replies normal messages', () => {
    expect(renderDiscord(reply([{ type: 'section', text: 'hi' }], { visibility: 'public' })).flags).toBeUndefined();
  });

  it('falls back to the summary text when no block renders', () => {
    expect(renderDiscord(reply([])).embeds[0]!.description).toBe('summary');
    expect(renderDiscord(reply([], { text: '' })).embeds[0]!.description).toBe('\u200b');
  });

  it('keeps a footer-only reply within the total when the summary stands in', () => {
    const e = renderDiscord(reply([{ type: 'context', text: 'c'.repeat(3000) }], { text: '*'.repeat(3000) })).embeds[0]!;
    expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(e.description!.startsWith('\\*')).toBe(true);
  });

  it('ignores a colour that is not #rrggbb', () => {
    expect(renderDiscord(reply([{ type: 'section', text: 'x' }], { color: 'orange' })).embeds[0]!.color).toBeUndefined();
  });

  it('turns a second header into a bold line', () => {
    const out = renderDiscord(reply([{ type: 'header', text: 'One' }, { type: 'header', text: 'Two' }]));
    expect(out.embeds[0]).toMatchObject({ title: 'One', description: '**Two**' });
  });
});

describe('Discord limits', () => {
  it('clips the title, description, field names and values and the footer', () => {
    const e = renderDiscord(
      reply([
        { type: 'header', text: 'h'.repeat(1000) },
        ...Array.from({ length: 20 }, () => ({ type: 'section' as const, text: 's'.repeat(500) })),
        { type: 'fields', fields: [{ label: 'n'.repeat(500), value: 'v'.repeat(2000) }] },
        { type: 'context', text: 'c'.repeat(3000) },
      ]),
    ).embeds[0]!;
    expect(e.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(e.title!.endsWith('…')).toBe(true);
  });

  it('keeps at most 25 fields and the whole embed within 6000 characters', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ label: `Field ${i}`, value: 'v'.repeat(1000) }));
    const e = renderDiscord(reply([{ type: 'section', text: 'intro' }, { type: 'fields', fields }])).embeds[0]!;
    expect(e.fields!.length).toBeLessThanOrEqual(LIMITS.fields);
    expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(e.description).toBe('intro');
    for (const f of e.fields!) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
  });

  it('never sends an empty field name or value', () => {
    const e = renderDiscord(reply([{ type: 'fields', fields: [{ label: '', value: '' }] }])).embeds[0]!;
    expect(e.fields).toEqual([{ name: '\u200b', value: '\u200b', inline: false }]);
  });

  it('puts at most 5 buttons in a row and 5 rows in a message, and says which it left out', () => {
    const twelve = renderDiscord(reply([{ type: 'actions', buttons: buttonsOf(12) }]));
    expect(twelve.components.map((r) => r.components.length)).toEqual([5, 5, 2]);
    const thirty = renderDiscord(reply([{ type: 'actions', buttons: buttonsOf(30) }]));
    expect(thirty.components).toHaveLength(5);
    expect(buttonsIn(thirty)).toHaveLength(25);
    expect(thirty.dropped.map((d) => d.button.value)).toEqual(['b25', 'b26', 'b27', 'b28', 'b29']);
  });

  it('starts a new row for each actions block', () => {
    const out = renderDiscord(reply([{ type: 'actions', buttons: buttonsOf(2, 'a') }, { type: 'actions', buttons: buttonsOf(1, 'b') }]));
    expect(out.components.map((r) => r.components.length)).toEqual([2, 1]);
  });

  it('clips button labels to 80 characters', () => {
    const out = renderDiscord(reply([{ type: 'actions', buttons: [{ action: 'a', value: 'v', label: 'l'.repeat(200) }] }]));
    expect(buttonsIn(out)[0]!.label!.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
  });

  it('leaves out buttons whose custom id would exceed 100 characters, and duplicates', () => {
    const long: Button = { action: 'who.topic', value: 'x'.repeat(95), label: 'Long' };
    const ok: Button = { action: 'who.topic', value: 'p/t', label: 'Ok' };
    const out = renderDiscord(reply([{ type: 'actions', buttons: [long, ok, { ...ok, label: 'Again' }] }]));
    expect(buttonsIn(out).map((b) => b.label)).toEqual(['Ok']);
    expect(out.dropped.map((d) => [d.button.label, d.reason])).toEqual([
      ['Long', expect.stringContaining('100')],
      ['Again', expect.stringContaining('duplicate')],
    ]);
  });

  it('holds for any reply', () => {
    const text = fc.string({ maxLength: 3000, unit: 'grapheme' });
    const block: fc.Arbitrary<Block> = fc.oneof(
      fc.record({ type: fc.constant('header' as const), text }),
      fc.record({ type: fc.constant('section' as const), text }),
      fc.record({ type: fc.constant('context' as const), text }),
      fc.record({ type: fc.constant('divider' as const) }),
      fc.record({ type: fc.constant('fields' as const), fields: fc.array(fc.record({ label: text, value: text }), { maxLength: 30 }) }),
      fc.record({
        type: fc.constant('actions' as const),
        buttons: fc.array(fc.record({ action: fc.string({ maxLength: 30 }), value: fc.string({ maxLength: 90 }), label: fc.string({ maxLength: 120 }) }), { maxLength: 30 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 12 }), fc.constantFrom<'private' | 'public'>('private', 'public'), text, (blocks, visibility, summary) => {
        const out = renderDiscord({ visibility, text: summary, blocks });
        expect(out.embeds).toHaveLength(1);
        const e = out.embeds[0]!;
        expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
        expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
        for (const f of e.fields ?? []) {
          expect(f.name.length).toBeGreaterThan(0);
          expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
          expect(f.value.length).toBeGreaterThan(0);
          expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        }
        expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
        expect(out.components.length).toBeLessThanOrEqual(LIMITS.rows);
        const ids = out.components.flatMap((r) => r.components.map((b) => b.custom_id));
        expect(new Set(ids).size).toBe(ids.length);
        for (const r of out.components) {
          expect(r.components.length).toBeGreaterThan(0);
          expect(r.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
          for (const b of r.components as APIButtonComponentWithCustomId[]) {
            expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
            expect(b.label!.length).toBeGreaterThan(0);
            expect(b.label!.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
          }
        }
        const shownText = JSON.stringify(out.embeds) + JSON.stringify(buttonsIn(out).map((b) => b.label));
        expect(shownText).not.toMatch(/@(everyone|here)|<@[!&]?\d/i);
      }),
      { numRuns: 200 },
    );
  });
});

describe('text safety', () => {
  it('neutralises @everyone, @here and user/role mentions everywhere it renders text', () => {
    const hostile = '@everyone @here <@123> <@!124> <@&456> @HERE';
    const out = renderDiscord(
      reply([
        { type: 'header', text: hostile },
        { type: 'section', text: hostile },
        { type: 'fields', fields: [{ label: hostile, value: hostile }] },
        { type: 'context', text: hostile },
        { type: 'actions', buttons: [{ action: 'a', value: 'v', label: hostile }] },
      ]),
    );
    const json = JSON.stringify(out);
    expect(json).not.toMatch(/@(everyone|here)|<@[!&]?\d/i);
    expect(out.embeds[0]!.footer!.text).toBe('@\u200beveryone @\u200bhere <@\u200b123> <@\u200b!124> <@\u200b&456> @\u200bHERE');
  });

  it('escapes markdown so user text stays literal, but leaves URLs clickable', () => {
    expect(markdownSafe('*bold* _it_ `code` ~~s~~ ||spoiler|| [click](https://evil.example/x_y)')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\[click\\](https://evil.example/x_y)',
    );
    expect(markdownSafe('# heading\n> quote\n>>> all\n- item\n-# small\n1. first')).toBe('\\# heading\n\\> quote\n\\>>> all\n\\- item\n\\-# small\n1\\. first');
    expect(markdownSafe('See https://docs.aws.amazon.com/a_b*c (AWS docs).')).toBe('See https://docs.aws.amazon.com/a_b*c (AWS docs).');
    expect(markdownSafe('read-only, 3.5 and <question>')).toBe('read-only, 3.5 and <question>');
  });

  it('does not escape footers or labels, which Discord shows as plain text', () => {
    const out = renderDiscord(reply([{ type: 'context', text: 'Exam tip: *S3* is AWS_ish' }, { type: 'actions', buttons: [{ action: 'a', value: 'v', label: '*Share*' }] }]));
    expect(out.embeds[0]!.footer!.text).toBe('Exam tip: *S3* is AWS_ish');
    expect(buttonsIn(out)[0]!.label).toBe('*Share*');
  });
});

describe('custom ids', () => {
  it('round-trips action and value, even when the value contains a bar', () => {
    const b: Button = { action: 'quiz.answer', value: 'round|7', label: 'x' };
    expect(customId(b)).toBe('quiz.answer|round|7');
    expect(parseCustomId(customId(b))).toEqual({ action: 'quiz.answer', value: 'round|7' });
    expect(parseCustomId('noval')).toEqual({ action: 'noval', value: '' });
  });
});
