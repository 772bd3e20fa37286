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
    expect(r.stderr).toContain('Usage:');
  });
});
