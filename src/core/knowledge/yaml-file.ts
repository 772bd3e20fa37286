// Parses one YAML file and validates it against a schema, turning every problem into a
// `file:line: reason` message a pack author can act on without reading a stack trace.
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export interface KnowledgeProblem {
  file: string;
  /** Left out when there is no line to point at (a file or folder that does not exist). */
  line?: number;
  reason: string;
}

export function formatProblem(p: KnowledgeProblem): string {
  return p.line === undefined ? `${p.file}: ${p.reason}` : `${p.file}:${p.line}: ${p.reason}`;
}

/** Larger files are refused before parsing: a pack file is prose, not a data dump. */
export const MAX_FILE_BYTES = 2_000_000;

/** A parsed file that remembers where each value came from, for later cross-reference errors. */
export class YamlFile {
  constructor(
    readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** The 1-based line of the value at `path`, or of its nearest existing parent. */
  lineOf(path: ReadonlyArray<string | number>): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) {
        return this.lines.linePos(node.range[0]).line;
      }
    }
    return 1;
  }

  /** The line of a key inside the map at `path` (for "unknown field" reports). */
  lineOfKey(path: ReadonlyArray<string | number>, key: string): number {
    const map = this.doc.getIn(path, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
          return this.lines.linePos(pair.key.range[0]).line;
        }
      }
    }
    return this.lineOf(path);
  }

  toJS(): unknown {
    return this.doc.toJS();
  }
}

export type ParseResult<T> =
  | { ok: true; value: T; source: YamlFile }
  | { ok: false; problems: KnowledgeProblem[] };

/** Reads, parses and schema-checks one file. Never throws for bad content. */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S, displayName = file): ParseResult<z.infer<S>> {
  let raw: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      return fail(displayName, 1, `file is ${size} bytes; the limit for a knowledge file is ${MAX_FILE_BYTES}`);
    }
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    return fail(displayName, 1, `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseYamlText(raw, schema, displayName);
}

export function parseYamlText<S extends z.ZodType>(raw: string, schema: S, displayName: string): ParseResult<z.infer<S>> {
  const lines = new LineCounter();
  // uniqueKeys: a duplicated key is an error, not a silent overwrite.
  const doc = parseDocument(raw, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file: displayName,
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        reason: yamlReason(e.code, e.message),
      })),
    };
  }
  const source = new YamlFile(displayName, doc, lines);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return fail(displayName, 1, `cannot expand YAML: ${(err as Error).message}`);
  }
  if (data === null || data === undefined) return fail(displayName, 1, 'file is empty');
  const result = checkSchema(data, schema, source);
  return result.ok ? { ok: true, value: result.value, source } : result;
}

/** One item of a list checked on its own: its value when it passes, and its raw data either way. */
export interface ListItem<T> {
  index: number;
  value?: T;
  raw: unknown;
}

export type ListResult<T, R> =
  | { ok: true; rest: R; items: ListItem<T>[]; problems: KnowledgeProblem[]; source: YamlFile }
  | { ok: false; problems: KnowledgeProblem[] };

/**
 * Reads a file holding a list under `key` (topics:, questions:, services:) and checks each item on its
 * own, so one bad item neither hides the others' problems nor takes its id out of the pack (a question
 * linking to a topic with a typo in one field is not also reported as linking to nothing).
 */
export function readYamlList<S extends z.ZodType, R extends z.ZodType>(file: string, key: string, itemSchema: S, shell: R, displayName = file): ListResult<z.infer<S>, z.infer<R>> {
  const parsed = readYamlFile(file, shell, displayName);
  if (!parsed.ok) return parsed;
  const list = ((parsed.value as Record<string, unknown>)[key] as unknown[] | undefined) ?? [];
  const problems: KnowledgeProblem[] = [];
  const items = list.map((raw, index): ListItem<z.infer<S>> => {
    const result = checkSchema(raw, itemSchema, parsed.source, [key, index]);
    if (result.ok) return { index, value: result.value, raw };
    problems.push(...result.problems);
    return { index, raw };
  });
  return { ok: true, rest: parsed.value, items, problems, source: parsed.source };
}

function checkSchema<S extends z.ZodType>(data: unknown, schema: S, source: YamlFile, prefix: (string | number)[] = []): { ok: true; value: z.infer<S> } | { ok: false; problems: KnowledgeProblem[] } {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const file = source.file;
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        return {
          file,
          line: source.lineOfKey(path, key),
          reason: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${at(path)}`,
        };
      }
      return { file, line: source.lineOf(path), reason: `${describe(path)}${issueReason(issue)}` };
    }),
  };
}

function fail(file: string, line: number, reason: string): { ok: false; problems: KnowledgeProblem[] } {
  return { ok: false, problems: [{ file, line, reason }] };
}

function yamlReason(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  if (code === 'DUPLICATE_KEY') return `duplicated key: ${first.replace(/^Map keys must be unique.*$/, 'a key appears twice in the same map')}`;
  return `invalid YAML: ${first}`;
}

function describe(path: ReadonlyArray<string | number>): string {
  return path.length ? `${pathText(path)}: ` : '';
}

function at(path: ReadonlyArray<string | number>): string {
  return path.length ? ` in ${pathText(path)}` : '';
}

function pathText(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function issueReason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const expected = issue.expected;
    // zod reports a missing required field as "expected X, received undefined".
    if (/received undefined/.test(issue.message)) return `missing required field (expected ${expected})`;
    return `expected ${expected}`;
  }
  return issue.message;
}
