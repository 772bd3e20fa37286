// A team's own pack (examples/packs/team-ownership) loaded beside the AWS pack: it has its own parties,
// no service models and no grid, and its answers speak of its own teams — never of AWS.
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { presentAnswer } from '../../src/core/answer/present/answer.ts';
import { summarize } from '../../src/core/answer/summary.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import type { Reply } from '../../src/core/reply/reply.ts';

const { packs, problems } = loadKnowledge('knowledge,examples/packs/team-ownership');
const engine = new AnswerEngine(packs);
const text = (r: Reply) => r.blocks.map((b) => ('text' in b ? b.text : 'fields' in b ? b.fields.map((f) => `${f.label}: ${f.value}`).join('\n') : '')).join('\n');
const card = (q: string) => text(presentAnswer(engine.answer(q), engine.packs, { shareable: false }));

describe('a team pack beside the AWS pack', () => {
  it('loads both packs without problems, the team pack without models or layers', () => {
    expect(problems).toEqual([]);
    const team = packs.find((p) => p.id === 'acme-ownership')!;
    expect(team.models).toEqual([]);
    expect(team.layers).toEqual([]);
  });

  it('answers team questions with the team and its contact line', () => {
    const s = summarize(engine.answer('who owns the billing alerts?'));
    expect(s).toMatchObject({ verdict: 'platform', topic: 'acme-ownership/billing-alerts' });
    const shown = card('who owns the billing alerts?');
    expect(shown).toContain('The Platform team is responsible');
    expect(shown).toContain('Contact: #platform-help');
  });

  it('words yes/no leads from its own parties', () => {
    expect(summarize(engine.answer('is the security team responsible for kubernetes cluster upgrades?')).lead).toBe('no');
    expect(card('is the security team responsible for kubernetes cluster upgrades?')).toContain('No — the Platform team is.');
    expect(summarize(engine.answer('is the platform team responsible for kubernetes cluster upgrades?')).lead).toBe('yes');
  });

  it('words its service cards from its own parties, never as AWS', () => {
    const shown = card('kubernetes clusters');
    expect(shown).toContain('What the Platform team does');
    expect(shown).toContain('What the Security team does');
    expect(shown).not.toMatch(/\bAWS\b/);
  });

  it('answers a team topic about money instead of calling it a billing question', () => {
    expect(summarize(engine.answer('who owns the cost dashboards?'))).toMatchObject({ kind: 'topic', verdict: 'data', topic: 'acme-ownership/cost-dashboards' });
    expect(card('who owns the cost dashboards?')).toContain('Contact: #data-eng');
    // Who pays for an AWS service is still a billing question.
    expect(summarize(engine.answer('who pays for S3 encryption?'))).toMatchObject({ kind: 'outside', outside: 'billing' });
  });

  it('never shows the AWS grid’s per-service variants on a team topic', () => {
    const shown = card('who rotates the on-call pager?');
    expect(shown).toContain('The production on-call rota');
    expect(shown).not.toMatch(/\bAWS\b|\bAws\b|Infrastructure as a service|Customer on/);
  });

  it('still answers AWS questions from the AWS pack', () => {
    expect(summarize(engine.answer('who patches the hypervisor?'))).toMatchObject({ verdict: 'aws', topic: 'aws-srm/infra-hypervisor' });
  });
});
