// Assembles the platform-free core: knowledge packs → answer engine → command registry.
// Adapters receive this object and never build any of it themselves.
import { AnswerEngine } from './answer/engine.ts';
import { CommandRegistry } from './commands/registry.ts';
import { silentLogger, type Logger } from './ports/logger.ts';
import type { Messenger, Platform } from './ports/messenger.ts';
import { helpCommand } from './commands/help.ts';
import { whoActions, whoCommand } from './commands/who.ts';
import type { KnowledgePack } from './knowledge/loader.ts';

export interface Core {
  packs: readonly KnowledgePack[];
  engine: AnswerEngine;
  registry: CommandRegistry;
  log: Logger;
  /** Platforms the bot can post to on its own initiative; adapters attach theirs when they start. */
  messengers: Map<Platform, Messenger>;
}

export function createCore(packs: readonly KnowledgePack[], log: Logger = silentLogger): Core {
  const engine = new AnswerEngine(packs);
  const registry = new CommandRegistry(log);
  registry.addCommand(whoCommand({ engine }));
  for (const action of whoActions({ engine })) registry.addAction(action);
  registry.addCommand(helpCommand(registry));
  return { packs, engine, registry, log, messengers: new Map() };
}
