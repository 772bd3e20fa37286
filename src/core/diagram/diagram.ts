// A picture of who owns what, as plain data: the pack's layers × the services asked about (a "stack"),
// or, for a pack without layers, a card of its parties' parts. svg.ts lays it out and draws it; the
// alt text says the same in words. Colours come from the parties so a team pack gets its own.
import { createHash } from 'node:crypto';
import type { KnowledgePack } from '../knowledge/loader.ts';

export interface LegendItem {
  party: string;
  name: string;
  color: string;
}

export interface StackCell {
  /** The owning party's id, and its colour. */
  party: string;
  name: string;
  color: string;
}

export interface StackDiagram {
  kind: 'stack';
  /** Cache key: pack version, services and highlight. */
  key: string;
  title: string;
  /** One column per service (or per model, for the general picture). */
  columns: { id: string; title: string; subtitle?: string }[];
  /** The pack's layers, top of the picture first (the pack lists them from the ground up). */
  rows: { id: string; label: string; cells: StackCell[] }[];
  /** The layer the question was about. */
  highlight?: string;
  legend: LegendItem[];
  alt: string;
}

export interface CardDiagram {
  kind: 'card';
  key: string;
  title: string;
  /** One row per party: its name (in its colour) on the left, its part on the right. */
  rows: { party: string; name: string; color: string; text: string }[];
  /** The party the answer names. */
  highlight?: string;
  legend: LegendItem[];
  alt: string;
}

/** A bar chart of shares (mastery per study domain), 0–1 each. */
export interface BarChart {
  kind: 'bars';
  key: string;
  title: string;
  bars: { label: string; value: number; note?: string }[];
  alt: string;
}

export type Diagram = StackDiagram | CardDiagram | BarChart;

const WELL_KNOWN: Record<string, string> = { aws: '#ff9900', customer: '#2e86de', shared: '#8e44ad' };
/** Colours for a pack's own parties, in the order the pack lists them; distinct and readable with dark text or white. */
const PALETTE = ['#2e86de', '#27ae60', '#e67e22', '#c0392b', '#16a085', '#d4ac0d', '#7f8c8d', '#d35400'];

/** A party's colour: fixed for AWS, customer and shared; otherwise the pack's nth palette colour. */
export function diagramColor(pack: KnowledgePack, partyId: string): string {
  const known = WELL_KNOWN[partyId];
  if (known) return known;
  const party = pack.parties.find((p) => p.id === partyId);
  if (party?.shared) return WELL_KNOWN.shared!;
  const own = pack.parties.filter((p) => !WELL_KNOWN[p.id] && !p.shared);
  const at = own.findIndex((p) => p.id === partyId);
  return PALETTE[(at < 0 ? own.length : at) % PALETTE.length]!;
}

export function partyName(pack: KnowledgePack, partyId: string): string {
  return pack.parties.find((p) => p.id === partyId)?.name ?? partyId;
}

export function legendOf(pack: KnowledgePack, parties: Iterable<string>): LegendItem[] {
  const used = new Set(parties);
  return pack.parties.filter((p) => used.has(p.id)).map((p) => ({ party: p.id, name: p.name, color: diagramColor(pack, p.id) }));
}

const versions = new WeakMap<KnowledgePack, string>();

/** A short hash of what the pictures are drawn from, so a changed pack never reuses an old image. */
export function packVersion(pack: KnowledgePack): string {
  let v = versions.get(pack);
  if (!v) {
    const drawn = { id: pack.id, parties: pack.parties, models: pack.models, layers: pack.layers.map((l) => [l.id, l.name, l.owner]), services: pack.services, topics: pack.topics.map((t) => [t.id, t.title, t.responsible, t.split]) };
    v = createHash('sha256').update(JSON.stringify(drawn)).digest('hex').slice(0, 12);
    versions.set(pack, v);
  }
  return v;
}
