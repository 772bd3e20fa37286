// How answers read in the console, on the real packs: the short answer first, then (a terminal has
// room) the detail right below it instead of a "More" button; yes/no leads as sentences; "Quiz me on
// this" on a service card and on what it leads to.
import { describe, expect, it } from 'vitest';
import { consoleSession } from '../support/console.ts';
import { makeCore } from '../support/core.ts';

describe('answers in the console', () => {
  it('leads with a sentence, then prints what each side does and the exam tip below the short answer', async () => {
    const c = consoleSession(makeCore());
    const out = await c.type('is aws responsible for encrypting my ebs volumes?');
    const lines = out.split('\n');
    expect(lines[0]).toBe('== The customer is responsible ==');
    expect(lines[1]).toMatch(/^No — the customer is\. Encrypting EBS volumes\. /);
    expect(lines[2]).toMatch(/^ {2}What AWS does: /);
    expect(lines[3]).toMatch(/^ {2}What the customer does: /);
    expect(out).toContain('(Exam tip: ');
    expect(out).not.toMatch(/\] More\n/);
    expect(out).toMatch(/\[1\] Quiz me on this\n\s+\[2\] Share in channel/);
  });

  it('offers "Quiz me on this" on a service card and on a topic picked from it', async () => {
    const c = consoleSession(makeCore());
    const card = await c.type('/who iam');
    expect(card).toContain('  What the customer does: ');
    expect(card).toMatch(/\[1\] Creating and managing IAM users and groups\n/);
    expect(card).toMatch(/\[\d\] Quiz me on this/);
    const topic = await c.type('1');
    expect(topic).toContain('== The customer is responsible ==');
    expect(topic).toMatch(/\[\d\] Quiz me on this/);
  });
});
