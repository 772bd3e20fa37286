// Turns an engine Answer into a neutral Reply. Each kind of answer has its own presenter; this picks it.
import type { KnowledgePack } from '../../knowledge/loader.ts';
import type { Reply } from '../../reply/reply.ts';
import type { Answer } from '../answer.ts';
import type { PresentOptions } from './common.ts';
import { presentCompare } from './compare.ts';
import { presentGrid } from './grid.ts';
import { presentOptions } from './options.ts';
import { presentOutside, presentUnknown, presentUsage } from './outside.ts';
import { presentService } from './service.ts';
import { presentTopic } from './topic.ts';

export interface AnswerPresentOptions extends PresentOptions {
  /** How the asking command is typed on this platform ("/who"), for usage lines. */
  usage?: string;
}

export function presentAnswer(answer: Answer, packs: readonly KnowledgePack[], opts: AnswerPresentOptions): Reply {
  const usage = opts.usage ?? '/who';
  switch (answer.kind) {
    case 'topic':
      return presentTopic(answer.ref, opts, answer);
    case 'grid':
      return presentGrid(answer, opts);
    case 'service':
      return presentService(answer.service, opts);
    case 'compare':
      return presentCompare(answer, opts);
    case 'options':
      return presentOptions(answer, packs);
    case 'outside':
      return presentOutside(answer, packs, usage);
    case 'unknown':
      return presentUnknown(answer, packs);
    case 'empty':
      return presentUsage(packs, usage);
  }
}
