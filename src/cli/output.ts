import { envelope, toJsonText } from '../report/index.js';
import type { CliIo } from './context.js';

export interface CommandResult {
  /** Command name as in the JSON `command` field, e.g. `model` or `sim ep`. */
  command: string;
  seed?: number;
  warnings?: string[];
  /** The command's JSON fields (camelCase, base units). */
  fields: Record<string, unknown>;
  /** The human-readable rendering. */
  text: string;
}

/** Print a result: one JSON document with --json, else the text followed by its warnings. */
export function emit(io: CliIo, json: boolean | undefined, r: CommandResult): void {
  const warnings = r.warnings ?? [];
  if (json) {
    io.stdout(toJsonText(envelope(r.command, r.seed ?? 1, warnings, r.fields)));
    return;
  }
  let out = r.text.endsWith('\n') ? r.text : `${r.text}\n`;
  if (warnings.length) out += `\nWarnings:\n${warnings.map((w) => `  ! ${w}`).join('\n')}\n`;
  io.stdout(out);
}
