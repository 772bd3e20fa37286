// What the engine does beyond looking up one topic: comparisons, questions whose answer depends on the
// service, reasoning from the grid of layers × service models, noise and off-topic lines, mentions.
import { describe, expect, it } from 'vitest';
import { AnswerEngine, type Answer } from '../../src/core/answer/engine.ts';
import { summarize } from '../../src/core/answer/summary.ts';
import { realPacks } from '../support/core.ts';

const engine = new AnswerEngine(realPacks());
const ask = (q: string): Answer => engine.answer(q);

describe('comparisons', () => {
  it('answers "X vs Y vs Z" once per service, side by side', () => {
    const s = summarize(ask('who patches the OS on EC2 vs RDS vs Lambda?'));
    expect(s.kind).toBe('compare');
    expect(s.compare).toEqual([
      { service: 'ec2', verdict: 'customer' },
      { service: 'rds', verdict: 'aws' },
      { service: 'lambda', verdict: 'aws' },
    ]);
  });

  it('reads "on EC2 and on RDS" and lists joined with commas', () => {
    expect(summarize(ask('on EC2 and on RDS, who installs the OS security patches?')).compare).toEqual([
      { service: 'ec2', verdict: 'customer' },
      { service: 'rds', verdict: 'aws' },
    ]);
    expect(summarize(ask('replacing failed hardware for EBS, EFS and S3')).compare?.map((r) => r.verdict)).toEqual(['aws', 'aws', 'aws']);
  });

  it('does not compare two services that merely appear together', () => {
    expect(ask('our EC2 instances write logs to an S3 bucket: who sets the bucket policy?').kind).not.toBe('compare');
  });
});

describe('questions whose answer depends on the service', () => {
  it('answers the common case and shows how it changes per service', () => {
    const a = ask('who patches the os');
    expect(a.verdict).toBe('customer');
    expect(a.certainty).toBe('sure');
    expect(a.kind === 'topic' || a.kind === 'grid').toBe(true);
    const variants = a.kind === 'topic' || a.kind === 'grid' ? (a.variants ?? []) : [];
    const owner = (model: string) => variants.find((v) => v.model.id === model)?.verdict;
    expect(owner('iaas')).toBe('customer');
    expect(owner('managed')).toBe('aws');
    expect(owner('serverless')).toBe('aws');
  });

  it('does not let the host-OS topic swallow an unqualified OS question', () => {
    for (const q of ['who patches the operating system', 'does amazon patch the kernel inside my virtual machine?']) {
      expect({ q, verdict: ask(q).verdict }).toEqual({ q, verdict: 'customer' });
    }
    expect(ask('who patches the host OS under our instances').verdict).toBe('aws');
  });
});

describe('reasoning from the grid', () => {
  it('places unfamiliar words in a layer and says how it reasoned', () => {
    const a = ask('who maintains the structured cabling and patch panels in the server halls');
    expect(a.verdict).toBe('aws');
  });

  it('prefers the topic the layer and the whole phrasing point at over a broad topic of the service named', () => {
    expect(ask('who patches the hypervisor for lightsail').verdict).toBe('aws');
  });

  it('answers the one-sided part of a shared control with that side', () => {
    expect(ask('applying updates to the hypervisor').verdict).toBe('aws');
    expect(ask('configuration management of our own applications').verdict).toBe('customer');
    expect(ask('who does configuration management').verdict).toBe('shared');
  });
});

describe('noise and off-topic lines', () => {
  const noise = ['thank you so much', '1', '2', 'ok cool', '👍', ':+1:', 'lol', 'b'];
  const offTopic = ['who is responsible for watering the plants', 'who patches VMs in Google Cloud', 'who pays the AWS bill', 'who fixes my laptop', 'is the cloud practitioner exam hard'];
  it.each([...noise, ...offTopic])('gives %j no verdict', (q) => {
    const a = ask(q);
    expect(a.verdict).toBe('unknown');
    expect(['outside', 'unknown', 'empty']).toContain(a.kind);
  });
});

describe('other platforms', () => {
  it('answers a migration from another platform onto an AWS service, but not an AWS-sounding name on another cloud', () => {
    expect(ask('we are moving our Hyper-V machines onto EC2 next month; who keeps their guest OS patched afterwards?').verdict).toBe('customer');
    expect(ask('who patches ECS instances on Alibaba Cloud?').verdict).toBe('unknown');
    expect(ask('who runs the control plane of GKE').verdict).toBe('unknown');
  });
});

describe('mention prefixes', () => {
  it.each(['@channel who owns IAM?', '<!channel> who owns IAM?', '<@U024BE7LH> who owns IAM?', '<@123456789012345678> who owns IAM?', '@here who owns IAM?'])('answers %j as "who owns IAM?"', (q) => {
    expect(summarize(ask(q))).toEqual({ ...summarize(ask('who owns IAM?')), question: q });
  });
});

describe('yes/no leads', () => {
  const lead = (q: string) => summarize(ask(q)).lead;
  it('leads with the answer to the party asked, including a service as the subject', () => {
    expect(lead('does AWS patch the guest OS on EC2?')).toBe('no');
    expect(lead('do we patch the guest OS on EC2?')).toBe('yes');
    expect(lead('does rds take automated backups for us?')).toBe('yes');
    expect(lead('can we rely on aws to configure our network acls?')).toBe('no');
  });
});
