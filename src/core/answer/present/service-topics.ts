// Which topics a service card offers, most relevant first. Relevance comes from the card itself: a
// topic whose title shares words with what the card says each side does ("guest OS patches", "key
// pairs") is one of the service's everyday duties, more so when it names the service and less when it
// names another one ("RDS Custom" on the RDS card); one about this service alone beats one it shares
// with many. Incidents and edge cases share few of those words and come later.
import type { KnowledgePack } from '../../knowledge/loader.ts';
import type { Service, Topic } from '../../knowledge/schema.ts';
import { SynonymFolder, isStopword, words } from '../text.ts';

const folders = new WeakMap<KnowledgePack, SynonymFolder>();

export function relevantTopics(pack: KnowledgePack, service: Service, count: number): Topic[] {
  const terms = termsOf(pack);
  const duties = new Set(terms(Object.values(service.split).join(' ')));
  const nameTerms = (s: Service) => [s.name.replace(/^(Amazon|AWS)\s+/i, ''), ...s.aliases].map((n) => terms(n).join(' ')).filter(Boolean);
  const names = nameTerms(service);
  const others = pack.services.filter((s) => s.id !== service.id).flatMap(nameTerms).filter((n) => !names.includes(n));
  return pack.topics
    .map((topic, order) => ({ topic, order, at: topic.services.indexOf(service.id) }))
    .filter((x) => x.at >= 0)
    .map((x) => ({ ...x, score: relevance(terms(x.topic.title), duties, names, others) }))
    .sort((a, b) => b.score - a.score || a.topic.services.length - b.topic.services.length || a.at - b.at || a.order - b.order)
    .slice(0, count)
    .map((x) => x.topic);
}

/** Duty words the title shares (discounted a little for long titles), a half more for naming the service, less for naming another. */
function relevance(title: string[], duties: ReadonlySet<string>, names: readonly string[], others: readonly string[]): number {
  const distinct = new Set(title);
  let shared = 0;
  for (const t of distinct) if (duties.has(t)) shared++;
  const joined = ` ${title.join(' ')} `;
  const namesAny = (list: readonly string[]) => list.some((n) => joined.includes(` ${n} `));
  return shared / Math.sqrt(Math.max(1, distinct.size)) + (namesAny(names) ? 0.5 : 0) - (namesAny(others) ? 1 : 0);
}

/** Text → the pack's terms: synonyms folded ("OS" = "operating system"), stemmed, common words dropped. */
function termsOf(pack: KnowledgePack): (text: string) => string[] {
  let folder = folders.get(pack);
  if (!folder) folders.set(pack, (folder = new SynonymFolder(pack.synonyms)));
  const f = folder;
  return (text) => f.fold(words(text), (w) => isStopword(w) || w.length < 2);
}
