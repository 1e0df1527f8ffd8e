/** The schema of `data/paper/*.json` and of the rows `coplane paper` prints. */

export type PaperValue = number | { min: number; max: number } | { claim: string };

/**
 * How close `ours` must be to count as reproduced:
 * - `exact`: equal, or equal after rounding to `decimals` places when the paper prints a rounded value;
 * - `relPct`: |ours − paper| / |paper| ≤ pct %;
 * - `range`: for `{min,max}` values, inside the range widened by `pct` % (default 0).
 */
export type Tolerance = { kind: 'exact'; decimals?: number } | { kind: 'relPct'; pct: number } | { kind: 'range'; pct?: number };

export interface PaperEntry {
  id: string;
  /** Where the number is printed, e.g. "paper Table 1". */
  source: string;
  quantity: string;
  unit: string;
  paper: PaperValue;
  tolerance: Tolerance;
  /** Set when the printed value is an arithmetic slip of the paper's own: what the right value is and why. */
  slip?: string;
}

export type PaperStatus =
  | 'exact'
  | 'within'
  | 'outside'
  | 'paper-slip'
  | 'fitted'
  | 'claim-holds'
  | 'claim-fails'
  | 'not-reproduced';

export interface PaperRow {
  id: string;
  source: string;
  quantity: string;
  unit: string;
  paper: PaperValue;
  ours: number | null;
  deltaPct: number | null;
  tolerance: Tolerance;
  status: PaperStatus;
  note: string;
}
