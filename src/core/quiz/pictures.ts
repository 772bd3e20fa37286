// The quiz's pictures: the reveal of a question about a service shows that service's responsibility
// diagram (at the layer of the question's topic), and /quiz stats a bar chart of mastery per domain.
import { serviceDiagram } from '../diagram/build.ts';
import type { BarChart, Diagram } from '../diagram/diagram.ts';
import type { Reply } from '../reply/reply.ts';
import type { QuestionBank, QuizQuestion } from './bank.ts';
import type { Mastery } from './mastery.ts';

/** The diagram of the (first) service a question is about, or undefined for a general question. */
export function questionDiagram(bank: QuestionBank, q: QuizQuestion): Diagram | undefined {
  const pack = bank.packs.find((p) => p.id === q.packId);
  const service = q.services.map((id) => pack?.services.find((s) => s.id === id)).find((s) => s !== undefined);
  if (!pack || !service) return undefined;
  const layer = q.topics.map((t) => pack.topics.find((x) => x.id === t)?.layer).find((l) => l !== undefined);
  return serviceDiagram(pack, service, layer);
}

export function withQuestionDiagram(bank: QuestionBank, q: QuizQuestion, reply: Reply): Reply {
  const image = questionDiagram(bank, q);
  return image ? { ...reply, image } : reply;
}

/** Mastery per study domain as bars (share answered right), in the packs' domain order; undefined with no answers. */
export function masteryChart(bank: QuestionBank, mastery: ReadonlyMap<string, Mastery>, who: string): BarChart | undefined {
  const declared = bank.packs.flatMap((p) => p.domains);
  const names = new Map(declared.map((d) => [d.id, d.name]));
  const ids = [...new Set([...declared.map((d) => d.id), ...mastery.keys()])].filter((id) => (mastery.get(id)?.answered ?? 0) > 0);
  if (!ids.length) return undefined;
  const bars = ids.map((id) => {
    const m = mastery.get(id)!;
    return { label: names.get(id) ?? id, value: m.correct / m.answered, note: `${Math.round((m.correct / m.answered) * 100)}% (${m.correct}/${m.answered})` };
  });
  const title = `Mastery by study domain: ${who}`;
  const alt = `Bar chart — ${title}. ${bars.map((b) => `${b.label}: ${b.note} right`).join('; ')}.`;
  const key = `bars|${bars.map((b) => `${b.label}=${b.note}`).join(',')}|${who}`;
  return { kind: 'bars', key, title, bars, alt };
}
