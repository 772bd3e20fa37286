// The SVG → PNG renderer: resvg (a Rust renderer whose binary ships in per-platform npm packages) with
// DejaVu Sans loaded from the dejavu-fonts-ttf package by file path. System fonts are off, so a machine
// with no fonts at all draws the same pixels as a developer's laptop.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { SvgRenderer } from '../../core/ports/svg-renderer.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT_FILES = [join(FONT_DIR, 'DejaVuSans.ttf'), join(FONT_DIR, 'DejaVuSans-Bold.ttf')];

export class ResvgRenderer implements SvgRenderer {
  constructor(private readonly scale = 1) {}

  async renderPng(svg: string): Promise<Uint8Array> {
    const resvg = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
      fitTo: { mode: 'zoom', value: this.scale },
      background: '#ffffff',
    });
    return new Uint8Array(resvg.render().asPng());
  }
}
