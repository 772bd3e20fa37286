// Parses one YAML file and validates it against a schema, turning every problem into a
// `file:line: reason` message a pack author can act on without reading a stack trace.
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export interface KnowledgeProblem {
  file: string;
  line: number;
  reason: string;
}

export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}:${p.line}: ${p.reason}`;
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
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data, source };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        return {
          file: displayName,
          line: source.lineOfKey(path, key),
          reason: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${at(path)}`,
        };
      }
      return { file: displayName, line: source.lineOf(path), reason: `${describe(path)}${issueReason(issue)}` };
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
