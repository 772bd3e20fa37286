// Renders a neutral Reply as plain terminal text. Buttons become numbered choices; the options of a
// multi-choice block are numbered too, and picked by typing their numbers ("1,3").
import type { Button, MultiChoice, Reply } from '../../core/reply/reply.ts';

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
  /** The first number not used, for the next reply shown with this one. */
  next: number;
}

/** Numbers start at `firstNumber`; buttons and multi-choice options share one numbering. */
export function renderText(reply: Reply, firstNumber = 1): RenderedText {
  const lines: string[] = [];
  const buttons = new Map<number, Button>();
  const choices: NumberedChoices[] = [];
  let next = firstNumber;
  for (const block of reply.blocks) {
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
      case 'actions':
        for (const b of block.buttons) {
          buttons.set(next, b);
          lines.push(`  [${next++}] ${b.label}`);
        }
        break;
      case 'choices': {
        const first = next;
        for (const o of block.options) lines.push(`  [${next++}] ${o.label}`);
        const example = [first, first + 1, first + 2].slice(0, Math.max(1, block.max)).join(',');
        lines.push(`  (${block.prompt}: type their numbers separated by commas, e.g. ${example})`);
        choices.push({ choices: block, first });
        break;
      }
    }
  }
  if (reply.visibility === 'public') lines.unshift('(posted in the channel)');
  return { text: lines.join('\n'), buttons, choices, next };
}
