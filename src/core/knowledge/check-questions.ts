// What a quiz question's schema cannot say: its correct options add up, its domain and links exist,
// every option says why it is right or wrong, and a question that asks who is responsible agrees with
// the topics it links to.
import { GENERAL_SERVICE } from './loader.ts';
import type { Domain, Party, QuizQuestionSpec, Topic } from './schema.ts';
import type { KnowledgeProblem, YamlFile } from './yaml-file.ts';

export interface QuestionLinks {
  parties: readonly Party[];
  domains: readonly Domain[] | undefined;
  /** The pack's valid topics by id. */
  topics: ReadonlyMap<string, Topic>;
  /** Every topic and service id written down, valid or not (a bad field does not make a link dangle). */
  topicIds: ReadonlySet<string>;
  serviceIds: ReadonlySet<string>;
}

export function checkQuestions(questions: readonly { q: QuizQuestionSpec; source: YamlFile; path: (string | number)[] }[], links: QuestionLinks, problems: KnowledgeProblem[]): void {
  for (const { q, source, path } of questions) {
    for (const p of questionProblems(q, links)) problems.push({ file: source.file, line: source.lineOf([...path, ...p.at]), reason: p.reason });
  }
}

/**
 * One question's problems, each at its path inside the question. Also used on a team pack edited from
 * chat: a hand-written question that no longer passes leaves the quiz pools (see quiz/live-bank.ts).
 */
export function questionProblems(q: QuizQuestionSpec, links: QuestionLinks): { at: (string | number)[]; reason: string }[] {
  const out: { at: (string | number)[]; reason: string }[] = [];
  const partyIds = new Set(links.parties.map((p) => p.id));
  const domainIds = links.domains ? new Set(links.domains.map((d) => d.id)) : undefined;
  const path = (...rest: (string | number)[]) => rest;
  const problem = (at: (string | number)[], reason: string) => out.push({ at, reason });
  const correct = q.options.filter((o) => o.correct).length;
  if (correct < 1 || correct > 3) {
    problem(path('options'), `question "${q.id}" needs one correct option, or two or three for a multi-select question (has ${correct})`);
  } else if (correct > 1 && q.options.length < correct + 2) {
    problem(path('options'), `multi-select question "${q.id}" with ${correct} correct options needs at least ${correct + 2} options`);
  }
  if (domainIds && !domainIds.has(q.domain)) {
    problem(path('domain'), `unknown domain "${q.domain}" (this pack has: ${[...domainIds].join(', ')})`);
  }
  // Whoever picks an option is shown its why: an option without one leaves them with nothing.
  q.options.forEach((o, j) => {
    if (!o.why) problem(path('options', j), `question "${q.id}": option ${j + 1} ("${clip(o.text)}") needs a why: say why it is ${o.correct ? 'right' : 'wrong'}`);
  });
  if (q.verdict !== undefined && !partyIds.has(q.verdict)) {
    problem(path('verdict'), `verdict: unknown party "${q.verdict}" (this pack has: ${[...partyIds].join(', ')})`);
  }
  // "Who is responsible?" with a party as the one correct option: the answer is a verdict too.
  const answered = correct === 1 ? partyNamed(q.options.find((o) => o.correct)!.text, links.parties) : undefined;
  if (answered && q.verdict !== undefined && partyIds.has(q.verdict) && answered.id !== q.verdict) {
    problem(path('verdict'), `question "${q.id}" says ${q.verdict} is responsible, but its correct option names ${answered.id}`);
  }
  if (q.verdict !== undefined && partyIds.has(q.verdict)) {
    // A declared verdict is checked against every linked topic.
    q.topics.forEach((t, j) => {
      const topic = links.topics.get(t);
      if (topic && topic.responsible !== q.verdict) problem(path('topics', j), `question "${q.id}" says ${q.verdict} is responsible, but its linked topic "${t}" says ${topic.responsible}`);
    });
  } else if (answered) {
    // One read from the correct option must match at least one linked topic: a question may also link
    // the broader topic it belongs to (training AWS staff is AWS's part of a shared control).
    const linked = q.topics.flatMap((t) => links.topics.get(t) ?? []);
    if (linked.length && !linked.some((t) => t.responsible === answered.id)) {
      problem(path('topics'), `question "${q.id}" answers ${answered.id} is responsible, but no linked topic says so (${linked.map((t) => `"${t.id}" says ${t.responsible}`).join(', ')})`);
    }
  }
  const seen = new Set<string>();
  q.options.forEach((o, j) => {
    const key = o.text.trim().toLowerCase();
    if (seen.has(key)) problem(path('options', j), `duplicate option "${o.text}" in question "${q.id}"`);
    seen.add(key);
  });
  q.topics.forEach((t, j) => {
    if (!links.topicIds.has(t)) problem(path('topics', j), `linked topic "${t}" does not exist`);
  });
  q.services.forEach((s, j) => {
    if (s !== GENERAL_SERVICE && !links.serviceIds.has(s)) problem(path('services', j), `unknown service "${s}"`);
  });
  return out;
}

/** The party an option names and nothing else ("AWS", "The customer", "Shared"), if it is one. */
function partyNamed(text: string, parties: readonly Party[]): Party | undefined {
  const key = words(text);
  return parties.find((p) => [p.id, p.name, p.phrase ?? '', ...(p.aliases ?? [])].some((name) => name && words(name) === key));
}

function words(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/^\s*the\s+/, '').replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  return text.length > 50 ? `${text.slice(0, 50)}…` : text;
}
