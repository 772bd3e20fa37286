// Yes/no questions ("is AWS responsible for …?", "do we patch …?", "S3 encrypts uploads by default,
// right?"): which party the asker named, so the answer can begin "Yes", "No" or "Partly".
import type { KnowledgePack } from '../knowledge/loader.ts';
import { normalize } from './text.ts';

export type Lead = 'yes' | 'no' | 'partly';

const YES_NO = /^\s*(is|are|does|do|did|should|shall|must|can|will|would|am|was|were|has|have|isnt|arent|doesnt|dont)\s+(.*)$/;
/** "…, right?" and friends turn a statement into a yes/no question. */
const TAG_QUESTION = /\s(right|correct|true|yes|no|isnt it|arent they|dont they|doesnt it|yeah)\s*$/;
/** Clause boundaries in a normalised question (commas are gone, so the words that start a clause). */
const CLAUSE = /\s(?=(?:is|are|does|do|should|must|can|will)\s(?:aws|amazon|we|us|i|the customer|it)\b)/;
const RELY = /\s(?:rely on|count on|depend on|leave it to|trust|expect)\s(aws|amazon|the customer|us|we)\s/;
const SHARED_WORDS = [' both ', ' both of us ', ' shared ', ' jointly ', ' everybody ', ' everyone ', ' split between '];

/** Each party's id, name and aliases, normalised and padded with spaces for whole-word search. */
const partyNamesByPack = new WeakMap<KnowledgePack, { party: string; name: string }[]>();
function partyNames(pack: KnowledgePack): { party: string; name: string }[] {
  let names = partyNamesByPack.get(pack);
  if (!names) {
    names = pack.parties.flatMap((party) => [party.id, party.name, ...(party.aliases ?? [])].map((n) => ({ party: party.id, name: ` ${normalize(n)} ` })));
    const shared = pack.parties.find((p) => p.shared);
    if (shared) names.push(...SHARED_WORDS.map((name) => ({ party: shared.id, name })));
    partyNamesByPack.set(pack, names);
  }
  return names;
}

/**
 * The party a yes/no question asks about: the first one it names after the verb. A question whose
 * subject is a service ("is S3 encrypting …?") asks about the party that runs services, when the
 * pack has exactly one such party (AWS in the AWS pack).
 */
export function askedParty(normalized: string, pack: KnowledgePack, namesService: (words: string[]) => boolean): string | undefined {
  // "Since RDS is managed, is AWS responsible for …?": the question is the last clause.
  const clause = YES_NO.test(normalized) ? normalized : (normalized.split(CLAUSE).find((c, i, all) => i > 0 && YES_NO.test(c) && i === all.length - 1) ?? normalized);
  const m = YES_NO.exec(clause);
  const tagged = !m && TAG_QUESTION.test(normalized);
  if (!m && !tagged) return undefined;
  // "Does RDS take backups for us?", "is S3 encrypting …?": the service (run by the provider) is asked.
  if (m && namesService(m[2]!.split(' ').slice(0, 4))) return providerParty(pack) ?? undefined;
  const rest = ` ${m ? m[2] : normalized} `;
  // "Can we rely on AWS to …", "do we count on Amazon for …": the party relied on is the one asked.
  const relied = RELY.exec(rest);
  if (relied) {
    const party = partyNames(pack).find((p) => p.name === ` ${relied[1]} `)?.party;
    if (party) return party;
  }
  let bestAt = Infinity;
  let best: string | undefined;
  for (const { party, name } of partyNames(pack)) {
    const at = firstAsking(rest, name);
    if (at >= 0 && at < bestAt) {
      bestAt = at;
      best = party;
    }
  }
  return best;
}

/** Possessives name an owner ("is MY data encrypted"), not the party asked, unless a duty follows ("is it MY job"). */
const POSSESSIVES = new Set([' my ', ' our ', ' your ']);
const DUTIES = /^(?:own |sole |whole |entire )?(?:job|jobs|responsibility|responsibilities|problem|problems|duty|duties|task|tasks|call|concern|area|headache|role|business|remit|thing|side|part|end|fault)\b/;

/** Where `name` first names the party asked about in `rest`, or -1. */
function firstAsking(rest: string, name: string): number {
  let at = rest.indexOf(name);
  if (!POSSESSIVES.has(name)) return at;
  while (at >= 0) {
    const after = rest.slice(at + name.length);
    if (after.trim() === '' || DUTIES.test(after)) return at;
    at = rest.indexOf(name, at + 1);
  }
  return -1;
}

/** The one party that runs the services (not shared, not spoken of as "we"), if the pack has one. */
export function providerParty(pack: KnowledgePack): string | undefined {
  const candidates = pack.parties.filter((p) => !p.shared && !(p.aliases ?? []).some((a) => /^(we|us|our|i|me|my)$/i.test(a)));
  return candidates.length === 1 && pack.parties.some((p) => (p.aliases ?? []).some((a) => /^(we|us|our)$/i.test(a))) ? candidates[0]!.id : undefined;
}

export function leadFor(asked: string, verdict: string, pack: KnowledgePack): Lead {
  if (asked === verdict) return 'yes';
  return pack.parties.find((p) => p.id === verdict)?.shared ? 'partly' : 'no';
}
