// Assembles the platform-free core: knowledge packs → answer engine → command registry.
// Adapters receive this object and never build any of it themselves.
import { AnswerEngine } from './answer/engine.ts';
import { CommandRegistry, type Logger } from './commands/registry.ts';
import { helpCommand } from './commands/help.ts';
import { whoActions, whoCommand } from './commands/who.ts';
import type { KnowledgePack } from './knowledge/loader.ts';

export interface Core {
  packs: readonly KnowledgePack[];
  engine: AnswerEngine;
  registry: CommandRegistry;
}

export function createCore(packs: readonly KnowledgePack[], log?: Logger): Core {
  const engine = new AnswerEngine(packs);
  const registry = new CommandRegistry(log);
  registry.addCommand(whoCommand({ engine }));
  for (const action of whoActions({ engine })) registry.addAction(action);
  registry.addCommand(helpCommand(registry));
  return { packs, engine, registry };
}
