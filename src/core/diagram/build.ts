// Builds the diagram of an answer from the pack's data: the layers × services grid coloured by owner
// (a pack without layers: a card of its parties' parts), with the layer asked about highlighted.
import type { KnowledgePack } from '../knowledge/loader.ts';
import type { Model, Service, Topic } from '../knowledge/schema.ts';
import type { Answer } from '../answer/answer.ts';
import { ownerOf } from '../answer/grid.ts';
import { firstSentences } from '../answer/present/wording.ts';
import { diagramColor, legendOf, packVersion, partyName, type CardDiagram, type Diagram, type StackDiagram } from './diagram.ts';

/** What a stack's columns are: services (one, or several side by side), or every model of the pack. */
export type Columns = { services: Service[] } | { models: Model[] };

/** The layers of `pack` for each column, coloured by owner, the first layer at the bottom. */
export function stackDiagram(pack: KnowledgePack, columns: Columns, highlight?: string): StackDiagram {
  const cols =
    'services' in columns
      ? columns.services.map((s) => ({ id: s.id, model: s.model, title: s.name, subtitle: pack.models.find((m) => m.id === s.model)?.name }))
      : columns.models.map((m) => ({ id: m.id, model: m.id as string | undefined, title: m.name, subtitle: undefined }));
  const rows = [...pack.layers].reverse().map((layer) => ({
    id: layer.id,
    label: layer.name,
    cells: cols.map((c) => {
      const party = ownerOf(layer, c.model) ?? ownerOf(layer, undefined) ?? '?';
      return { party, name: partyName(pack, party), color: diagramColor(pack, party) };
    }),
  }));
  const lit = highlight && rows.some((r) => r.id === highlight) ? highlight : undefined;
  const title =
    'services' in columns
      ? cols.length === 1
        ? `${cols[0]!.title}: who secures what`
        : cols.map((c) => c.title).join(' vs ')
      : `${pack.name}: every service model`;
  const used = rows.flatMap((r) => r.cells.map((c) => c.party));
  const key = `stack|${pack.id}@${packVersion(pack)}|${'services' in columns ? 's' : 'm'}:${cols.map((c) => c.id).join(',')}|${lit ?? ''}`;
  return { kind: 'stack', key, title, columns: cols.map(({ id, title: t, subtitle }) => ({ id, title: t, ...(subtitle ? { subtitle } : {}) })), rows, ...(lit ? { highlight: lit } : {}), legend: legendOf(pack, used), alt: stackAlt(title, cols, rows, lit) };
}

function stackAlt(title: string, cols: { title: string; subtitle?: string }[], rows: StackDiagram['rows'], lit: string | undefined): string {
  const where = cols.length === 1 && cols[0]!.subtitle ? ` (${cols[0]!.subtitle.toLowerCase()})` : '';
  const litRow = rows.find((r) => r.id === lit);
  const parts = rows.map((r) => {
    const owners = new Set(r.cells.map((c) => c.name));
    const who = owners.size === 1 ? r.cells[0]!.name : r.cells.map((c, i) => `${cols[i]!.title} ${c.name}`).join(', ');
    return `${r.label}: ${who}`;
  });
  return `Diagram — ${title}${where}, layers from the top.${litRow ? ` Highlighted: ${litRow.label}.` : ''} ${parts.join('; ')}.`;
}

/** A pack without layers: each party's part as a row of two columns, the party named by the answer highlighted. */
export function cardDiagram(pack: KnowledgePack, id: string, title: string, parts: Record<string, string>, highlight?: string): CardDiagram {
  const rows = pack.parties.filter((p) => parts[p.id]).map((p) => ({ party: p.id, name: p.name, color: diagramColor(pack, p.id), text: parts[p.id]! }));
  const lit = highlight && rows.some((r) => r.party === highlight) ? highlight : undefined;
  const alt = `Diagram — ${title}.${lit ? ` Highlighted: ${partyName(pack, lit)}.` : ''} ${rows.map((r) => `${r.name}: ${r.text}`).join(' ')}`;
  return { kind: 'card', key: `card|${pack.id}@${packVersion(pack)}|${id}|${lit ?? ''}`, title, rows, ...(lit ? { highlight: lit } : {}), legend: legendOf(pack, rows.map((r) => r.party)), alt };
}

/** The general picture: a column per model, or one column when the pack's owners do not depend on a model. */
function generalColumns(pack: KnowledgePack): Columns {
  return { models: pack.models.length ? pack.models : [{ id: 'all', name: 'Every service', summary: '' }] };
}

/** The picture of a service, highlighted at one layer (or, in a pack without layers, at one party). */
export function serviceDiagram(pack: KnowledgePack, service: Service, highlight?: string): Diagram {
  if (pack.layers.length) return stackDiagram(pack, { services: [service] }, highlight);
  return cardDiagram(pack, `service:${service.id}`, `${service.name}: who does what`, service.split, highlight);
}

/** A topic's picture: its service's stack (every model's when it has several or none) at its layer; a card in a pack without layers. */
export function topicDiagram(pack: KnowledgePack, topic: Topic, layer = topic.layer): Diagram {
  if (!pack.layers.length) {
    const parts = { [topic.responsible]: firstSentences(topic.explanation, 1), ...topic.split };
    return cardDiagram(pack, `topic:${topic.id}`, topic.title, parts, topic.responsible);
  }
  const service = topic.services.length === 1 ? pack.services.find((s) => s.id === topic.services[0]) : undefined;
  return stackDiagram(pack, service ? { services: [service] } : generalColumns(pack), layer);
}

/** The diagram that goes with an answer, or undefined when it has nothing to draw. */
export function diagramForAnswer(answer: Answer): Diagram | undefined {
  switch (answer.kind) {
    case 'service':
      return serviceDiagram(answer.service.pack, answer.service.service);
    case 'grid': {
      const { pack, layer, service } = answer.reading;
      if (service) return stackDiagram(pack, { services: [service.service] }, layer.id);
      return stackDiagram(pack, generalColumns(pack), layer.id);
    }
    case 'topic':
      return topicDiagram(answer.ref.pack, answer.ref.topic, answer.ref.topic.layer ?? answer.reading?.layer.id);
    case 'compare': {
      const pack = answer.rows[0]!.service.pack;
      if (!pack.layers.length) return undefined;
      const first = answer.rows.map((r) => r.answer).find((a) => a.kind === 'grid' || (a.kind === 'topic' && (a.ref.topic.layer ?? a.reading)));
      const layer = first?.kind === 'grid' ? first.reading.layer.id : first?.kind === 'topic' ? (first.ref.topic.layer ?? first.reading?.layer.id) : undefined;
      return stackDiagram(pack, { services: answer.rows.map((r) => r.service.service) }, layer);
    }
    default:
      return undefined;
  }
}
