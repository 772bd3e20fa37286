// A comparison ("who patches the OS on EC2 vs RDS vs Lambda?") as one side-by-side card, so the line
// moving from IaaS to managed to serverless is visible at a glance.
import { clip, type Block, type Button, type Reply } from '../../reply/reply.ts';
import type { Answer } from '../answer.ts';
import { ACTION_SHOW_TOPIC, topicValue, type PresentOptions } from './common.ts';
import { gridReason } from './grid.ts';
import { DEFAULT_COLOR, capitalise, partyPhrase } from './wording.ts';

type CompareAnswer = Extract<Answer, { kind: 'compare' }>;

export function presentCompare(answer: CompareAnswer, _opts: PresentOptions): Reply {
  const pack = answer.rows[0]!.service.pack;
  const verdicts = new Set(answer.rows.map((r) => r.answer.verdict));
  const [only] = verdicts;
  const header =
    verdicts.size === 1 && only !== 'unknown'
      ? `${capitalise(partyPhrase(pack, only!))} on ${answer.rows.length === 2 ? 'both' : `all ${answer.rows.length}`}`
      : 'It depends on the service';
  const fields = answer.rows.map((r) => {
    const a = r.answer;
    const who = a.verdict === 'unknown' ? "I don't know" : capitalise(partyPhrase(pack, a.verdict));
    const why = a.kind === 'topic' ? a.ref.topic.title : a.kind === 'grid' ? gridReason(a.reading) : '';
    const doubt = a.certainty === 'unsure' && a.verdict !== 'unknown' ? ' (not sure)' : '';
    const model = r.service.service.model ? pack.models.find((m) => m.id === r.service.service.model)?.name : undefined;
    return { label: `${r.service.service.name}${model ? ` · ${model}` : ''}`, value: `${who}${doubt}${why ? ` — ${why}` : ''}` };
  });
  const blocks: Block[] = [
    { type: 'header', text: header },
    { type: 'section', text: `Asked of each service: ${clip(answer.subject || answer.question, 150)}` },
    { type: 'fields', fields, sideBySide: true },
  ];
  const buttons: Button[] = answer.rows.flatMap((r) =>
    r.answer.kind === 'topic' ? [{ action: ACTION_SHOW_TOPIC, value: topicValue(r.answer.ref), label: clip(`${r.service.service.name}: ${r.answer.ref.topic.title}`, 75) }] : [],
  );
  if (buttons.length) blocks.push({ type: 'actions', buttons: buttons.slice(0, 5) });
  const text = `${header}. ${fields.map((f) => `${f.label}: ${f.value}`).join('; ')}`;
  return { visibility: 'private', text: clip(text, 2900), blocks, color: DEFAULT_COLOR };
}
