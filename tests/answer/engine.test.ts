// Behaviour of the answer engine on the real AWS pack: the nuances people actually ask about.
import { describe, expect, it } from 'vitest';
import { AnswerEngine, type Answer } from '../../src/core/answer/engine.ts';
import { realPacks } from '../support/core.ts';

const engine = new AnswerEngine(realPacks());
const ask = (q: string): Answer => engine.answer(q);
const topicOf = (a: Answer) => (a.kind === 'topic' ? a.ref.topic.id : a.kind);

describe('answer engine', () => {
  it('tells the guest OS on EC2 (customer) from the OS under RDS (AWS) from patching in general (shared)', () => {
    expect(ask('who patches the OS on EC2?').verdict).toBe('customer');
    expect(ask('who patches the OS on RDS?').verdict).toBe('aws');
    expect(ask('who patches the database engine on RDS?').verdict).toBe('aws');
    expect(ask('patch management').verdict).toBe('shared');
  });

  it('answers the seed exam scenarios', () => {
    expect(ask('A company runs web servers on EC2. Who is responsible for patching the OS?').verdict).toBe('customer');
    expect(ask('Who patches the runtime environment for Lambda functions?').verdict).toBe('aws');
    expect(ask('Who makes sure an S3 bucket is not publicly accessible?').verdict).toBe('customer');
    expect(ask('Who prevents unauthorized physical access to AWS data centers?').verdict).toBe('aws');
  });

  it('repairs typos', () => {
    expect(ask('who pacthes the hypervisr').verdict).toBe('aws');
    expect(ask('secuirty grups').verdict).toBe('customer');
  });

  it('answers yes/no questions with the responsible party and says which party was asked', () => {
    const a = ask('Is AWS responsible for my security group rules?');
    expect(a.verdict).toBe('customer');
    expect(a.kind === 'topic' && a.askedParty).toBe('aws');
  });

  it('answers a bare service with that service’s split', () => {
    const a = ask('lambda');
    expect(a.kind).toBe('service');
    expect(a.kind === 'service' && a.service.service.id).toBe('lambda');
    const b = ask('who is responsible for what on RDS?');
    expect(b.kind === 'service' && b.service.service.id).toBe('rds');
  });

  it('says it does not know rather than guess', () => {
    for (const q of ['who won the world cup', 'who is responsible for the office coffee machine', 'asdf qwer zxcv', 'what is a hypervisor', 'how many regions does aws have']) {
      expect({ q, verdict: ask(q).verdict }).toEqual({ q, verdict: 'unknown' });
    }
  });

  it('offers "did you mean" alternatives only when unsure', () => {
    expect(ask('who patches the hypervisor?').alternatives).toEqual([]);
    const vague = ask('who handles the network');
    expect(vague.alternatives.length).toBeGreaterThan(0);
    expect(vague.alternatives.length).toBeLessThanOrEqual(3);
  });

  it('returns the usage kind for an empty question', () => {
    expect(ask('   ').kind).toBe('empty');
    expect(ask('who is responsible?').kind).toBe('empty');
  });

  it('never throws on hostile input', () => {
    for (const q of ['\u0000\u202e<!channel>', '🙂'.repeat(5000), '<@U123> @everyone '.repeat(400), '```sql\nDROP TABLE x;```']) {
      expect(() => ask(q)).not.toThrow();
    }
  });

  it('suggests topics for partly typed text', () => {
    const titles = engine.suggest('patch the gu').map((r) => r.topic.id);
    expect(titles).toContain('ec2-guest-os-patching');
  });

  it('keeps a topic-level answer id stable for the console, CLI and buttons', () => {
    expect(topicOf(ask('who patches the hypervisor?'))).toBe('infra-hypervisor');
  });
});
