// A pasted multiple-choice question: each option with its verdict and a one-line reason, the ones that
// answer the stem marked, in a compact list.
import { clip, type Block, type Reply } from '../../reply/reply.ts';
import type { Answer } from '../answer.ts';
import { gridReason } from './grid.ts';
import { DEFAULT_COLOR, capitalise, partyPhrase } from './wording.ts';
import type { KnowledgePack } from '../../knowledge/loader.ts';

type OptionsAnswer = Extract<Answer, { kind: 'options' }>;

const COUNT_WORDS = ['', 'one', 'two', 'three', 'four'];

export function presentOptions(answer: OptionsAnswer, packs: readonly KnowledgePack[]): Reply {
  const pack = packs[0]!;
  const picked = answer.options.filter((o) => o.matches).map((o) => o.label);
  const list = picked.length > 1 ? `${picked.slice(0, -1).join(', ')} and ${picked[picked.length - 1]}` : (picked[0] ?? '');
  const header = picked.length === 0 ? 'None of the options fits for sure' : answer.certainty === 'sure' ? `Answer: ${list}` : `Probably ${list} — check the options marked "not sure"`;
  const blocks: Block[] = [{ type: 'header', text: header }, { type: 'context', text: clip(`${answer.stem}${describeAsk(answer, pack)}`, 300) }];
  for (const o of answer.options) {
    const a = o.answer;
    const mark = o.matches ? '✔' : '✘';
    const who = answer.ask.partyOptions ? '' : a.verdict === 'unknown' ? " — I don't know this one" : ` — ${capitalise(partyPhrase(pack, a.verdict))}`;
    const why = answer.ask.partyOptions ? '' : a.kind === 'topic' ? `: ${a.ref.topic.title}` : a.kind === 'grid' ? `: ${gridReason(a.reading)}` : '';
    const doubt = !answer.ask.partyOptions && a.certainty === 'unsure' && a.verdict !== 'unknown' ? ' (not sure)' : '';
    blocks.push({ type: 'section', text: clip(`${mark} ${o.label}) ${o.text}${who}${doubt}${why}`, 600) });
  }
  if (answer.ask.partyOptions) {
    const a = answer.options[0]!.answer;
    const reason = a.kind === 'topic' ? `${a.ref.topic.title}. ${a.ref.topic.explanation}` : a.kind === 'grid' ? gridReason(a.reading) : '';
    if (reason) blocks.push({ type: 'section', text: clip(reason, 600) });
  }
  const text = `${header}. ${answer.options.map((o) => `${o.matches ? '✔' : '✘'} ${o.label}) ${o.text}`).join(' ')}`;
  return { visibility: 'private', text: clip(text, 2900), blocks, color: DEFAULT_COLOR };
}

function describeAsk(answer: OptionsAnswer, pack: KnowledgePack): string {
  const { ask } = answer;
  if (ask.partyOptions || ask.party === undefined) return '';
  const count = ask.count ? ` (choose ${COUNT_WORDS[ask.count] ?? ask.count})` : '';
  return ` — asks for what is${ask.negated ? ' NOT' : ''} ${partyPhrase(pack, ask.party)}'s job${count}.`;
}
