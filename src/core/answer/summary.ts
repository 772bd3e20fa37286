// The machine-readable summary of an answer: what `ask --json` prints and what the evaluation scores.
// One place decides what "hedged" and the yes/no lead mean, so the CLI and the measurements agree.
import type { Answer } from './answer.ts';
import { leadFor, type Lead } from './yes-no.ts';

export type { Lead } from './yes-no.ts';

export interface AnswerSummary {
  question: string;
  kind: Answer['kind'];
  /** A party id, or "unknown" when no single verdict is given. */
  verdict: string;
  /** True when the answer is shown with doubt ("did you mean", a rival reading side by side). */
  hedged: boolean;
  /** For yes/no questions: how the answer begins. */
  lead?: Lead;
  /** `pack/topic`, `pack/service:id` or `pack/layer:id` (an answer reasoned from the grid). */
  topic: string | null;
  confidence: number;
  alternatives: string[];
  /** Pasted multiple-choice questions: each option's verdict, and the labels that answer the stem. */
  options?: { label: string; text: string; verdict: string }[];
  matches?: string[];
  /** Comparisons: the verdict per service id. */
  compare?: { service: string; verdict: string }[];
  /** Why a line got no verdict: noise, other-cloud, not-responsibility or billing. */
  outside?: string;
}

export function summarize(a: Answer): AnswerSummary {
  const summary: AnswerSummary = {
    question: a.question,
    kind: a.kind,
    verdict: a.verdict,
    hedged: a.certainty === 'unsure' && a.verdict !== 'unknown',
    topic: topicOf(a),
    confidence: a.confidence,
    alternatives: a.alternatives.map((r) => `${r.pack.id}/${r.topic.id}`),
  };
  if ((a.kind === 'topic' || a.kind === 'grid') && a.askedParty) {
    summary.lead = leadFor(a.askedParty, a.verdict, a.kind === 'topic' ? a.ref.pack : a.reading.pack);
  }
  if (a.kind === 'options') {
    summary.options = a.options.map((o) => ({ label: o.label, text: o.text, verdict: o.answer.verdict }));
    summary.matches = a.options.filter((o) => o.matches).map((o) => o.label);
    summary.hedged = a.certainty === 'unsure';
  }
  if (a.kind === 'compare') {
    summary.compare = a.rows.map((r) => ({ service: r.service.service.id, verdict: r.answer.verdict }));
    summary.hedged = a.certainty === 'unsure';
  }
  if (a.kind === 'outside') summary.outside = a.reason;
  return summary;
}

function topicOf(a: Answer): string | null {
  switch (a.kind) {
    case 'topic':
      return `${a.ref.pack.id}/${a.ref.topic.id}`;
    case 'grid':
      return `${a.reading.pack.id}/layer:${a.reading.layer.id}`;
    case 'service':
      return `${a.service.pack.id}/service:${a.service.service.id}`;
    default:
      return null;
  }
}
