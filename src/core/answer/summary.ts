// The machine-readable summary of an answer: what `ask --json` prints and what the evaluation scores.
// One place decides what "hedged" and the yes/no lead mean, so the CLI and the measurements agree.
import type { Answer } from './engine.ts';

export type Lead = 'yes' | 'no' | 'partly';

export interface AnswerSummary {
  question: string;
  kind: Answer['kind'];
  /** A party id, or "unknown" when no verdict is given. */
  verdict: string;
  /** True when the verdict comes with doubt shown to the user ("did you mean", two candidates, a question back). */
  hedged: boolean;
  /** For yes/no questions: how the answer begins. */
  lead?: Lead;
  topic: string | null;
  confidence: number;
  alternatives: string[];
  /** Pasted multiple-choice questions: each option's verdict, and the labels that answer the stem. */
  options?: { label: string; text: string; verdict: string }[];
  matches?: string[];
  /** Comparisons: the verdict per service id. */
  compare?: { service: string; verdict: string }[];
}

export function summarize(a: Answer): AnswerSummary {
  const topic = a.kind === 'topic' ? `${a.ref.pack.id}/${a.ref.topic.id}` : a.kind === 'service' ? `${a.service.pack.id}/service:${a.service.service.id}` : null;
  const summary: AnswerSummary = {
    question: a.question,
    kind: a.kind,
    verdict: a.verdict,
    hedged: a.kind === 'topic' ? a.alternatives.length > 0 : false,
    topic,
    confidence: a.confidence,
    alternatives: a.alternatives.map((r) => `${r.pack.id}/${r.topic.id}`),
  };
  if (a.kind === 'topic' && a.askedParty) {
    const shared = a.ref.pack.parties.find((p) => p.id === a.verdict)?.shared;
    summary.lead = a.askedParty === a.verdict ? 'yes' : shared ? 'partly' : 'no';
  }
  return summary;
}
