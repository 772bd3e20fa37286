// The responsibility diagram, rendered for real (resvg with the packaged DejaVu font) and decoded: the
// pixels at each layer's place have that layer's owner colour for EC2, RDS and Lambda, and the alt
// text says the same in words.
import { describe, expect, it } from 'vitest';
import { ResvgRenderer } from '../../src/adapters/images/resvg-renderer.ts';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { ownerOf } from '../../src/core/answer/grid.ts';
import { diagramForAnswer, serviceDiagram, stackDiagram } from '../../src/core/diagram/build.ts';
import type { StackDiagram } from '../../src/core/diagram/diagram.ts';
import { DiagramImages } from '../../src/core/diagram/images.ts';
import { diagramSvg as renderSvg, stackLayout } from '../../src/core/diagram/svg.ts';
import { realPacks } from '../support/core.ts';
import { decode, fillPoint, inkIn } from './support.ts';

const pack = realPacks().find((p) => p.id === 'aws-srm')!;
const service = (id: string) => pack.services.find((s) => s.id === id)!;
const renderer = new ResvgRenderer();
const AWS = '#ff9900';
const CUSTOMER = '#2e86de';
const SHARED = '#8e44ad';
const COLOR: Record<string, string> = { aws: AWS, customer: CUSTOMER, shared: SHARED };

describe('service diagrams', () => {
  it.each(['ec2', 'rds', 'lambda'])('colours every layer of %s by its owner in the grid', async (id) => {
    const d = serviceDiagram(pack, service(id)) as StackDiagram;
    const png = decode(await renderer.renderPng(renderSvg(d)));
    const layout = stackLayout(d);
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    expect(d.rows).toHaveLength(pack.layers.length);
    for (const [i, row] of d.rows.entries()) {
      const layer = pack.layers.find((l) => l.id === row.id)!;
      const owner = ownerOf(layer, service(id).model)!;
      expect(png.at(...fillPoint(layout.cells[i]![0]!)), `${id} ${layer.id}`).toBe(COLOR[owner]);
    }
  });

  it('moves the line: the guest OS and the runtime are the customer’s on EC2 and AWS’s on RDS and Lambda', async () => {
    const d = stackDiagram(pack, { services: ['ec2', 'rds', 'lambda'].map(service) }, 'guest-os');
    const png = decode(await renderer.renderPng(renderSvg(d)));
    const layout = stackLayout(d);
    const cell = (layer: string, col: number) => png.at(...fillPoint(layout.cells[d.rows.findIndex((r) => r.id === layer)]![col]!));
    expect(['ec2', 'rds', 'lambda'].map((_, j) => cell('guest-os', j))).toEqual([CUSTOMER, AWS, AWS]);
    expect(['ec2', 'rds', 'lambda'].map((_, j) => cell('platform', j))).toEqual([CUSTOMER, AWS, AWS]);
    expect(['ec2', 'rds', 'lambda'].map((_, j) => cell('data', j))).toEqual([CUSTOMER, CUSTOMER, CUSTOMER]);
    expect(['ec2', 'rds', 'lambda'].map((_, j) => cell('facilities', j))).toEqual([AWS, AWS, AWS]);
    expect(cell('shared-controls', 0)).toBe(SHARED);
    // The highlighted layer has a dark outline just outside its label; others do not.
    const lit = layout.labels[d.rows.findIndex((r) => r.id === 'guest-os')]!;
    const plain = layout.labels[d.rows.findIndex((r) => r.id === 'data')]!;
    expect(png.at(lit.x + 20, lit.y - 1)).toBe('#111111');
    expect(png.at(plain.x + 20, plain.y - 1)).toBe('#ffffff');
  });

  it('draws text with the packaged font (system fonts are off) and the same bytes every time', async () => {
    const d = serviceDiagram(pack, service('ec2')) as StackDiagram;
    const a = await renderer.renderPng(renderSvg(d));
    const b = await renderer.renderPng(renderSvg(d));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const png = decode(a);
    expect(inkIn(png, { x: 16, y: 10, w: 300, h: 26 })).toBeGreaterThan(150); // the title
    expect(inkIn(png, { x: 16, y: png.height - 30, w: 200, h: 26 })).toBeGreaterThan(100); // the legend
  });

  it('says every layer’s owner in the alt text', () => {
    const d = stackDiagram(pack, { services: ['ec2', 'rds', 'lambda'].map(service) }, 'guest-os');
    expect(d.alt).toContain('Amazon EC2 vs Amazon RDS vs AWS Lambda');
    expect(d.alt).toContain('Highlighted: Operating system of your instances.');
    expect(d.alt).toContain('Operating system of your instances: Amazon EC2 Customer, Amazon RDS AWS, AWS Lambda AWS');
    expect(d.alt).toContain('Physical data centres: AWS');
    for (const layer of pack.layers) {
      const owners = ['ec2', 'rds', 'lambda'].map((s) => ownerOf(layer, service(s).model)!);
      const names = owners.map((o) => pack.parties.find((p) => p.id === o)!.name);
      const said = new Set(names).size === 1 ? `${layer.name}: ${names[0]}` : `${layer.name}: ${names.map((n, j) => `${['Amazon EC2', 'Amazon RDS', 'AWS Lambda'][j]} ${n}`).join(', ')}`;
      expect(d.alt).toContain(said);
    }
    const one = serviceDiagram(pack, service('lambda'));
    expect(one.alt).toContain('AWS Lambda: who secures what (serverless)');
    expect(one.alt).toContain('Language runtime: AWS');
  });
});

