// Figure 9: diagrams. How long a responsibility diagram takes to draw (SVG built from the pack + resvg
// rendering with the packaged font), cold — a fresh cache every time — and cached, as p50 and p99, and
// how big the PNGs are. The first render in a process also loads the font files: reported on its own.
import { ResvgRenderer } from '../../src/adapters/images/resvg-renderer.ts';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { diagramForAnswer, serviceDiagram } from '../../src/core/diagram/build.ts';
import type { Diagram } from '../../src/core/diagram/diagram.ts';
import { DiagramImages } from '../../src/core/diagram/images.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { summarize, type Summary } from '../lib/stats.ts';

export interface DiagramCase {
  name: string;
  width: number;
  height: number;
  pngBytes: number;
  cold: Summary;
  cached: Summary;
}

export interface DiagramBenchResult {
  firstRenderMs: number;
  cases: DiagramCase[];
}

export async function diagramBench(opts: { coldRuns: number; cachedRuns: number; progress?: (msg: string) => void }): Promise<DiagramBenchResult> {
  const { packs, problems } = loadKnowledge('knowledge,examples/packs/team-ownership');
  if (problems.length) throw new Error(`knowledge has ${problems.length} problems`);
  const engine = new AnswerEngine(packs);
  const renderer = new ResvgRenderer();
  const ask = (q: string): Diagram => {
    const d = diagramForAnswer(engine.answer(q));
    if (!d) throw new Error(`no diagram for "${q}"`);
    return d;
  };
  const aws = packs.find((p) => p.id === 'aws-srm')!;
  const cases: [string, Diagram][] = [
    ['EC2 service card (24 layers)', serviceDiagram(aws, aws.services.find((s) => s.id === 'ec2')!)],
    ['EC2 vs RDS vs Lambda', ask('who patches the OS on EC2 vs RDS vs Lambda?')],
    ['general: every service model (8 columns)', ask('who is responsible for network cabling')],
    ['team pack card (no layers)', ask('who upgrades the kubernetes clusters')],
  ];
  const t0 = performance.now();
  await new DiagramImages(renderer).image(cases[0]![1]);
  const firstRenderMs = performance.now() - t0;
  const out: DiagramCase[] = [];
  for (const [name, d] of cases) {
    opts.progress?.(`diagrams: ${name}, ${opts.coldRuns} cold + ${opts.cachedRuns} cached`);
    const cold: number[] = [];
    let png: Uint8Array | undefined;
    for (let i = 0; i < opts.coldRuns; i++) {
      const start = performance.now();
      png = (await new DiagramImages(renderer).image(d)).png;
      cold.push(performance.now() - start);
    }
    const images = new DiagramImages(renderer);
    await images.image(d);
    const cached: number[] = [];
    for (let i = 0; i < opts.cachedRuns; i++) {
      const start = performance.now();
      await images.image(d);
      cached.push(performance.now() - start);
    }
    const size = pngSize(png!);
    out.push({ name, ...size, pngBytes: png!.length, cold: summarize(cold), cached: summarize(cached) });
  }
  return { firstRenderMs, cases: out };
}

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
