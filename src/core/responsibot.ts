// Assembles the platform-free core: knowledge packs → answer engine → command registry, and, given a
// store, the quiz engine. Adapters receive this object and never build any of it themselves.
import { AnswerEngine } from './answer/engine.ts';
import type { PresentOptions } from './answer/present/common.ts';
import { CommandRegistry } from './commands/registry.ts';
import { factsActions, factsCommand } from './commands/facts.ts';
import { helpCommand } from './commands/help.ts';
import { LiveKnowledge } from './knowledge/team-facts.ts';
import { whoActions, whoCommand } from './commands/who.ts';
import type { KnowledgePack } from './knowledge/loader.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import { silentLogger, type Logger } from './ports/logger.ts';
import { noMetrics, type Metrics } from './ports/metrics.ts';
import type { Messenger, Platform } from './ports/messenger.ts';
import type { SvgRenderer } from './ports/svg-renderer.ts';
import { DiagramImages } from './diagram/images.ts';
import { withAdminGroup } from './quiz/admin-role.ts';
import { quizActions, quizCommand } from './quiz/commands.ts';
import { LiveBank } from './quiz/live-bank.ts';
import { ACTION_PRACTICE } from './quiz/present.ts';
import { QuizService, type QuizOptions } from './quiz/service.ts';
import type { QuizStore } from './quiz/store.ts';
import { timedStore } from './quiz/timed-store.ts';

export interface Core {
  packs: readonly KnowledgePack[];
  engine: AnswerEngine;
  registry: CommandRegistry;
  log: Logger;
  clock: Clock;
  /** Where answers, posts, errors and store latency are reported (a no-op unless an adapter listens). */
  metrics: Metrics;
  /** Platforms the bot can post to on its own initiative; adapters attach theirs when they start. */
  messengers: Map<Platform, Messenger>;
  /** The quiz engine, when the core was given a store. */
  quiz?: QuizService;
  /** Diagrams as PNG (cached), when the core was given a renderer; replies then carry `image`. */
  images?: DiagramImages;
}

export interface CoreOptions {
  log?: Logger;
  store?: QuizStore;
  clock?: Clock;
  metrics?: Metrics;
  quiz?: QuizOptions;
  /** Draws replies' diagrams; without one, replies carry no images. */
  renderer?: SvgRenderer;
}

export function createCore(packs: readonly KnowledgePack[], options: CoreOptions = {}): Core {
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? noMetrics;
  const engine = new AnswerEngine(packs);
  const registry = new CommandRegistry(log, metrics);
  const messengers = new Map<Platform, Messenger>();
  let quiz: QuizService | undefined;
  let extraButtons: PresentOptions['extraButtons'];
  // Timing every store call costs a little on each one: only when someone collects the figures.
  const store = options.store && options.metrics ? timedStore(options.store, metrics) : options.store;
  // Team packs edited from chat: every process checks the store's edit counter before answering, and
  // the quiz rebuilds its bank from the same packs, once per edit.
  const knowledge = new LiveKnowledge(packs, engine, store);
  if (store) {
    quiz = new QuizService(new LiveBank(knowledge, store), store, clock, messengers, log, { metrics, diagrams: Boolean(options.renderer), ...options.quiz });
    // Every answer offers a practice question on the same topic or service: lookup and learning meet.
    extraButtons = (target) =>
      'topic' in target
        ? [{ action: ACTION_PRACTICE, value: `topic:${target.topic.pack.id}/${target.topic.topic.id}`, label: 'Quiz me on this' }]
        : [{ action: ACTION_PRACTICE, value: `service:${target.service.pack.id}/${target.service.service.id}`, label: 'Quiz me on this' }];
  }
  const images = options.renderer ? new DiagramImages(options.renderer, log) : undefined;
  const who = { get engine() { return knowledge.currentEngine; }, refresh: () => knowledge.refresh(), diagrams: Boolean(images), ...(extraButtons ? { extraButtons } : {}) };
  registry.addCommand(whoCommand(who));
  for (const action of whoActions(who)) registry.addAction(action);
  if (quiz) {
    const store = quiz.store;
    registry.useContext((ctx) => withAdminGroup(ctx, store));
    registry.addCommand(quizCommand(quiz));
    for (const action of quizActions(quiz)) registry.addAction(action);
    // /facts is always there (Slack's manifest declares a fixed list of commands): with no pack that
    // takes chat edits (the AWS pack does not), it says how a pack opts in.
    const facts = { knowledge, store: quiz.store, now: () => clock.now().getTime() };
    registry.addCommand(factsCommand(facts));
    for (const action of factsActions(facts)) registry.addAction(action);
  }
  registry.addCommand(helpCommand(registry));
  return {
    packs,
    get engine() {
      return knowledge.currentEngine;
    },
    registry, log, clock, metrics, messengers, ...(quiz ? { quiz } : {}), ...(images ? { images } : {}),
  };
}
