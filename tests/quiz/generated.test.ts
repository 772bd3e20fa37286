// Questions generated from a pack's topics: each wrong option says whose the topic is, in good English
// whatever the party's name ("it is Product teams'", not "Product teams's").
import { describe, expect, it } from 'vitest';
import { generatedQuestion } from '../../src/core/quiz/generated.ts';
import { EDITED_TLS, packsWithTeam } from '../support/team-pack.ts';
import { parse } from 'yaml';
import type { Topic } from '../../src/core/knowledge/schema.ts';

describe('generated questions', () => {
  const team = packsWithTeam().find((p) => p.id === 'team')!;

  it('names the owner of a topic with a possessive that fits the name', () => {
    const toPlatform = generatedQuestion(team, team.topics.find((t) => t.id === 'tls-certificates')!, () => 'general');
    const toProduct = generatedQuestion(team, { ...(parse(EDITED_TLS) as Topic) }, () => 'general');
    const why = (q: ReturnType<typeof generatedQuestion>, name: string) => q.options.find((o) => o.text === name)!.why;
    expect(why(toPlatform, 'Product teams')).toBe("Not Product teams: it is Platform team's.");
    expect(why(toProduct, 'Platform team')).toBe("Not Platform team: it is Product teams'.");
  });
});