describe('answers and their diagrams', () => {
  const engine = new AnswerEngine([pack]);
  it('highlights the layer a question is about, on the service it names', () => {
    const d = diagramForAnswer(engine.answer('who patches the guest OS on EC2?')) as StackDiagram;
    expect(d).toMatchObject({ kind: 'stack', highlight: 'guest-os', columns: [{ id: 'ec2' }] });
  });
  it('sets compared services side by side', () => {
    const d = diagramForAnswer(engine.answer('who patches the OS on EC2 vs RDS vs Lambda?')) as StackDiagram;
    expect(d.columns.map((c) => c.id)).toEqual(['ec2', 'rds', 'lambda']);
    expect(d.highlight).toBe('guest-os');
  });
  it('draws a service card without a highlight, and nothing for a question it cannot answer', () => {
    expect(diagramForAnswer(engine.answer('lambda'))).toMatchObject({ kind: 'stack', columns: [{ id: 'lambda' }] });
    expect(diagramForAnswer(engine.answer('what is the weather like'))).toBeUndefined();
  });
});

describe('the image cache', () => {
  it('renders a picture once per pack version, services and highlight', async () => {
    let renders = 0;
    const images = new DiagramImages({ renderPng: async (svg) => (renders++, renderer.renderPng(svg)) });
    const a = await images.image(stackDiagram(pack, { services: [service('ec2')] }, 'guest-os'));
    const b = await images.image(stackDiagram(pack, { services: [service('ec2')] }, 'guest-os'));
    expect(b).toBe(a);
    expect(renders).toBe(1);
    await images.image(stackDiagram(pack, { services: [service('ec2')] }, 'data'));
    expect(renders).toBe(2);
    const changed = { ...pack, layers: pack.layers.slice(1) };
    await images.image(stackDiagram(changed, { services: [service('ec2')] }, 'data'));
    expect(renders).toBe(3);
    expect(a.filename).toMatch(/^responsibility-amazon-ec2-who-secures-what-[0-9a-f]{8}\.png$/);
  });

  it('keeps no failed render: the next request tries again', async () => {
    let fail = true;
    const images = new DiagramImages({ renderPng: async (svg) => { if (fail) throw new Error('boom'); return renderer.renderPng(svg); } });
    const d = serviceDiagram(pack, service('rds'));
    await expect(images.image(d)).rejects.toThrow('boom');
    fail = false;
    expect((await images.image(d)).png.length).toBeGreaterThan(1000);
  });
});

