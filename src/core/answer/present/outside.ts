// Replies that give no verdict: "I don't know" (with "did you mean" when something came close), the
// usage hint for an empty question, and one short line for chit-chat, other clouds, billing and trivia.
import type { KnowledgePack } from '../../knowledge/loader.ts';
import { clip, type Block, type Reply } from '../../reply/reply.ts';
import type { Answer } from '../answer.ts';
import { stripMentions } from '../mentions.ts';
import { didYouMean, exampleQuestions, scopeOf } from './common.ts';
import { DEFAULT_COLOR } from './wording.ts';

export function presentUnknown(answer: Extract<Answer, { kind: 'unknown' }>, packs: readonly KnowledgePack[]): Reply {
  const scope = scopeOf(packs);
  const blocks: Block[] = [
    { type: 'header', text: "I don't know that one" },
    {
      type: 'section',
      text: `I couldn't match "${clip(stripMentions(answer.question).trim(), 150)}" to anything I know, and I'd rather say so than guess. I answer "who is responsible" questions about: ${scope}.`,
    },
  ];
  if (answer.alternatives.length) {
    blocks.push({ type: 'context', text: 'Were you asking about one of these?' });
    blocks.push({ type: 'actions', buttons: didYouMean(answer.alternatives) });
  } else {
    blocks.push({ type: 'context', text: `Try: ${exampleQuestions(packs).join(' · ')}` });
  }
  return { visibility: 'private', text: `I don't know that one. I answer questions about: ${scope}.`, blocks, color: DEFAULT_COLOR };
}

/** One short line: what the bot answers, said in the light of what was asked. */
export function presentOutside(answer: Extract<Answer, { kind: 'outside' }>, packs: readonly KnowledgePack[], usage: string): Reply {
  const scope = scopeOf(packs);
  const example = exampleQuestions(packs)[0];
  const tryIt = example ? ` Try: “${example}” (${usage} <question>).` : '';
  const text = {
    noise: `I answer "who is responsible?" questions about ${scope}.${tryIt}`,
    'other-cloud': `I only know ${scope}, not other clouds' models.${tryIt}`,
    billing: `I don't answer billing questions; I answer who is responsible for security tasks (${scope}).${tryIt}`,
    'not-responsibility': `That isn't a "who is responsible?" question; those are what I answer, about ${scope}.${tryIt}`,
  }[answer.reason];
  return { visibility: 'private', text, blocks: [{ type: 'section', text }], color: DEFAULT_COLOR };
}

export function presentUsage(packs: readonly KnowledgePack[], usage: string): Reply {
  const examples = exampleQuestions(packs);
  return {
    visibility: 'private',
    text: `Ask me who is responsible for something, e.g. ${usage} ${examples[0] ?? 'patches the hypervisor?'}`,
    blocks: [
      { type: 'header', text: 'Ask me who is responsible for something' },
      { type: 'section', text: `Usage: ${usage} <question>. Name a task, a risk or a service; I answer with the verdict and the reason.` },
      { type: 'fields', fields: examples.map((e, i) => ({ label: `Example ${i + 1}`, value: `${usage} ${e}` })) },
    ],
    color: DEFAULT_COLOR,
  };
}
