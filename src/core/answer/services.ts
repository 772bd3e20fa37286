// Finds the services a question names ("on RDS", "my EC2 box", "Amazon Simple Storage Service"), so the
// engine can steer towards topics about them and reason from their service model.
import type { KnowledgePack } from '../knowledge/loader.ts';
import type { Service } from '../knowledge/schema.ts';
import type { ServiceRef } from './answer.ts';
import { normalize } from './text.ts';

export interface DetectedService {
  ref: ServiceRef;
  /** Named outright ("rds", a multi-word alias) rather than hinted at by an ordinary word ("instance"). */
  strong: boolean;
  /** Named by its id or name ("rds", "Amazon RDS") rather than described ("vulnerability scanning"). */
  named: boolean;
  /** The question's tokens [start, end) that name it. */
  start: number;
  end: number;
}

interface Alias {
  ref: ServiceRef;
  strong: boolean;
  named: boolean;
}

export class ServiceDetector {
  private readonly aliases = new Map<string, Alias[]>();
  private maxAliasWords = 1;
  /** First words of multi-word aliases: only these can start one, so other words skip the joins. */
  private readonly aliasStarts = new Set<string>();

  /**
   * @param distinctive whether a one-word alias names the service outright: a word that topics of
   *   other services also use ("instance", "database") only hints at it.
   */
  constructor(packs: readonly KnowledgePack[], distinctive: (pack: KnowledgePack, service: Service, word: string) => boolean) {
    for (const pack of packs) {
      for (const service of pack.services) {
        const names = new Set([service.id, service.name, service.name.replace(/^(amazon|aws)\s+/i, '')].map(normalize));
        for (const alias of new Set([...names, ...service.aliases.map(normalize)])) {
          if (!alias) continue;
          const words = alias.split(' ');
          this.maxAliasWords = Math.max(this.maxAliasWords, words.length);
          if (words.length > 1) this.aliasStarts.add(words[0]!);
          const named = names.has(alias) || words.length === 1;
          const strong = names.has(alias) || words.length > 1 || distinctive(pack, service, words[0]!);
          const list = this.aliases.get(alias);
          const entry = { ref: { pack, service }, strong, named };
          if (list) list.push(entry);
          else this.aliases.set(alias, [entry]);
        }
      }
    }
  }

  /** Services named in the question's tokens, longest alias first at each position. */
  detect(tokens: readonly string[]): DetectedService[] {
    const found: DetectedService[] = [];
    for (let i = 0; i < tokens.length; ) {
      let matched = 0;
      const longest = this.aliasStarts.has(tokens[i]!) ? Math.min(this.maxAliasWords, tokens.length - i) : 1;
      for (let len = longest; len >= 1 && !matched; len--) {
        const hits = this.aliases.get(len === 1 ? tokens[i]! : tokens.slice(i, i + len).join(' '));
        if (!hits) continue;
        for (const h of hits) found.push({ ref: h.ref, strong: h.strong, named: h.named, start: i, end: i + len });
        matched = len;
      }
      i += matched || 1;
    }
    // When a service is named outright, generic words that merely hint at another one are noise.
    return found.some((s) => s.strong) ? found.filter((s) => s.strong) : found;
  }

  /** The service a normalised alias names, if any. */
  lookup(alias: string): ServiceRef | undefined {
    return this.aliases.get(alias)?.[0]?.ref;
  }
}
