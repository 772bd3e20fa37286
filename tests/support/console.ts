// Drives the console adapter one typed line at a time, returning what each line printed, so a test can
// read a question before it answers it (as a person at the terminal would).
import { PassThrough } from 'node:stream';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import type { Core } from '../../src/core/responsibot.ts';

export interface ConsoleSession {
  adapter: ConsoleAdapter;
  /** Types one line and resolves with everything printed meanwhile. */
  type(line: string): Promise<string>;
  /** Everything printed since the last type() (posts the core made on its own, e.g. on a tick). */
  flush(): string;
}

export function consoleSession(core: Core, userName = 'you'): ConsoleSession {
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString()));
  const adapter = new ConsoleAdapter({ core, input: new PassThrough(), output, interactive: false, userName });
  const flush = () => {
    const out = printed;
    printed = '';
    return out;
  };
  return {
    adapter,
    async type(line) {
      flush();
      await adapter.handleLine(line);
      return flush();
    },
    flush,
  };
}
