// Renders diagrams to PNG through the renderer port and keeps the results: one image per pack version,
// services and highlight, so a repeated question costs a map lookup. Concurrent requests for the same
// picture share one render; a failed render is not kept (the next request tries again).
import type { SvgRenderer } from '../ports/svg-renderer.ts';
import type { Diagram } from './diagram.ts';
import { diagramSvg } from './svg.ts';

export interface DiagramImage {
  key: string;
  png: Uint8Array;
  /** The same picture in words. */
  alt: string;
  title: string;
  /** A file name for uploads ("responsibility-amazon-ec2.png"). */
  filename: string;
}

export class DiagramImages {
  private readonly cache = new Map<string, Promise<DiagramImage>>();
  private hits = 0;
  private renders = 0;

  constructor(
    private readonly renderer: SvgRenderer,
    private readonly maxEntries = 256,
  ) {}

  /** The PNG of a diagram, from the cache when it was drawn before. */
  image(d: Diagram): Promise<DiagramImage> {
    const cached = this.cache.get(d.key);
    if (cached) {
      this.hits++;
      // Most recently used last, so the oldest goes first when the cache is full.
      this.cache.delete(d.key);
      this.cache.set(d.key, cached);
      return cached;
    }
    this.renders++;
    const pending = this.renderer.renderPng(diagramSvg(d)).then((png) => ({ key: d.key, png, alt: d.alt, title: d.title, filename: fileName(d.title) }));
    this.cache.set(d.key, pending);
    pending.catch(() => this.cache.delete(d.key));
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return pending;
  }

  get stats(): { hits: number; renders: number; size: number } {
    return { hits: this.hits, renders: this.renders, size: this.cache.size };
  }
}

export function fileName(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).replace(/-$/, '');
  return `responsibility-${slug || 'diagram'}.png`;
}
