// A team's own pack gets its own parties' colours: a layered team pack as a stack, and the example
// team pack (no layers) as a two-column card of what each team does.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ResvgRenderer } from '../../src/adapters/images/resvg-renderer.ts';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { diagramForAnswer, serviceDiagram } from '../../src/core/diagram/build.ts';
import { diagramColor, type CardDiagram, type StackDiagram } from '../../src/core/diagram/diagram.ts';
import { cardLayout, diagramSvg, stackLayout } from '../../src/core/diagram/svg.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { writePack } from '../support/packs.ts';
import { decode, fillPoint } from './support.ts';

const renderer = new ResvgRenderer();
const TEAM = {
  'pack.yaml': `id: team
name: Team pack
description: Who runs what.
parties:
  - id: platform
    name: Platform team
  - id: security
    name: Security team
  - id: data
    name: Data team
`,
  'services.yaml': `services:
  - id: warehouse
    name: The warehouse
    aliases: [warehouse]
    split:
      platform: Runs the hosts.
      data: Owns the tables.
`,
  'layers.yaml': `layers:
  - id: hosts
    name: Hosts
    owner: platform
    why: { platform: They run them. }
    terms: [hosts]
  - id: access
    name: Access reviews
    owner: security
    why: { security: They review access. }
    terms: [access reviews]
  - id: tables
    name: Tables
    owner: data
    why: { data: They own the tables. }
    terms: [tables]
`,
  'topics/a.yaml': `topics:
  - id: tables
    title: Who owns the tables
    responsible: data
    services: [warehouse]
    aliases: [who owns the warehouse tables]
    explanation: The data team owns them.
    sources: [{ title: Wiki }]
`,
};

describe('team packs', () => {
  const dir = writePack(TEAM);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('colours a layered team pack by its own parties, each its own colour, with them in the legend', async () => {
    const { packs, problems } = loadKnowledge(dir);
    expect(problems).toEqual([]);
    const pack = packs[0]!;
    const d = serviceDiagram(pack, pack.services[0]!) as StackDiagram;
    const colors = ['platform', 'security', 'data'].map((p) => diagramColor(pack, p));
    expect(new Set(colors).size).toBe(3);
    expect(colors).not.toContain('#ff9900');
    expect(d.legend.map((l) => l.name)).toEqual(['Platform team', 'Security team', 'Data team']);
    const png = decode(await renderer.renderPng(diagramSvg(d)));
    const layout = stackLayout(d);
    // Top of the picture first: tables (data), access (security), hosts (platform).
    expect(d.rows.map((r, i) => png.at(...fillPoint(layout.cells[i]![0]!)))).toEqual([colors[2], colors[1], colors[0]]);
    expect(d.alt).toContain('Tables: Data team; Access reviews: Security team; Hosts: Platform team');
  });

  it('draws the example team pack (no layers) as a card of each team’s part, in the team’s colour', async () => {
    const { packs } = loadKnowledge('examples/packs/team-ownership');
    const pack = packs[0]!;
    const kube = pack.services.find((s) => s.id === 'kubernetes')!;
    const d = serviceDiagram(pack, kube) as CardDiagram;
    expect(d.kind).toBe('card');
    expect(d.rows.map((r) => r.party)).toEqual(Object.keys(kube.split));
    const png = decode(await renderer.renderPng(diagramSvg(d)));
    const layout = cardLayout(d);
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    d.rows.forEach((r, i) => expect(png.at(...fillPoint(layout.names[i]!))).toBe(diagramColor(pack, r.party)));
    expect(d.alt).toContain(`Platform team: ${kube.split.platform}`);
    const topic = diagramForAnswer(new AnswerEngine(packs).answer('who owns the billing alerts?')) as CardDiagram;
    expect(topic).toMatchObject({ kind: 'card', highlight: 'platform' });
  });
});
