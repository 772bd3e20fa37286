// Every environment variable the bot reads is documented where an operator looks: .env.example (with a
// comment), the README's configuration table and docs/deploy.md's list.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.ts';

describe('environment variables', () => {
  it('are all in .env.example, each in a group with a comment that explains it', () => {
    const lines = readFileSync('.env.example', 'utf8').split('\n');
    for (const name of CONFIG_VARIABLES) {
      let at = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect(at, `${name} is missing from .env.example`).toBeGreaterThan(0);
      while (at > 0 && /^[A-Z_]+=/.test(lines[at - 1]!)) at--;
      expect(lines[at - 1]?.startsWith('# '), `${name} has no comment above its group`).toBe(true);
    }
  });

  it('are all in the README and in docs/deploy.md', () => {
    for (const file of ['README.md', 'docs/deploy.md']) {
      const text = readFileSync(file, 'utf8');
      const missing = CONFIG_VARIABLES.filter((name) => !text.includes(`\`${name}\``));
      expect(missing, `${file} does not mention ${missing.join(', ')}`).toEqual([]);
    }
  });
});
