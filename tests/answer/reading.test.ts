// How the engine reads a question before it looks anything up: whom a yes/no question asks about, a
// service the asker sets aside, money words that name data, and all-or-nothing questions.
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { summarize } from '../../src/core/answer/summary.ts';
import { realPacks } from '../support/core.ts';

const engine = new AnswerEngine(realPacks());
const ask = (q: string) => summarize(engine.answer(q));

describe('whom a yes/no question asks about', () => {
  it('takes a possessive for an owner, not for the party asked', () => {
    // "my" owns the data; the question is whether it happens without the asker (S3 does it by default).
    expect(ask('is my data in s3 encrypted without me doing anything?')).toMatchObject({ verdict: 'aws', lead: 'yes' });
    expect(ask('are my ebs volumes encrypted by default?')).toMatchObject({ verdict: 'customer', lead: 'no' });
  });

  it('takes the party a duty is pinned on, wherever it stands', () => {
    expect(ask("is training my developers on secure coding aws's job?")).toMatchObject({ verdict: 'customer', lead: 'no' });
    expect(ask('is dynamodb encryption at rest something i need to switch on?')).toMatchObject({ verdict: 'aws', lead: 'no' });
    expect(ask('is turning on mfa for our iam users on us?')).toMatchObject({ verdict: 'customer', lead: 'yes' });
  });

  it('reads "on AWS" after a task as a place', () => {
    expect(ask('is hipaa compliance on aws split between aws and the customer?')).toMatchObject({ verdict: 'shared', lead: 'yes' });
  });

  it('answers an all-or-nothing question with "partly", and with doubt', () => {
    const s = ask("is security on aws purely amazon's problem?");
    expect(s).toMatchObject({ verdict: 'shared', lead: 'partly' });
    expect(s.hedged).toBe(true);
    expect(ask("is patching kind of everybody's job here?")).toMatchObject({ verdict: 'shared', lead: 'yes' });
  });

  it('keeps yes/no answers below a close match in doubt', () => {
    const s = ask('does aws respond to security incidents in its own data centers?');
    // Whatever it reads, it must not say a plain "No".
    expect(s.lead === 'no' && !s.hedged).toBe(false);
  });
});

describe('a service the asker sets aside', () => {
  it('is not the subject ("postgres on EC2, not RDS")', () => {
    expect(ask('we run postgres straight on ec2 instances, not rds. who handles the postgres minor version upgrades?').verdict).toBe('customer');
    expect(ask('who handles the postgres minor version upgrades on rds?').verdict).toBe('aws');
  });
});

describe('money words', () => {
  it('naming stored data do not make a billing question', () => {
    const s = ask('our auditor found that the S3 bucket holding customer invoices was readable by anyone on the internet. who is accountable?');
    expect(s.outside).toBeUndefined();
    expect(s.verdict).toBe('customer');
  });

  it('asking who pays still get the billing line', () => {
    expect(ask('who pays the aws bill?')).toMatchObject({ verdict: 'unknown', outside: 'billing' });
  });
});

describe('pasted exam questions', () => {
  it('take the stem party from its duty, not from the maker in a service name', () => {
    const s = ask(
      'For Amazon EKS with self-managed nodes, which TWO are customer responsibilities? (Choose TWO)\nA. etcd availability\nB. Worker node OS patching\nC. Kubernetes RBAC\nD. API server scaling\nE. Control plane patches',
    );
    expect(s.matches).toEqual(['B', 'C']);
  });
});
