// The quiz's pictures: the reveal of a question about a service carries that service's diagram, and
// /quiz stats a bar chart of mastery per study domain — rendered and decoded here.
import { afterEach, describe, expect, it } from 'vitest';
import { ResvgRenderer } from '../../src/adapters/images/resvg-renderer.ts';
import type { BarChart, StackDiagram } from '../../src/core/diagram/diagram.ts';
import { barColor, barLayout, diagramSvg } from '../../src/core/diagram/svg.ts';
import { questionIn, quizWorld, textOf, type QuizWorld } from '../support/quiz.ts';
import { decode } from './support.ts';

const renderer = new ResvgRenderer();
let w: QuizWorld | undefined;
afterEach(async () => {
  await w?.dispose();
  w = undefined;
});

describe('quiz pictures', () => {
  it('reveals a question about a service with its diagram', async () => {
    w = quizWorld('2026-11-23T10:00:00Z', { renderer });
    await w.run(w.as('ana'), '/quiz start 1 10 rds');
    const round = await questionIn(w, w.chat.posts[0]!.reply);
    expect(round.q.services).toContain('rds');
    expect(w.chat.posts[0]!.reply.image).toBeUndefined(); // the question itself gives nothing away
    await w.press(w.as('ana'), round.right);
    w.clock.advance(11_000);
    await w.tick();
    const revealed = w.chat.current(w.chat.posts[0]!);
    expect(textOf(revealed)).toContain('1 of 1 got it right');
    const image = revealed.image as StackDiagram;
    expect(image).toMatchObject({ kind: 'stack', columns: [{ id: round.q.services[0] }] });
    expect(image.alt).toContain('Physical data centres: AWS');
    const png = decode(await renderer.renderPng(diagramSvg(image)));
    expect(png.width).toBeGreaterThan(400);
  });

  it('charts mastery per study domain in /quiz stats', async () => {
    w = quizWorld('2026-11-23T10:00:00Z', { renderer });
    // One study domain, so both answers land in one bar (a word like "hypervisor" now spans several domains).
    for (const right of [true, false]) {
      const [q] = await w.run(w.as('ana'), '/quiz practice identity-and-access');
      const { right: r, wrong } = await questionIn(w, q!);
      await w.press(w.as('ana'), right ? r : wrong);
    }
    const [stats] = await w.run(w.as('ana'), '/quiz stats');
    const chart = stats!.image as BarChart;
    expect(chart.kind).toBe('bars');
    expect(chart.bars).toHaveLength(1);
    expect(chart.bars[0]).toMatchObject({ value: 0.5, note: '50% (1/2)' });
    expect(chart.alt).toContain(`${chart.bars[0]!.label}: 50% (1/2) right`);
    const png = decode(await renderer.renderPng(diagramSvg(chart)));
    const track = barLayout(chart).tracks[0]!;
    expect([png.width, png.height]).toEqual([barLayout(chart).width, barLayout(chart).height]);
    // Half the track is filled in the "half right" colour; the rest is the empty track.
    expect(png.at(track.x + 4, track.y + track.h / 2)).toBe(barColor(0.5));
    expect(png.at(track.x + track.w - 4, track.y + track.h / 2)).toBe('#eef1f5');
  });

  it('draws nothing without a renderer', async () => {
    w = quizWorld('2026-11-23T10:00:00Z');
    const [q] = await w.run(w.as('ana'), '/quiz practice hypervisor');
    const { right } = await questionIn(w, q!);
    await w.press(w.as('ana'), right);
    const [stats] = await w.run(w.as('ana'), '/quiz stats');
    expect(stats!.image).toBeUndefined();
  });
});
