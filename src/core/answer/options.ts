// Pasted multiple-choice questions: "Which of these is AWS responsible for? A) … B) … C) …",
// "Choose TWO", "Which is NOT …", "Which party is responsible for X? A. AWS B. The customer C. Both".
// The options are found in the text (labels A–E, a–e or 1–6 with ")", ".", ":", " -", or in brackets,
// inline or on separate lines), each option is answered on its own, and the stem says which of them
// answer it.
import type { KnowledgePack } from '../knowledge/loader.ts';
import type { Answer, OptionAnswer, StemAsk } from './answer.ts';
import { normalize, stripFraming } from './text.ts';
import { dutyParty, providerParty } from './yes-no.ts';

export interface ParsedOptions {
  stem: string;
  options: { label: string; text: string }[];
}

const LABEL_SETS = ['ABCDEF', 'abcdef', '123456'];
/** A label where an option can start: after the start, a space or a line break. */
const LABEL = /(^|[\s"'“])(?:\(([A-Fa-f1-6])\)|([A-Fa-f1-6])(?:\)|\.|:|\s[-–—]))(?=\s|$)/g;

/**
 * The options of a pasted multiple-choice question, or undefined when the text is not one: at least
 * two options labelled in sequence from the first label (A, B, C… or a, b, c… or 1, 2, 3…), after a stem.
 */
export function parseOptions(text: string): ParsedOptions | undefined {
  if (text.length < 8) return undefined;
  const found: { label: string; at: number; end: number }[] = [];
  for (const m of text.matchAll(LABEL)) {
    const label = m[2] ?? m[3]!;
    const at = m.index + m[1]!.length;
    found.push({ label, at, end: m.index + m[0].length });
  }
  let best: typeof found = [];
  for (const set of LABEL_SETS) {
    // The longest run in label order: A, then the first B after it, then C…
    for (let i = 0; i < found.length; i++) {
      if (found[i]!.label !== set[0]) continue;
      const run = [found[i]!];
      for (let k = 1; k < set.length; k++) {
        const next = found.find((f) => f.label === set[k] && f.at > run[run.length - 1]!.end);
        if (!next) break;
        run.push(next);
      }
      if (run.length > best.length) best = run;
    }
  }
  if (best.length < 2) return undefined;
  const stem = text.slice(0, best[0]!.at).trim();
  if (normalize(stem).split(' ').filter(Boolean).length < 2) return undefined;
  const options = best.map((f, i) => ({ label: f.label, text: text.slice(f.end, best[i + 1]?.at ?? text.length).trim().replace(/[\s;,]+$/, '') }));
  if (options.some((o) => normalize(o.text) === '')) return undefined;
  // Two short "options" inside an ordinary sentence ("a) and b)") are not a pasted question.
  if (best.length === 2 && !options.every((o) => o.text.length > 1)) return undefined;
  return { stem, options };
}

const COUNT_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, '2': 2, '3': 3, '4': 4 };
const COUNT = /\b(?:choose|select|pick|mark|identify|which|name|tick)\s+(?:the\s+|any\s+|all\s+)?(two|three|four|2|3|4)\b|\b(two|three|four|2|3|4)\s+(?:things|statements|options|answers|choices|tasks|items|responsibilities|controls)\b/;
const NEGATION = /\b(not|except|isnt|arent|never|least likely)\b(?!\s+(?:the\s+)?(aws|amazon|customer|customers|us|we|you)\b)/;
const STATEMENTS = /\b(true|correct|accurate|statements?|describes?|describe)\b/;
const BOTH = /^(both|shared|both parties|both aws and the customer|aws and the customer|the customer and aws|aws and customer|customer and aws|joint|jointly|shared responsibility|it is shared|both of them|each)$/;

/** Reads what a stem asks for. `partyOf` maps a normalised option text to a party when it names one. */
export function readStem(stem: string, options: readonly { text: string }[], pack: KnowledgePack): StemAsk {
  const n = normalize(stem);
  const count = COUNT.exec(n);
  // The options are parties when all of them are, or all but one of a "who/which party" stem's.
  const whoStem = WHO_STEM.test(n);
  const parties = options.filter((o) => optionParty(o.text, pack, whoStem) !== undefined).length;
  const partyOptions = options.length >= 2 && (parties === options.length || (parties >= 2 && parties === options.length - 1 && whoStem));
  const framed = ` ${stripFraming(n)} `;
  return {
    negated: NEGATION.test(framed) || /\bNOT\b/.test(stem),
    partyOptions,
    ...(count ? { count: COUNT_WORDS[(count[1] ?? count[2])!]! } : {}),
    ...(partyOptions ? {} : partyAsked(framed, pack)),
  };
}

/** A stem asking who does something: "Who leads …?", "… is handled by:", "… is the responsibility of:". */
const WHO_STEM = /\b(who|whom|whose|which party|which side|which entity)\b|\b(handled|performed|done|owned|managed|carried out|covered) by$|\b(responsibility|job|duty) of$/;

/**
 * The party an option names on its own ("AWS", "The customer", "Both"), if it is only a party. Answering
 * a "who" stem, a team of a party ("AWS Support", "the customer's security team") counts as that party.
 */
export function optionParty(text: string, pack: KnowledgePack, whoStem = false): string | undefined {
  // "AWS, because Beanstalk is managed" and "The customer - it owns the data" name a party with a reason.
  const head = normalize(text.split(REASON_START)[0] ?? text);
  const party = partyOfWords(head, pack);
  if (party !== undefined || !whoStem) return party;
  const words = head.replace(ARTICLE, '').split(' ');
  if (words.length < 2 || words.length > 3 || !TEAM.test(words.slice(1).join(' '))) return undefined;
  const named = partyOfWords(words[0]!, pack);
  return named === 'neither' ? undefined : named;
}

/** What follows a party's name in "AWS Support", "AWS Security", "the customer's security team". */
const TEAM = /^((security|support|operations|ops|incident response|premium support|enterprise support|engineering|engineers|staff|personnel|employees|team|admins|administrators)( team)?|team)$/;

/** optionParty on text already normalised. */
function partyOfWords(normalized: string, pack: KnowledgePack): string | undefined {
  const n = normalized.replace(ARTICLE, '').replace(QUALIFIER, '');
  const names = namesOf(pack);
  if (BOTH.test(n)) return names.shared;
  if (NEITHER.test(n)) return 'neither';
  const direct = names.byName.get(n);
  if (direct !== undefined) return direct;
  if (CUSTOMER.test(n)) return names.customer;
  return undefined;
}

const REASON_START = /\s*(?:,|;|\s[-–—]\s|\(|\bbecause\b|\bsince\b|\bas\b)\s*/;
const ARTICLE = /^(the|a|an)\s+/;
const QUALIFIER = /\s+(only|alone|is responsible|are responsible|responsibility|equally)$/;
const NEITHER = /^(neither|none of (the above|them)|nobody|no one)$/;
const CUSTOMER = /^(the )?(customer|customers|client|user|account owner|you|your company|the company)$/;

/** Each pack's party names, normalised once: an option's text is looked up, not compared name by name. */
const namesByPack = new WeakMap<KnowledgePack, { byName: Map<string, string>; shared?: string; customer?: string }>();
function namesOf(pack: KnowledgePack) {
  let names = namesByPack.get(pack);
  if (!names) {
    const byName = new Map<string, string>();
    // The first party to claim a name keeps it, as the name-by-name loop did.
    for (const party of pack.parties) {
      for (const name of [party.id, party.name, ...(party.aliases ?? [])]) {
        const w = normalize(name);
        for (const form of [w, `${w}s`, `${w} side`]) if (!byName.has(form)) byName.set(form, party.id);
      }
    }
    names = { byName, shared: pack.parties.find((p) => p.shared)?.id, customer: pack.parties.find((p) => p.id === 'customer')?.id };
    namesByPack.set(pack, names);
  }
  return names;
}

/** The party whose responsibilities the stem asks about: the first named, ignoring framing. */
function partyAsked(framed: string, pack: KnowledgePack): { party?: string } {
  // The model's own names for the two sides, and inherited controls (those come from the provider).
  const provider = providerParty(pack);
  const customer = pack.parties.find((p) => !p.shared && p.id !== provider)?.id;
  if (provider && /\s(of the cloud|inherit\w*|inherited from)\s/.test(framed)) return { party: provider };
  if (customer && /\sin the cloud\s/.test(framed)) return { party: customer };
  // "For Amazon EKS, which TWO are customer responsibilities?": the party the duty is pinned on, not a service's maker.
  const duty = dutyParty(framed, pack);
  if (duty) return { party: duty };
  let bestAt = Infinity;
  let best: string | undefined;
  for (const { party, name, plural } of stemNamesOf(pack)) {
    const one = framed.indexOf(name);
    const many = framed.indexOf(plural);
    const at = one < 0 ? many : many < 0 ? one : Math.min(one, many);
    if (at >= 0 && at < bestAt) {
      bestAt = at;
      best = party;
    }
  }
  // "A team runs MongoDB on EC2. Which TWO are their responsibility?": the scenario's subject, the customer.
  if (best === undefined && customer && /\s(their|they|its|them|the team|the company)\s/.test(framed)) return { party: customer };
  return best === undefined ? {} : { party: best };
}

/** The names a stem may give a party ("shared" or "both" for the shared one), padded for whole-word search. */
const stemNamesByPack = new WeakMap<KnowledgePack, { party: string; name: string; plural: string }[]>();
function stemNamesOf(pack: KnowledgePack): { party: string; name: string; plural: string }[] {
  let names = stemNamesByPack.get(pack);
  if (!names) {
    names = pack.parties.flatMap((party) =>
      (party.shared ? ['shared', 'both'] : [party.id, party.name, ...(party.aliases ?? []).filter((a) => a.length > 3 || /^(we|us|our)$/i.test(a))]).map((n) => {
        const w = normalize(n);
        return { party: party.id, name: ` ${w} `, plural: ` ${w}s ` };
      }),
    );
    stemNamesByPack.set(pack, names);
  }
  return names;
}

/** "AWS patches the guest OS" → the party the statement is about, and what it says that party does. */
export function statementSubject(text: string, pack: KnowledgePack): { party: string; rest: string } | undefined {
  const words = normalize(text).split(' ');
  for (let len = Math.min(4, words.length - 1); len >= 1; len--) {
    for (let start = 0; start <= 1; start++) {
      const head = words.slice(start, start + len).join(' ');
      const party = partyOfWords(head.split(REASON_START)[0] ?? head, pack);
      if (party && party !== 'neither') return { party, rest: words.slice(start + len).join(' ') };
    }
  }
  return undefined;
}

/** Whether the stem wants true statements ("which statements are correct?") rather than a party's tasks. */
export function asksForStatements(stem: string): boolean {
  return STATEMENTS.test(normalize(stem));
}

/**
 * Which options answer the stem, given each option's answer. A stem that says how many ("choose
 * TWO") gets that many, the most confident first; one that does not gets every option that fits, or
 * the single best one when the stem is singular.
 */
export function decideMatches(
  ask: StemAsk,
  stem: string,
  answered: { label: string; text: string; answer: Answer; statementParty?: string }[],
  stemAnswer: Answer | undefined,
  sharedParty: string | undefined,
): OptionAnswer[] {
  const fit = (o: (typeof answered)[number]): number => {
    const a = o.answer;
    const sure = a.certainty === 'sure' ? 1 : 0.85;
    if (ask.partyOptions) {
      const party = o.statementParty;
      return stemAnswer && party === stemAnswer.verdict ? 1 : 0;
    }
    if (o.statementParty !== undefined) {
      // A statement "AWS patches the guest OS" is true when that party is responsible.
      if (a.verdict === 'unknown') return 0.3;
      if (a.verdict === o.statementParty) return sure;
      return a.verdict === sharedParty ? 0.5 : 0;
    }
    if (a.verdict === 'unknown') return ask.negated ? 0.4 : 0.2;
    const party = ask.party;
    if (party === undefined) return 0;
    const isParty = a.verdict === party ? sure : a.verdict === sharedParty || party === sharedParty ? 0.5 : 0;
    return ask.negated ? 1 - isParty : isParty;
  };
  const scored = answered.map((o) => ({ o, fit: fit(o) }));
  let chosen: Set<(typeof answered)[number]>;
  const ranked = [...scored].sort((x, y) => y.fit - x.fit);
  if (ask.count !== undefined) {
    chosen = new Set(ranked.slice(0, ask.count).filter((x) => x.fit > 0).map((x) => x.o));
  } else {
    const fitting = ranked.filter((x) => x.fit >= 0.75);
    const n = normalize(stem);
    // "Which of these are …?" asks for every option that fits; the question mark is only in the stem as written.
    // The stem's first verb says which: "Which of these statements about S3 IS true?" wants one.
    const verb = /\b(is|are)\b/.exec(n)?.[1];
    const plural = /\ball that apply\b|\bselect all\b/.test(n) || (/\b(are|these|apply|all)\b.*\?/i.test(stem) && verb !== 'is' && !/\bwhich one\b/.test(n));
    chosen = new Set((plural ? fitting : fitting.slice(0, 1)).map((x) => x.o));
    if (chosen.size === 0 && ranked[0] && ranked[0].fit > 0) chosen.add(ranked[0].o);
  }
  return answered.map((o) => ({ label: o.label, text: o.text, answer: o.answer, matches: chosen.has(o) }));
}
