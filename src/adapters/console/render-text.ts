// Renders a neutral Reply as plain terminal text. Buttons become numbered choices.
import type { Button, Reply } from '../../core/reply/reply.ts';

export interface RenderedText {
  text: string;
  buttons: Button[];
}

export function renderText(reply: Reply, firstNumber = 1): RenderedText {
  const lines: string[] = [];
  const buttons: Button[] = [];
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
          lines.push(`  [${firstNumber + buttons.length}] ${b.label}`);
          buttons.push(b);
        }
        break;
    }
  }
  if (reply.visibility === 'public') lines.unshift('(posted in the channel)');
  return { text: lines.join('\n'), buttons };
}
