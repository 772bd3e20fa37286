// Renders a neutral Reply as plain terminal text. Buttons become numbered choices; the options of a
// multi-choice block are numbered too, and picked by typing their numbers ("1,3"). Options labelled
// "A. …" (a quiz question's) can also be picked by their letter ("b", or "a,c" for several).
import type { Block, Button, MultiChoice, Reply } from '../../core/reply/reply.ts';

/** A multi-choice block as shown: its options carry the numbers first..first+count-1. */
export interface NumberedChoices {
  choices: MultiChoice;
  first: number;
}

export interface RenderedText {
  text: string;
  /** The buttons by the number shown next to each. */
  buttons: Map<number, Button>;
  choices: NumberedChoices[];
  /** Lettered options ("a" → the number shown next to "A. …"). */
  letters: Map<string, number>;
  /** The first number not used, for the next reply shown with this one. */
  next: number;
}

/**
 * A terminal has room: the rest of a short answer (Reply.more) is printed at once, right after its
 * first paragraph, and the "More" button that would have shown it is left out.
 */
function withMoreInline(reply: Reply): Block[] {
  if (!reply.more) return reply.blocks;
  const blocks = reply.blocks.map((b) => (b.type === 'actions' ? { ...b, buttons: b.buttons.filter((x) => !x.showsMore) } : b)).filter((b) => b.type !== 'actions' || b.buttons.length > 0);
  const at = blocks.findIndex((b) => b.type === 'section');
  return at < 0 ? [...blocks, ...reply.more] : [...blocks.slice(0, at + 1), ...reply.more, ...blocks.slice(at + 1)];
}

/** The letter of an option labelled "A. …", lower case. */
function letterOf(label: string): string | undefined {
  return /^([A-Z])\. /.exec(label)?.[1]!.toLowerCase();
}

/** Numbers start at `firstNumber`; buttons and multi-choice options share one numbering. */
export function renderText(reply: Reply, firstNumber = 1): RenderedText {
  const lines: string[] = [];
  const buttons = new Map<number, Button>();
  const choices: NumberedChoices[] = [];
  const letters = new Map<string, number>();
  let next = firstNumber;
  for (const block of withMoreInline(reply)) {
    switch (block.type) {
      case 'header':
        lines.push(`== ${block.text} ==`);
        break;
      case 'section':
        lines.push(block.text);
        break;
      case 'fields':
        for (const f of block.fields) lines.push(`  ${f.label}: ${f.value}`);
        break;
      case 'context':
        lines.push(`  (${block.text})`);
        break;
      case 'divider':
        lines.push('----');
        break;
      case 'actions': {
        const lettered = block.buttons.filter((b) => letterOf(b.label)).length;
        for (const b of block.buttons) {
          const letter = letterOf(b.label);
          if (letter) letters.set(letter, next);
          buttons.set(next, b);
          lines.push(`  [${next++}] ${b.label}`);
        }
        if (lettered > 1) lines.push(`  (Type a letter to answer, e.g. ${letterOf(block.buttons.find((b) => letterOf(b.label))!.label)}, or its number.)`);
        break;
      }
      case 'choices': {
        const first = next;
        for (const o of block.options) {
          const letter = letterOf(o.label);
          if (letter) letters.set(letter, next);
          lines.push(`  [${next++}] ${o.label}`);
        }
        const count = Math.max(1, block.max);
        const example = [first, first + 1, first + 2].slice(0, count).join(',');
        const byLetter = block.options.every((o) => letterOf(o.label))
          ? ` or letters, e.g. ${block.options.slice(0, count).map((o) => letterOf(o.label)).join(',')}`
          : '';
        lines.push(`  (${block.prompt}: type their numbers separated by commas, e.g. ${example}${byLetter})`);
        choices.push({ choices: block, first });
        break;
      }
    }
  }
  if (reply.visibility === 'public') lines.unshift('(posted in the channel)');
  return { text: lines.join('\n'), buttons, choices, letters, next };
}
