// How answers speak about parties, services and models: one place for the words every card uses, so a
// team pack's cards speak of its own parties ("the Platform team") and never of AWS.
import type { KnowledgePack } from '../../knowledge/loader.ts';
import type { Party, Service } from '../../knowledge/schema.ts';
import type { Lead } from '../yes-no.ts';

export { DEFAULT_COLOR } from '../../reply/reply.ts';
import { DEFAULT_COLOR } from '../../reply/reply.ts';
const PARTY_COLORS: Record<string, string> = { aws: '#ff9900', customer: '#2e86de', shared: '#8e44ad' };

/** Verdict colour: the pack may set none, so well-known ids get fixed colours and others a neutral one. */
export function partyColor(party: Party): string {
  return PARTY_COLORS[party.id] ?? (party.shared ? PARTY_COLORS.shared! : DEFAULT_COLOR);
}

export function partyById(pack: KnowledgePack, id: string): Party | undefined {
  return pack.parties.find((p) => p.id === id);
}

/**
 * How a sentence names a party: its `phrase` when the pack gives one, else its name as written for
 * names like "AWS" or "Platform team" that stand on their own, and "the customer" for a common noun.
 */
export function partyPhrase(pack: KnowledgePack, id: string): string {
  const party = partyById(pack, id);
  if (!party) return id;
  if (party.phrase) return party.phrase;
  const name = party.name;
  if (/^[A-Z0-9]{2,}\b/.test(name)) return name;
  return /\s/.test(name) ? `the ${name}` : `the ${name.toLowerCase()}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "AWS is responsible", "The customer is responsible", "Shared: each side has a part". */
export function headline(pack: KnowledgePack, id: string): string {
  const party = partyById(pack, id);
  if (party?.shared) return `${party.name}: each side has a part`;
  return `${capitalise(partyPhrase(pack, id))} is responsible`;
}

/** The answer to a yes/no question as a sentence: "Yes — AWS is.", "No — the customer is.", "Partly — it is shared." */
export function leadSentence(pack: KnowledgePack, lead: Lead | undefined, verdict: string): string {
  if (!lead) return '';
  if (partyById(pack, verdict)?.shared) return lead === 'yes' ? 'Yes — it is shared. ' : 'Partly — it is shared. ';
  const who = partyPhrase(pack, verdict);
  return lead === 'yes' ? `Yes — ${who} is. ` : `No — ${who} is. `;
}

/** "What the customer does", "What AWS does". */
export function whatPartyDoes(pack: KnowledgePack, id: string): string {
  return `What ${partyPhrase(pack, id)} does`;
}

/** The pack's own sentence on how a service is run (its model's summary), if it has models. */
export function modelSummary(pack: KnowledgePack, service: Service): string | undefined {
  const model = service.model ? pack.models.find((m) => m.id === service.model) : undefined;
  return model ? `${model.name}: ${model.summary}` : undefined;
}

/** The first `n` sentences of a text (answers stay short in chat; the rest is behind "More"). */
export function firstSentences(text: string, n: number): string {
  const sentences = text.match(/[^.!?]+(?:[.!?]+(?=\s|$)|$)/g) ?? [text];
  const head = sentences.slice(0, n).join('').trim();
  return head || text;
}

/** "EC2, Lightsail" — a short list of service names. */
export function serviceNames(services: readonly Service[]): string {
  return services.map((s) => s.name.replace(/^(Amazon|AWS)\s+/, '')).join(', ');
}
