import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { createCore } from '../../src/core/responsibot.ts';
import { writePack } from '../support/packs.ts';

/** Runs the console adapter in process on a list of typed lines and returns everything it printed. */
async function converse(lines: string[]): Promise<string> {
  const { packs } = loadKnowledge(writePack());
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString()));
  const adapter = new ConsoleAdapter({ core: createCore(packs), input, output, interactive: false });
  const done = adapter.run();
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return printed;
}

describe('console adapter', () => {
  it('answers a plain question as /who and numbers the buttons', async () => {
    const out = await converse(['who patches the hypervisor?']);
    expect(out).toContain('== AWS is responsible ==');
    expect(out).toContain('Patching the hypervisor');
    expect(out).toMatch(/\[1\] More\n\s+\[2\] Share in channel/);
  });

  it('presses a button by its number', async () => {
    const out = await converse(['/who hypervisor patches', '2']);
    expect(out).toContain('(posted in the channel)');
    expect(out).toContain('Shared by you');
  });

  it('gives usage for an empty /who and a hint for an unknown command', async () => {
    const out = await converse(['/who', '/frobnicate now']);
    expect(out).toContain('Usage: /who <question>');
    expect(out).toContain('There is no /frobnicate command');
  });

  it('lists every command in /help', async () => {
    const out = await converse(['/help']);
    expect(out).toContain('/who <question>');
    expect(out).toContain('/help');
  });

  it('acts as someone else with /as', async () => {
    const out = await converse(['/as Priya', '/who hypervisor patches', '2']);
    expect(out).toContain('(you are now Priya)');
    expect(out).toContain('Shared by Priya');
  });
});

describe('npm start with no tokens', () => {
  it('opens the console on piped input, answers each line with its diagram under DATA_DIR/diagrams, and exits 0 at the end', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'responsibot-console-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { ...process.env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', LOG_LEVEL: 'silent', DATA_DIR: dataDir },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stdin.end('who patches the hypervisor?\n/help\n');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      expect(out).toContain('== AWS is responsible ==');
      expect(out).toContain('/who <question>');
      const picture = /^Diagram: (.+\.png)$/m.exec(out)?.[1];
      expect(picture?.startsWith(join(dataDir, 'diagrams'))).toBe(true);
      expect(existsSync(picture!)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
