// Pasted exam questions: every label style, inline or on lines, and the stems people paste ("Which of
// these is AWS responsible for?", "Choose TWO", "Which is NOT …", "Which party … A. AWS B. The customer C. Both").
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { parseOptions } from '../../src/core/answer/options.ts';
import { summarize } from '../../src/core/answer/summary.ts';
import { realPacks } from '../support/core.ts';

const engine = new AnswerEngine(realPacks());
const matches = (q: string) => summarize(engine.answer(q)).matches;

describe('reading pasted options', () => {
  const formats: [string, string[]][] = [
    ['Which is AWS’s job? A) patch the hypervisor B) write IAM policies C) pick a region', ['A', 'B', 'C']],
    ['Which is AWS’s job? a) patch the hypervisor b) write IAM policies c) pick a region', ['a', 'b', 'c']],
    ['Which is AWS’s job? 1) patch the hypervisor 2) write IAM policies 3) pick a region', ['1', '2', '3']],
    ['Which is AWS’s job? A. patch the hypervisor B. write IAM policies C. pick a region', ['A', 'B', 'C']],
    ['Which is AWS’s job? (A) patch the hypervisor (B) write IAM policies (C) pick a region', ['A', 'B', 'C']],
    ['Which is AWS’s job?\nA - patch the hypervisor\nB - write IAM policies\nC - pick a region', ['A', 'B', 'C']],
    ['Which is AWS’s job?\n1. patch the hypervisor\n2. write IAM policies\n3. pick a region', ['1', '2', '3']],
  ];
  it.each(formats)('finds the options of %j', (text, labels) => {
    const parsed = parseOptions(text)!;
    expect(parsed.options.map((o) => o.label)).toEqual(labels);
    expect(parsed.options.map((o) => o.text)).toEqual(['patch the hypervisor', 'write IAM policies', 'pick a region']);
    expect(parsed.stem).toBe('Which is AWS’s job?');
  });

  it('leaves ordinary sentences alone', () => {
    for (const q of ['who patches the OS on EC2?', 'is a) or b) better', 'who handles the DB on RDS, e.g. backups, patching?', 'PCI DSS 3.2.1. who does it']) {
      expect(parseOptions(q), q).toBeUndefined();
    }
  });
});

describe('answering pasted options', () => {
  it('picks the option that is the asked party’s job, on one line', () => {
    expect(matches('Which of these is AWS responsible for? A) patching the guest OS on EC2 B) physical security of data centres C) writing bucket policies D) rotating our access keys')).toEqual(['B']);
  });

  it('picks TWO when the stem says so, on separate lines', () => {
    const q = 'Which TWO are customer responsibilities? (Choose TWO)\nA. Decommissioning failed storage drives\nB. Managing IAM user permissions\nC. Patching the hypervisor\nD. Configuring security groups\nE. Securing edge locations';
    expect(matches(q)).toEqual(['B', 'D']);
  });

  it('picks every fitting option when a plural stem gives no count', () => {
    expect(matches("Which of these are AWS's responsibilities? A) patching the hypervisor B) physical security of data centers C) configuring security groups")).toEqual(['A', 'B']);
    expect(matches('Which of the following are customer responsibilities? A) encrypting application data B) replacing failed disks C) managing IAM users')).toEqual(['A', 'C']);
    // A singular stem still gets the one best option.
    expect(matches('Which of these is a customer responsibility? A) encrypting application data B) replacing failed disks C) securing edge locations')).toEqual(['A']);
  });

  it('reads the parties of a "who" stem, a party\'s team included, and of a stem ending "handled by:"', () => {
    expect(matches('Our RDS database was breached through a leaked password. Who runs the investigation?\nA) AWS Support\nB) The customer\nC) AWS Security\nD) Both, equally')).toEqual(['B']);
    expect(matches('Shredding failed disks from AWS data centers is handled by: (A) the customer (B) AWS (C) both (D) an outside contractor')).toEqual(['B']);
  });

  it('checks an option that is a claim with no party at its head as a yes/no question', () => {
    expect(matches('Which statement is correct? A) RDS automated backups are on by default B) Lambda functions need their OS patched by the customer C) the hypervisor under EC2 is patched by customers')).toEqual(['A']);
  });

  it('reads a stem whose first verb is "is" as asking for one option, even after "these"', () => {
    expect(matches('Which of these statements about Amazon S3 is true? A) new uploads get server-side encryption automatically B) buckets stay unencrypted until someone enables encryption C) only archive storage classes are encrypted')).toEqual(['A']);
  });

  it('inverts a NOT stem', () => {
    expect(matches('Which is NOT a customer responsibility? a) encrypting our data b) patching the hypervisor c) configuring security groups d) managing IAM users')).toEqual(['b']);
  });

  it('answers a stem whose options are the parties', () => {
    expect(matches('Which party is responsible for patching the hypervisor? A. AWS B. The customer C. Both')).toEqual(['A']);
    expect(matches('Which party is responsible for patch management? A. AWS B. The customer C. Both')).toEqual(['C']);
    expect(matches('Who configures security groups on EC2?\n(A) AWS\n(B) the customer\n(C) shared equally')).toEqual(['B']);
  });

  it('reads the service of the stem into its options', () => {
    expect(matches('When using Amazon RDS, which is AWS responsible for? 1) patching the operating system 2) creating database users 3) choosing who can connect')).toEqual(['1']);
  });

  it('reports each option with its verdict in JSON', () => {
    const s = summarize(engine.answer('Which is AWS’s job? A) patch the hypervisor B) write IAM policies C) pick a region for our data'));
    expect(s.kind).toBe('options');
    expect(s.options).toEqual([
      { label: 'A', text: 'patch the hypervisor', verdict: 'aws' },
      { label: 'B', text: 'write IAM policies', verdict: 'customer' },
      { label: 'C', text: 'pick a region for our data', verdict: 'customer' },
    ]);
    expect(s.matches).toEqual(['A']);
  });
});
