// Diagrams in the terminal: the console writes each answer's PNG under DATA_DIR/diagrams/ and prints
// its path; `npm run -s ask -- --image FILE` writes the answer's diagram to FILE.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { ResvgRenderer } from '../../src/adapters/images/resvg-renderer.ts';
import type { SvgRenderer } from '../../src/core/ports/svg-renderer.ts';
import { recordingLogger } from '../discord/support/bot.ts';
import { makeCore } from '../support/core.ts';
import { decode } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'responsibot-diagrams-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function session(renderer: SvgRenderer, log = recordingLogger()) {
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString()));
  const diagramsDir = join(dir, 'data', 'diagrams');
  const adapter = new ConsoleAdapter({ core: makeCore({ renderer, log }), input: new PassThrough(), output, interactive: false, diagramsDir });
  return {
    log,
    diagramsDir,
    async type(line: string) {
      printed = '';
      await adapter.handleLine(line);
      return printed;
    },
  };
}

describe('diagrams in the console', () => {
  it('writes the PNG under DATA_DIR/diagrams/ and prints its path after the answer', async () => {
    const s = session(new ResvgRenderer());
    const out = await s.type('who patches the guest OS on EC2?');
    expect(out).toContain('The customer is responsible');
    const path = /^Diagram: (.+\.png)$/m.exec(out)?.[1];
    expect(path).toBeDefined();
    expect(path!.startsWith(s.diagramsDir)).toBe(true);
    const png = decode(readFileSync(path!));
    expect(png.width).toBeGreaterThan(400);
    // The same picture again is the same file, not another one.
    const again = await s.type('who patches the guest OS on EC2?');
    expect(again).toContain(`Diagram: ${path}`);
    expect(readdirSync(s.diagramsDir)).toHaveLength(1);
  });

  it('prints the answer without a diagram when rendering fails, and logs it once', async () => {
    const s = session({ renderPng: async () => Promise.reject(new Error('no renderer')) });
    for (let i = 0; i < 2; i++) {
      const out = await s.type('who patches the hypervisor?');
      expect(out).toContain('AWS is responsible');
      expect(out).not.toContain('Diagram:');
    }
    expect(s.log.lines.filter((l) => l.level === 'error' && l.msg.includes('could not render a diagram'))).toHaveLength(1);
  });
});

describe('npm run ask -- --image', () => {
  it('writes the answer’s diagram to FILE and the answer to stdout', () => {
    const file = join(dir, 'ask.png');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '--image', file, 'who patches the OS on EC2 vs RDS vs Lambda?'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('It depends on the service');
    expect(run.stderr).toContain(`Diagram written to ${file}`);
    expect(existsSync(file)).toBe(true);
    expect(decode(readFileSync(file)).width).toBeGreaterThan(600);
  });
});
