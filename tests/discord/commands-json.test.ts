// The pure parts between the core's command definitions and Discord: the slash-command JSON, and the
// text line rebuilt from an interaction's options.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandText } from '../../src/adapters/discord/command-text.ts';
import { buildCommandsJson } from '../../src/adapters/discord/commands-json.ts';
import { parseArgs } from '../../src/core/commands/args.ts';
import type { CommandDefinition } from '../../src/core/commands/command.ts';
import { makeCore } from '../support/core.ts';

const def = (d: Partial<CommandDefinition> & { name: string }): CommandDefinition => ({ description: 'd', usage: '', examples: [], run: async () => [], ...d });

describe('buildCommandsJson', () => {
  it('builds every registry command as a chat-input command', () => {
    const json = buildCommandsJson(makeCore().registry.list());
    expect(json.map((c) => c.name)).toEqual(['who', 'quiz', 'facts', 'help']);
    expect(json[0]).toEqual({
      type: 1,
      name: 'who',
      description: 'Ask who is responsible for something (AWS, you, or shared)',
      options: [{ type: 3, name: 'question', description: 'What do you want to know? e.g. "who patches RDS?"', required: true, autocomplete: true }],
    });
    expect(json.find((c) => c.name === 'help')).toEqual({ type: 1, name: 'help', description: 'Show what I can do, or how one command works', options: [{ type: 3, name: 'command', description: 'A command to explain, e.g. quiz' }] });
    // /quiz: one subcommand (type 1) per core subcommand, with typed options.
    const quiz = json[1]!;
    expect((quiz.options ?? []).map((o) => o.name)).toEqual(['start', 'stop', 'practice', 'exam', 'leaderboard', 'rank', 'stats', 'forget-me', 'schedule', 'reports', 'resolve', 'dismiss', 'disable', 'enable', 'report-alerts', 'admin-role', 'threads', 'weekly-board', 'report']);
    expect((quiz.options ?? []).every((o) => o.type === 1)).toBe(true);
  });

  it('maps option types, choices and bounds, and puts required options first', () => {
    const [json] = buildCommandsJson([
      def({
        name: 'quiz',
        options: [
          { name: 'topic', description: 't', type: 'string', autocomplete: true, max: 50, min: 2 },
          { name: 'rounds', description: 'r', type: 'integer', required: true, min: 1, max: 20 },
          { name: 'level', description: 'l', type: 'string', choices: ['easy', 'hard'], autocomplete: true },
          { name: 'size', description: 's', type: 'integer', choices: ['3', '5', 'many'] },
          { name: 'public', description: 'p', type: 'boolean', autocomplete: true },
        ],
      }),
    ]);
    expect(json!.options).toEqual([
      { type: 4, name: 'rounds', description: 'r', required: true, min_value: 1, max_value: 20 },
      { type: 3, name: 'topic', description: 't', autocomplete: true, min_length: 2, max_length: 50 },
      // Discord allows choices or autocomplete, never both.
      { type: 3, name: 'level', description: 'l', choices: [{ name: 'easy', value: 'easy' }, { name: 'hard', value: 'hard' }] },
      { type: 4, name: 'size', description: 's', choices: [{ name: '3', value: 3 }, { name: '5', value: 5 }] },
      { type: 5, name: 'public', description: 'p' },
    ]);
  });

  it('builds subcommands', () => {
    const [json] = buildCommandsJson([
      def({
        name: 'quiz',
        subcommands: [
          { name: 'start', description: 'Start a round', options: [{ name: 'rounds', description: 'r', type: 'integer' }] },
          { name: 'stop', description: 'Stop it', options: [] },
        ],
      }),
    ]);
    expect(json!.options).toEqual([
      { type: 1, name: 'start', description: 'Start a round', options: [{ type: 4, name: 'rounds', description: 'r' }] },
      { type: 1, name: 'stop', description: 'Stop it' },
    ]);
  });

  it('clips descriptions to 100 characters and never leaves them empty', () => {
    const [json] = buildCommandsJson([def({ name: 'long', description: 'word '.repeat(40), options: [{ name: 'o', description: '', type: 'string' }] })]);
    expect(json!.description.length).toBeLessThanOrEqual(100);
    expect(json!.options![0]!.description).toBe('…');
  });

  it('rejects a name Discord would reject, naming where it is', () => {
    expect(() => buildCommandsJson([def({ name: 'Who' })])).toThrow(/\/Who/);
    expect(() => buildCommandsJson([def({ name: 'ok', options: [{ name: 'has space', description: 'd', type: 'string' }] })])).toThrow(/\/ok has space/);
  });
});

