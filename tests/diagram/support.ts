// Decoding rendered diagrams for tests: the PNG's size and the colour at a point.
import { PNG } from 'pngjs';
import type { Rect } from '../../src/core/diagram/svg.ts';

export interface Decoded {
  width: number;
  height: number;
  /** #rrggbb at (x, y). */
  at(x: number, y: number): string;
}

export function decode(png: Uint8Array): Decoded {
  const img = PNG.sync.read(Buffer.from(png));
  return {
    width: img.width,
    height: img.height,
    at(x, y) {
      const i = (Math.round(y) * img.width + Math.round(x)) * 4;
      return `#${[0, 1, 2].map((k) => img.data[i + k]!.toString(16).padStart(2, '0')).join('')}`;
    },
  };
}

/** A point inside a cell that no text reaches: near its right edge, half way down. */
export function fillPoint(r: Rect): [number, number] {
  return [r.x + r.w - 5, r.y + r.h / 2];
}

/** How many pixels of a rectangle are not white (text drawn there). */
export function inkIn(d: Decoded, r: Rect): number {
  let n = 0;
  for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) if (d.at(x, y) !== '#ffffff') n++;
  return n;
}
