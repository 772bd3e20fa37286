import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { createCore, type Core } from '../../src/core/responsibot.ts';
import { writePack } from '../support/packs.ts';
import { quizWorld } from '../support/quiz.ts';

/** Runs the console adapter in process on a list of typed lines and returns everything it printed. */
async function converse(lines: string[], core?: Core): Promise<string> {
  const dir = core ? undefined : writePack();
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString()));
  try {
    const adapter = new ConsoleAdapter({ core: core ?? createCore(loadKnowledge(dir!).packs), input, output, interactive: false });
    const done = adapter.run();
    input.end(lines.map((l) => `${l}\n`).join(''));
    await done;
    return printed;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

describe('console adapter', () => {
  it('answers a plain question as /who and numbers the buttons', async () => {
    const out = await converse(['who patches the hypervisor?']);
    expect(out).toContain('== AWS is responsible ==');
    expect(out).toContain('Patching the hypervisor');
    expect(out).toMatch(/\n\s+\[1\] Share in channel/);
  });

  it('prints the detail of an answer below it instead of a "More" button nobody needs to press', async () => {
    const out = await converse(['patching in general']);
    expect(out).toContain('Both sides patch their own layers.\n  What AWS does: Infrastructure.\n  What the customer does: Guest OS and apps.');
    expect(out).not.toContain('More');
  });

  it('presses a button by its number', async () => {
    const out = await converse(['/who hypervisor patches', '1']);
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

  it('acts as someone else with /as, and as you again with /as me', async () => {
    const out = await converse(['/as Priya', '/who hypervisor patches', '1', '/as me', '/who hypervisor patches', '1']);
    expect(out).toContain('(you are now Priya; /as me to be you again)');
    expect(out).toContain('Shared by Priya');
    expect(out).toContain('(you are you again)');
    expect(out).toContain('Shared by you');
  });

  it("answers a console command's mistakes with that command's usage, not 'There is no /x command'", async () => {
    const out = await converse(['/as', '/wait soon', '/wait 3600', '/quit now', '/who hypervisor patches']);
    expect(out).not.toContain('There is no /');
    expect(out).toContain('Say who to act as.\nUsage: /as <name>');
    expect(out).toContain('"soon" is not a number of seconds.\nUsage: /wait <seconds>');
    expect(out).toContain('/wait waits at most 600 seconds (10 minutes)');
    expect(out).toContain('/quit takes nothing after it.\nUsage: /quit');
    // None of them ended the session or waited an hour: the next line was answered.
    expect(out).toContain('== AWS is responsible ==');
  });

  it('lists the console commands in /help, and explains one command with /help <command>', async () => {
    const help = await converse(['/help']);
    for (const usage of ['/who <question>', '/help [command]', '/as <name>', '/wait <seconds>', '/quit']) expect(help).toContain(usage);
    const w = quizWorld('2026-11-23T10:00:00Z');
    const quiz = await converse(['/help quiz'], w.core).finally(() => w.dispose());
    expect(quiz).toContain('== /quiz: ');
    expect(quiz).toContain('/quiz start [rounds] [seconds] [topic] [difficulty] [thread]: Start a study-group quiz');
    expect(quiz).toContain('/quiz rank <user> [period] [scope]');
    expect(await converse(['/help wait'])).toContain('/wait <seconds>: let time pass');
    expect(await converse(['/help frobnicate'])).toContain('There is no /frobnicate command; here is what I can do.');
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
