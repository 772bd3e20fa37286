// Bot child processes (pg-bot.ts) driven over stdin/stdout: each request gets an id, and resolves
// with the child's answer line — or with undefined when the child died first (SIGKILL), which is how
// a killed process looks to the people it was serving: no reply.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export class BotProcess {
  ready = false;
  dead = false;
  stderr = '';
  readonly started: Promise<boolean>;
  readonly exited: Promise<void>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<string, (line: string | undefined) => void>();
  private nextId = 0;

  constructor(
    readonly label: string,
    bundle: string,
    args: string[],
  ) {
    this.child = spawn(process.execPath, [bundle, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buffered = '';
    let onReady!: (ok: boolean) => void;
    this.started = new Promise((resolve) => (onReady = resolve));
    this.child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('ready ')) {
          this.ready = true;
          onReady(true);
          continue;
        }
        const id = line.split(' ')[1]!;
        this.waiting.get(id)?.(line);
        this.waiting.delete(id);
      }
    });
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.child.stdin.on('error', () => undefined); // writing to a child that was just killed
    this.exited = new Promise((resolve) =>
      this.child.once('close', () => {
        this.dead = true;
        this.ready = false;
        onReady(false);
        for (const w of this.waiting.values()) w(undefined);
        this.waiting.clear();
        resolve();
      }),
    );
  }

  /** Sends `command args…` and resolves with the answer line, or undefined if the process died. */
  request(command: string, ...args: (string | number)[]): Promise<string | undefined> {
    if (this.dead) return Promise.resolve(undefined);
    const id = `${this.label}.${++this.nextId}`;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(`${[command, id, ...args].join(' ')}\n`);
    });
  }

  kill(): void {
    if (!this.dead) this.child.kill('SIGKILL');
  }

  /** Ends stdin: the child finishes what it is doing, closes the store and exits. */
  async stop(): Promise<void> {
    this.child.stdin.end();
    await this.exited;
  }

  /** The error lines the child logged (JSON objects, one a line). */
  errors(): { label: string; msg: string; err: string }[] {
    return this.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { label: string; msg: string; err: string });
  }
}
