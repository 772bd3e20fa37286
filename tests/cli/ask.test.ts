import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ask = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', ...args], { encoding: 'utf8', input });

describe('npm run ask', () => {
  it('prints a readable answer', () => {
    const r = ask(['who patches the hypervisor?']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('== AWS is responsible ==');
  });

  it('prints one JSON object with --json', () => {
    const r = ask(['--json', 'who patches the guest OS on EC2?']);
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(Object.keys(answer).sort()).toEqual(['alternatives', 'confidence', 'hedged', 'kind', 'question', 'topic', 'verdict']);
    expect(answer).toMatchObject({ question: 'who patches the guest OS on EC2?', verdict: 'customer' });
  });

  it('answers stdin line by line, in order, with --batch --json', () => {
    const r = ask(['--batch', '--json'], 'who patches the hypervisor?\nwho won the world cup\nwho patches the RDS engine?\n');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.verdict)).toEqual(['aws', 'unknown', 'aws']);
    expect(lines[1].question).toBe('who won the world cup');
  });

  it('explains its usage when given nothing to ask', () => {
    const r = ask([]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('npm run ask: nothing to ask');
    expect(r.stderr).toContain('Usage:');
  });

  it('repeats each question before its answer with --batch, and shows no buttons nobody can press', () => {
    const r = ask(['--batch'], 'who patches the hypervisor?\nlambda\n');
    expect(r.status).toBe(0);
    const blocks = r.stdout.trim().split(/\n\n+/);
    expect(blocks[0]).toMatch(/^> who patches the hypervisor\?\n== AWS is responsible ==/);
    expect(blocks[1]).toMatch(/^> lambda\n== AWS Lambda/);
    // Numbered buttons ("[1] More") mean "type 1" in the console; here there is nothing to type into.
    expect(r.stdout).not.toMatch(/\[\d+\]/);
    expect(r.stdout).not.toContain('More');
    // A service card still lists the topics it offers, as plain lines.
    expect(blocks[1]).toMatch(/\n  - \S/);
  });

  it('refuses a question as an argument with --batch, which reads standard input', () => {
    const r = ask(['--batch', 'who patches RDS?']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain('--batch reads its questions from standard input');
  });
});
