// Renders diagrams to PNG through the renderer port and keeps the results: one image per pack version,
// services and highlight, so a repeated question costs a map lookup. Concurrent requests for the same
// picture share one render; a failed render is not kept (the next request tries again).
import { createHash } from 'node:crypto';
import { silentLogger, type Logger } from '../ports/logger.ts';
import type { SvgRenderer } from '../ports/svg-renderer.ts';
import type { Diagram } from './diagram.ts';
import { diagramSvg } from './svg.ts';

export interface DiagramImage {
  key: string;
  png: Uint8Array;
  /** The same picture in words. */
  alt: string;
  title: string;
  /** A file name for uploads and the console's files, one per picture. */
  filename: string;
}

export class DiagramImages {
  private readonly cache = new Map<string, Promise<DiagramImage>>();
  /** Pictures whose render failed and was logged: each failure is logged once, not on every answer. */
  private readonly failed = new Set<string>();
  private hits = 0;
  private renders = 0;

  constructor(
    private readonly renderer: SvgRenderer,
    private readonly log: Logger = silentLogger,
    private readonly maxEntries = 256,
  ) {}

  /**
   * The PNG, or undefined when it cannot be drawn: callers send the text answer without the picture.
   * The error is logged once per picture.
   */
  async safeImage(d: Diagram): Promise<DiagramImage | undefined> {
    try {
      return await this.image(d);
    } catch (err) {
      if (!this.failed.has(d.key)) {
        if (this.failed.size > 1000) this.failed.clear();
        this.failed.add(d.key);
        this.log.error({ err, diagram: d.key }, 'could not render a diagram; answering without it');
      }
      return undefined;
    }
  }

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
    const pending = this.renderer.renderPng(diagramSvg(d)).then((png) => ({ key: d.key, png, alt: d.alt, title: d.title, filename: fileName(d.title, d.key) }));
    this.cache.set(d.key, pending);
    pending.catch(() => this.cache.delete(d.key));
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return pending;
  }

  get stats(): { hits: number; renders: number; size: number } {
    return { hits: this.hits, renders: this.renders, size: this.cache.size };
  }
}

/** "responsibility-amazon-ec2-who-secures-what-1a2b3c4d.png": the title, and a tag of the key so each picture has its own name. */
export function fileName(title: string, key: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).replace(/-$/, '');
  return `responsibility-${slug || 'diagram'}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}.png`;
}
