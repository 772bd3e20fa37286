// Turns an SVG drawn by the core into a PNG. The core builds every picture as SVG text from the pack's
// data; an adapter (resvg with a font from an npm package) rasterises it, and tests may use the same one.
export interface SvgRenderer {
  /** The PNG bytes of an SVG document. Throws when the SVG cannot be rendered. */
  renderPng(svg: string): Promise<Uint8Array>;
}
