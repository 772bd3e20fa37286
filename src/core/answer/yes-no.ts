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
const WH = /\b(who|whom|whose|which|what|where|when|why|how)\b/;
const ANY_CLAUSE = /\s(?=(?:is|are|does|do|should|must|can|will|isnt|arent|doesnt|dont)\s)/;
const LEAVE_TO = /\s(?:leave|hand|offload|outsource|delegate)\s.*?\sto (?:the )?(aws|amazon|the customer|customer|us|we)(?=\s)/g;
const SPLIT = /\s(split|shared|joint|jointly|divided|both)\s*$/;
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
  // "…, isn't it?", "…, right?": a statement turned into a question; the tag itself is not a clause.
  const tagged = TAG_QUESTION.test(normalized);
  const core = tagged ? normalized.replace(TAG_QUESTION, '').trim() : normalized;
  // "Since RDS is managed, is AWS responsible for …?": the question is the last clause. "On the ECS EC2
  // launch type, is keeping docker current amazon's job?": with no wh-word anywhere, the last clause that
  // starts with a verb of asking is the question.
  const clause = YES_NO.test(core)
    ? core
    : (core.split(CLAUSE).find((c, i, all) => i > 0 && YES_NO.test(c) && i === all.length - 1) ??
      (WH.test(core) ? undefined : core.split(ANY_CLAUSE).findLast((c, i) => i > 0 && YES_NO.test(c))) ??
      core);
  const m = YES_NO.exec(clause);
  if (!m && !tagged) return undefined;
  let rest = ` ${m ? m[2] : core} `;
  // "…without me doing anything?": the one doing it is not the asker; that question asks whether it happens by itself.
  const automatic = AUTOMATIC.test(rest);
  rest = rest.replace(WITHOUT_ME, ' ');
  // "is X aws's job?", "is X something we need to do?", "is X up to amazon?": the duty names the party asked.
  const duty = dutyParty(rest, pack);
  if (duty) return duty;
  // "Does RDS take backups for us?", "is S3 encrypting …?": the service (run by the provider) is asked.
  if (m && namesService(m[2]!.split(' ').slice(0, 4))) return providerParty(pack) ?? undefined;
  // "Can we rely on AWS to …", "can we leave X to amazon?": the party relied on is the one asked.
  const relied = RELY.exec(rest) ?? [...rest.matchAll(LEAVE_TO)].at(-1);
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
  // "are my EBS volumes encrypted by default?": no one named, so the question is whether the provider does it.
  if (best === undefined && automatic) return providerParty(pack);
  // "is configuration management split?": no one named, the question is whether it is shared.
  if (best === undefined && SPLIT.test(rest)) return pack.parties.find((p) => p.shared)?.id;
  return best;
}

const AUTOMATIC = /\s(automatically|auto|by default|out of the box|on its own|by itself|always on|without (?:me|us|we|i|you|anyone) \w+|whether or not (?:we|i|you) \w+)\s/;
const WITHOUT_ME = /\s(?:without (?:me|us|we|i|you)|whether or not (?:we|i|you)) \w+(?: anything| for it| it)?(?=\s)/g;
const DUTY_WORDS = 'job|jobs|responsibility|responsibilities|problem|duty|task|call|concern|area|headache|role|remit|thing|setting|settings|decision|choice|lane|department|wheelhouse';
const DOING = 'do|does|need|needs|has|have|must|should|handle|handles|take|takes|manage|manages|own|owns|look|looks|worry|care';

/** The party a duty is pinned on: "… aws's job", "the job of the customer", "up to amazon", "something we need to …". */
export function dutyParty(rest: string, pack: KnowledgePack): string | undefined {
  // Most questions name no duty at all: one cheap test spares every party's patterns.
  if (!DUTY_HINT.test(rest)) return undefined;
  const { patterns, partyOf, parties } = dutyPatterns(pack);
  // The earliest duty named wins; at the same place, the party listed first in the pack.
  let bestAt = Infinity;
  let bestRank = Infinity;
  for (const re of patterns) {
    const hit = re.exec(rest);
    if (!hit) continue;
    const named = partyOf.get(hit[1]!)!;
    if (hit.index < bestAt || (hit.index === bestAt && named.rank < bestRank)) {
      bestAt = hit.index;
      bestRank = named.rank;
    }
  }
  return bestRank === Infinity ? undefined : parties[bestRank];
}

