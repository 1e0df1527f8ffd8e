/**
 * Typed errors shared by every layer.
 *
 * `InputError` is a problem with what the user gave us (a field, a flag, a file): the CLI prints its
 * one-line message and exits 2. Anything else that escapes is a runtime failure (exit 1).
 */

/** Render a bad value compactly for an error message (strings quoted, long values cut). */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'nothing (missing)';
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  /** Dotted path of the offending field or flag, e.g. `cluster.planes` or `--radix`. */
  readonly field: string;
  readonly value: unknown;
  /** What would have been accepted, phrased to follow "expected". */
  readonly allowed: string;
  /** `file:line:col` (or just `file`) when the value came from a file. */
  readonly location: string | undefined;

  constructor(field: string, value: unknown, allowed: string, location?: string) {
    const where = location ? `${location} ` : '';
    super(`${where}${field}: expected ${allowed}, got ${describeValue(value)}`);
    this.field = field;
    this.value = value;
    this.allowed = allowed;
    this.location = location;
  }
}

/** Input that is malformed as a whole (not JSON, truncated binary, ...), where no single field is at fault. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  readonly location: string | undefined;
  constructor(message: string, location?: string) {
    super(location ? `${location}: ${message}` : message);
    this.location = location;
  }
}

export function isUserError(err: unknown): err is InputError | FormatError {
  return err instanceof InputError || err instanceof FormatError;
}

/** The InputError `fn` throws (any other error is rethrown; no error is itself an error) — for tests and callers probing input. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}