describe('commandText', () => {
  const who = def({ name: 'who', options: [{ name: 'question', description: 'q', type: 'string', required: true }] });
  const two = def({ name: 'two', options: [{ name: 'a', description: 'a', type: 'string' }, { name: 'b', description: 'b', type: 'integer' }] });
  const quiz = def({
    name: 'quiz',
    subcommands: [{ name: 'start', description: 's', options: [{ name: 'topic', description: 't', type: 'string' }, { name: 'rounds', description: 'r', type: 'integer' }, { name: 'public', description: 'p', type: 'boolean' }] }],
  });

  it('uses the option value as the text of a one-option command', () => {
    expect(commandText(who, [{ name: 'question', type: 3, value: 'who patches the hypervisor?' }])).toBe('who patches the hypervisor?');
  });

  it('joins several values in declared order and skips missing ones', () => {
    expect(commandText(two, [{ name: 'b', type: 4, value: 5 }, { name: 'a', type: 3, value: 'x y' }])).toBe('x y 5');
    expect(commandText(two, [{ name: 'b', type: 4, value: 5 }])).toBe('5');
    expect(commandText(two, [])).toBe('');
  });

  it('writes subcommands as name:value pairs, quoting values with spaces or quotes', () => {
    const data = [
      {
        name: 'start',
        type: 1,
        options: [
          { name: 'public', type: 5, value: false },
          { name: 'topic', type: 3, value: 'guest os' },
          { name: 'rounds', type: 4, value: 3 },
        ],
      },
    ];
    expect(commandText(quiz, data)).toBe('start topic:"guest os" rounds:3 public:false');
    expect(commandText(quiz, [{ name: 'start', type: 1, options: [{ name: 'topic', type: 3, value: 'say "hi"' }] }])).toBe(`start topic:'say "hi"'`);
    expect(commandText(quiz, [{ name: 'start', type: 1, options: [{ name: 'topic', type: 3, value: 'iam' }] }])).toBe('start topic:iam');
    expect(commandText(quiz, [{ name: 'start', type: 1 }])).toBe('start');
    // Every closing quote at once: split into stretches, each quoted with a closer it does not contain.
    const every = commandText(quiz, [{ name: 'start', type: 1, options: [{ name: 'topic', type: 3, value: `a"b'c”d’e` }] }]);
    expect(every).toBe(`start topic:‘a"b'c”d’"’e"`);
    expect(parseArgs(every, ['topic']).named.topic).toBe(`a"b'c”d’e`);
  });

  it("round-trips any option value through the core's argument parser", () => {
    // Discord string options are single-line; the parser's key:value match is too.
    const value = fc.string({ maxLength: 40, unit: fc.constantFrom('a', 'b', ' ', '\t', '"', "'", '“', '”', '‘', '’', ':', '=', '\\', 'é') });
    fc.assert(
      fc.property(value, value, fc.integer({ min: 1, max: 20 }), (topic, note, rounds) => {
        const text = commandText(quiz, [
          {
            name: 'start',
            type: 1,
            options: [
              { name: 'topic', type: 3, value: topic },
              { name: 'rounds', type: 4, value: rounds },
              { name: 'public', type: 5, value: true },
            ],
          },
        ]);
        const { positional, named } = parseArgs(text, ['topic', 'rounds', 'public', 'note']);
        expect(positional).toEqual(['start']);
        expect(named).toEqual({ topic, rounds: String(rounds), public: 'true' });
        const report = parseArgs(commandText(quiz, [{ name: 'start', type: 1, options: [{ name: 'note', type: 3, value: note }] }]), ['note']);
        expect(report.named.note).toBe(note);
      }),
      { numRuns: 500 },
    );
  });

  it('still builds text for a command the registry does not know', () => {
    expect(commandText(undefined, [{ name: 'x', type: 3, value: 'hello' }])).toBe('hello');
  });
});
