import { SCHEMA_VERSION, VERSION } from '../version.js';

/** Every `--json` document: fixed header fields first, then the command's own fields. */
export interface Envelope {
  schemaVersion: number;
  tool: 'coplane';
  version: string;
  command: string;
  seed: number;
  warnings: string[];
  [field: string]: unknown;
}

export function envelope(command: string, seed: number, warnings: readonly string[], fields: Record<string, unknown>): Envelope {
  return { schemaVersion: SCHEMA_VERSION, tool: 'coplane', version: VERSION, command, seed, warnings: [...warnings], ...fields };
}

/** Deterministic JSON text: same inputs, byte-identical output. Non-finite numbers become null. */
export function toJsonText(doc: unknown): string {
  return `${JSON.stringify(doc, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
