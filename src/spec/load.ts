/**
 * Loading YAML and JSON input files: parse, validate against a zod schema, and report the first
 * problem as one `InputError` carrying `file:line:col`, the field path, the bad value and what is allowed.
 * Files arrive as text: reading them is the caller's job (the CLI or the browser), so this runs anywhere.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { FormatError, InputError } from '../core/index.js';
import { jsonErrorOffset } from './jsonPosition.js';

/** Hard limits so that a hostile file cannot make us hang or eat memory. */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;

export interface ParsedSpec {
  value: unknown;
  /** Maps a field path to `file:line:col` (or the file name alone when the path is not in the file). */
  locate(path: readonly PropertyKey[]): string;
}

function isJsonName(fileName: string, text: string): boolean {
  return /\.json$/i.test(fileName) || /^\s*[[{]/.test(text);
}

function lineColOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

/** Parse YAML or JSON text. Throws FormatError (with a location) when the text is not parseable. */
export function parseSpecText(text: string, fileName: string): ParsedSpec {
  if (text.length > MAX_SPEC_BYTES)
    throw new FormatError(`file is ${text.length} bytes; input files are limited to ${MAX_SPEC_BYTES} bytes`, fileName);
  if (text.includes('\u0000')) throw new FormatError('not a text file (contains NUL bytes)', fileName);
  const json = isJsonName(fileName, text);
  if (json) {
    const bad = jsonErrorOffset(text);
    if (bad >= 0) {
      let reason = 'syntax error';
      try {
        JSON.parse(text);
      } catch (e) {
        reason = (e instanceof Error ? e.message : String(e)).split('\n')[0].replace(/ in JSON at position \d+.*$/, '').replace(/, ".*$/, '');
      }
      const { line, col } = lineColOf(text, bad);
      throw new FormatError(`not valid JSON (${reason})`, `${fileName}:${line}:${col}`);
    }
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    throw new FormatError(`not valid YAML (${e instanceof Error ? e.message : String(e)})`, fileName);
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const { line, col } = lineCounter.linePos(err.pos[0]);
    throw new FormatError(`not valid ${json ? 'JSON' : 'YAML'}: ${err.message.split('\n')[0]}`, `${fileName}:${line}:${col}`);
  }
  let value: unknown;
  try {
    value = json ? JSON.parse(text) : doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new FormatError(`not valid YAML (${e instanceof Error ? e.message : String(e)})`, fileName);
  }
  return {
    value,
    locate(path) {
      let node: unknown = doc.contents;
      for (const key of path) {
        if (isMap(node)) node = node.get(String(key), true);
        else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
        else break;
        if (node === undefined) break;
      }
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (!range) return fileName;
      const { line, col } = lineCounter.linePos(range[0]);
      return `${fileName}:${line}:${col}`;
    },
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${String(k)}` : String(k);
  }
  return out || '(root)';
}

/** Turn a zod issue into the "expected …" phrase of an InputError. */
function expectedPhrase(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : `a value of type ${issue.expected}`;
    case 'too_small': {
      const bound = String(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'string') return `at least ${bound} ${issue.origin === 'array' ? 'items' : 'characters'}`;
      return issue.inclusive ? `a number ≥ ${bound}` : `a number > ${bound}`;
    }
    case 'too_big': {
      const bound = String(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'string') return `at most ${bound} ${issue.origin === 'array' ? 'items' : 'characters'}`;
      return issue.inclusive ? `a number ≤ ${bound}` : `a number < ${bound}`;
    }
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `no unknown keys (unknown: ${issue.keys.join(', ')})`;
    case 'invalid_union':
      return issue.message && !/^Invalid input/.test(issue.message) ? issue.message : 'one of the allowed forms';
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/** Validate an already-parsed value; the first issue becomes an InputError with its location. */
export function validateSpec<S extends z.ZodType>(schema: S, parsed: ParsedSpec, fieldPrefix = ''): z.infer<S> {
  const result = schema.safeParse(parsed.value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path as PropertyKey[];
  const where = parsed.locate(path);
  const field = fieldPrefix ? `${fieldPrefix}${path.length ? '.' : ''}${path.length ? formatPath(path) : ''}` : formatPath(path);
  const value = issue.code === 'unrecognized_keys' ? issue.keys[0] : valueAt(parsed.value, path);
  throw new InputError(field, value, expectedPhrase(issue), where);
}

/** Parse and validate a YAML/JSON file's text in one step. */
export function loadSpec<S extends z.ZodType>(schema: S, text: string, fileName: string): z.infer<S> {
  return validateSpec(schema, parseSpecText(text, fileName));
}