/** A word every duty pattern below needs. */
const DUTY_HINT = new RegExp(`\\b(?:${DUTY_WORDS}|up to|something|anything|stuff|what)\\b`);

/**
 * The duty patterns of a pack, compiled once (questions are answered in a hot loop): one regex per
 * kind of phrasing with every party name as an alternative, so a question costs four searches
 * whatever the number of names.
 */
interface DutyPatterns {
  patterns: RegExp[];
  /** A name as matched → the party it names, and that party's place in the pack's list. */
  partyOf: Map<string, { rank: number }>;
  parties: string[];
}
const dutyPatternsByPack = new WeakMap<KnowledgePack, DutyPatterns>();
function dutyPatterns(pack: KnowledgePack): DutyPatterns {
  let compiled = dutyPatternsByPack.get(pack);
  if (compiled) return compiled;
  const partyOf = new Map<string, { rank: number }>();
  const parties: string[] = [];
  const names: string[] = [];
  for (const { party, name } of partyNames(pack)) {
    const n = name.trim();
    if (n === 'both' || n === 'shared' || n === 'everybody' || n === 'everyone' || partyOf.has(n)) continue;
    let rank = parties.indexOf(party);
    if (rank < 0) rank = parties.push(party) - 1;
    partyOf.set(n, { rank });
    names.push(n);
  }
  // Longer names first, so "the customer" is not cut short by "customer" where both would fit.
  const alt = names
    .slice()
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  compiled = {
    partyOf,
    parties,
    patterns: alt
      ? [
          new RegExp(`\\s(${alt}) (?:own |sole |whole |entire )?(?:${DUTY_WORDS})\\b`),
          new RegExp(`\\s(?:${DUTY_WORDS}) of (?:the )?(${alt})\\s`),
          new RegExp(`\\sup to (?:the )?(${alt})\\s`),
          new RegExp(`\\s(?:something|anything|stuff|what) (?:the )?(${alt}) (?:${DOING}|\\w+s)\\b`),
        ]
      : [],
  };
  dutyPatternsByPack.set(pack, compiled);
  return compiled;
}

/** Possessives name an owner ("is MY data encrypted"), not the party asked, unless a duty follows ("is it MY job"). */
const POSSESSIVES = new Set([' my ', ' our ', ' your ']);
const DUTIES = /^(?:own |sole |whole |entire )?(?:job|jobs|responsibility|responsibilities|problem|problems|duty|duties|task|tasks|call|concern|area|headache|role|business|remit|thing|side|part|end|fault|setting|settings|decision|choice|lane|department|wheelhouse)\b/;

/** Where `name` first names the party asked about in `rest`, or -1. */
function firstAsking(rest: string, name: string): number {
  for (let at = rest.indexOf(name); at >= 0; at = rest.indexOf(name, at + 1)) {
    const before = rest.slice(0, at + 1);
    // "HIPAA compliance on AWS": a place, not a party; "100% on amazon", "all on aws" still ask.
    if (PLACE_BEFORE.test(before) && !ALL_ON.test(before) && !PRONOUNS.has(name.trim())) continue;
    if (!POSSESSIVES.has(name)) return at;
    const after = rest.slice(at + name.length);
    if (after.trim() === '' || DUTIES.test(after)) return at;
  }
  return -1;
}
const PLACE_BEFORE = /\s(?:on|in|at|inside|within|across|into|onto|from)\s$/;
const ALL_ON = /(?:^\s?on\s$)|\s(?:all|entirely|completely|fully|solely|purely|only|100|just|squarely|it|that|this|is|are|was|falls|fall|lands|land) on\s$/;
/** "on us", "on me" are never places. */
const PRONOUNS = new Set(['us', 'me', 'we', 'i', 'you', 'them', 'ours', 'mine', 'yours']);

/** The one party that runs the services (not shared, not spoken of as "we"), if the pack has one. */
export function providerParty(pack: KnowledgePack): string | undefined {
  const candidates = pack.parties.filter((p) => !p.shared && !(p.aliases ?? []).some((a) => /^(we|us|our|i|me|my)$/i.test(a)));
  return candidates.length === 1 && pack.parties.some((p) => (p.aliases ?? []).some((a) => /^(we|us|our)$/i.test(a))) ? candidates[0]!.id : undefined;
}

export function leadFor(asked: string, verdict: string, pack: KnowledgePack): Lead {
  if (asked === verdict) return 'yes';
  return pack.parties.find((p) => p.id === verdict)?.shared ? 'partly' : 'no';
}
